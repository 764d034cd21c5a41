/**
 * Scorecard: the scoring file as tables a town official can edit — per scoring its sections and
 * items (points, what each reads, thresholds, caps, deductions), grade bands, rates, vetoes and
 * letters. Every edit writes the json-logic the engine runs, in the shapes the file uses
 * (./model.ts); formulas beyond the table stay editable as text with their readable rendering.
 */
import { memo, useCallback, useId, useMemo, useRef, useState } from 'react'
import { Badge, Button, Checkbox, Collapse, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, edit, ptr, useProblemsAt, useT, type VisualEditorProps, labelColumns } from '../kit'
import { Ctx, keyed, useScoring, type Obj, type ScoringCtx } from './ctx'
import { ItemRule, MaxCell, NameInput, NumberAt, PatternPick } from './cells'
import { GradesTable, LettersTable, VariablesTable, VetoesTable } from './lists'
import { MESSAGES } from './messages'
import { catalogue, deepEqual, defaultPattern, freshId, tidy, writePattern, type Formula } from './model'

interface ScoringFile {
  scorings?: Obj[]
  [k: string]: unknown
}

export default function ScorecardEditor({ doc, onChange, i18n, openJson }: VisualEditorProps<ScoringFile>) {
  const lang = i18n.lang
  const t = useT(MESSAGES, lang)
  const scorings = Array.isArray(doc.scorings) ? doc.scorings : []
  const [active, setActive] = useState(0)
  // Items the user chose to edit as a formula though the table could show them (by pointer).
  const [forcedFree, setForcedFree] = useState<ReadonlySet<string>>(new Set())
  const si = Math.min(active, Math.max(0, scorings.length - 1))
  const sc = scorings[si]
  // The latest file and host callback, so `write` (and the context) stay the same object across edits.
  const latest = useRef({ doc, onChange })
  latest.current = { doc, onChange }
  const catKey = JSON.stringify([sc?.inputs, sc?.variables])
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cat = useMemo(() => catalogue(sc ?? {}, lang), [catKey, lang])
  const ctx = useMemo<ScoringCtx>(
    () => ({
      t,
      lang,
      base: ptr('scorings', si),
      cat,
      write: (fn, label, coalesceKey) => {
        const { doc: d0, onChange: write } = latest.current
        write(
          edit(d0, (d) => fn(d.scorings![si]!)),
          label,
          coalesceKey ? { coalesceKey } : undefined,
        )
      },
    }),
    [t, lang, si, cat],
  )
  const setFree = useCallback(
    (p: string, v: boolean) =>
      setForcedFree((s) => {
        if (s.has(p) === v) return s
        const n = new Set(s)
        if (v) n.add(p)
        else n.delete(p)
        return n
      }),
    [],
  )
  if (!sc) return <Typography.Text type="secondary">—</Typography.Text>
  return (
    <div data-testid="scorecard" style={{ fontSize: 13 }}>
      {scorings.length > 1 && (
        <Tabs
          size="small"
          activeKey={String(si)}
          onChange={(k) => setActive(Number(k))}
          items={scorings.map((s, i) => ({
            key: String(i),
            label: <TabLabel name={String((lang === 'en' && s.nameEn) || s.name || s.id)} pointer={ptr('scorings', i)} testId={`scoring-tab-${s.id}`} />,
          }))}
        />
      )}
      <Ctx.Provider value={ctx}>
        <ScoringView key={si} sc={sc} openInputs={() => openJson(ptr('scorings', si, 'inputs'), t('inputsNote'))} forcedFree={forcedFree} setFree={setFree} />
      </Ctx.Provider>
    </div>
  )
}

/** A scoring's tab, with a badge counting the problems inside it (they show on its controls once it is open). */
function TabLabel({ name, pointer, testId }: { name: string; pointer: string; testId: string }) {
  const { problems } = useProblemsAt(pointer, true)
  return (
    <span data-testid={testId}>
      {name} {problems.length > 0 && <Badge count={problems.length} size="small" />}
    </span>
  )
}

function ScoringView({
  sc,
  openInputs,
  forcedFree,
  setFree,
}: {
  sc: Obj
  openInputs(): void
  forcedFree: ReadonlySet<string>
  setFree(p: string, v: boolean): void
}) {
  const { t, base, write } = useScoring()
  const ids = useId()
  const sections: Obj[] = Array.isArray(sc.sections) ? sc.sections : []
  const sum = tidy(sections.reduce((a, s) => a + (typeof s.max === 'number' ? s.max : 0), 0))
  const rounding: Obj = sc.rounding ?? {}
  const addSection = () =>
    write((s) => {
      s.sections.push({
        id: freshId(
          'section',
          s.sections.map((x: Obj) => x.id),
        ),
        name: t('newSection'),
        max: 0,
        items: [],
      })
    }, t('u_addSection'))
  const panels = [
    {
      key: 'sections',
      label: t('panelSections'),
      children: (
        <div data-testid="sections">
          {sections.map((sec, i) => (
            <SectionBlock key={i} sec={sec} si={i} forcedFree={forcedFree} setFree={setFree} />
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={addSection} data-testid="section-add">
            {t('addSection')}
          </Button>
        </div>
      ),
    },
    { key: 'grades', label: t('panelGrades'), children: <GradesTable sc={sc} /> },
    { key: 'variables', label: t('panelVariables'), children: <VariablesTable sc={sc} /> },
    { key: 'vetoes', label: t('panelVetoes'), children: <VetoesTable sc={sc} /> },
    ...(Array.isArray(sc.letters) ? [{ key: 'letters', label: t('panelLetters'), children: <LettersTable sc={sc} /> }] : []),
  ]
  return (
    <At pointer={base}>
      <Space wrap size={6} style={{ marginBottom: 8 }}>
        <span id={`${ids}-total`}>{t('total')}</span>
        <NumberAt
          labelledBy={`${ids}-total`}
          testId="scoring-max"
          value={typeof sc.max === 'number' ? sc.max : null}
          pointer={`${base}/max`}
          min={0}
          onChange={(v) =>
            v !== null &&
            write(
              (s) => {
                s.max = v
              },
              t('u_total'),
              `${base}/max`,
            )
          }
        />
        <Typography.Text type={sum === sc.max ? 'secondary' : 'danger'} style={{ fontSize: 12 }} data-testid="sections-sum">
          {t('sectionsSum', { n: sum })}
        </Typography.Text>
        <span style={{ marginInlineStart: 8 }} id={`${ids}-rounding`}>
          {t('rounding')}
        </span>
        <NumberAt
          labelledBy={`${ids}-rounding ${ids}-decimals`}
          testId="rounding-decimals"
          value={typeof rounding.decimals === 'number' ? rounding.decimals : null}
          pointer={`${base}/rounding/decimals`}
          min={0}
          width={52}
          onChange={(v) =>
            v !== null &&
            write(
              (s) => {
                s.rounding.decimals = v
              },
              t('u_rounding'),
              `${base}/rounding/decimals`,
            )
          }
        />
        <span id={`${ids}-decimals`}>{t('decimals')}</span>
        <At pointer={`${base}/rounding/mode`} inline>
          <Select
            size="small"
            aria-labelledby={`${ids}-rounding`}
            data-testid="rounding-mode"
            value={rounding.mode}
            style={{ width: 128 }}
            onChange={(v) =>
              write((s) => {
                s.rounding.mode = v
              }, t('u_rounding'))
            }
            options={(['halfUp', 'halfEven', 'floor'] as const).map((m) => ({ value: m, label: t(m) }))}
          />
        </At>
        <Button size="small" type="link" onClick={openInputs} data-testid="edit-inputs">
          {t('editInputs')}
        </Button>
      </Space>
      <Collapse size="small" defaultActiveKey={['sections', 'grades']} items={panels} />
    </At>
  )
}

interface SectionProps {
  sec: Obj
  si: number
  forcedFree: ReadonlySet<string>
  setFree(p: string, v: boolean): void
}

/** One section: its name, full marks and deduction base, and its items as a table. Renders again only when it changed. */
const SectionBlock = memo(
  function SectionBlock({ sec, si, forcedFree, setFree }: SectionProps) {
    const { t, base, write, cat } = useScoring()
    const ids = useId()
    const sp = `${base}/sections/${si}`
    const items: Obj[] = Array.isArray(sec.items) ? sec.items : []
    const deduction = typeof sec.base === 'number'
    const itemsSum = tidy(items.reduce((a, it) => a + (typeof it.max === 'number' ? it.max : 0), 0))
    const setSec = (fn: (s: Obj) => void, label: string, key?: string) => write((s) => fn(s.sections[si]), label, key)
    const setItem = (ii: number, next: Obj, label: string, key?: string) =>
      setSec(
        (s) => {
          s.items[ii] = next
        },
        label,
        key,
      )
    const setFormula = (ii: number, f: Formula, label: 'u_rule' | 'u_pattern' | 'u_formula') =>
      setSec(
        (s) => {
          s.items[ii].formula = f
        },
        t(label),
        label === 'u_pattern' ? undefined : `${sp}/items/${ii}/formula`,
      )
    const addItem = () =>
      write((s) => {
        const taken = s.sections.flatMap((x: Obj) => (Array.isArray(x.items) ? x.items.map((it: Obj) => it.id) : []))
        const item: Obj = { id: freshId('item', taken), name: t('newItem'), max: 1 }
        item.formula = cat.operands.some((o) => o.type === 'boolean') ? writePattern(defaultPattern('bool', item, cat)) : 0
        s.sections[si].items.push(item)
      }, t('u_addItem'))
    const toggleDeduction = (on: boolean) =>
      setSec((s) => {
        if (on) {
          s.base = s.max
          s.floor = 0
        } else {
          delete s.base
          delete s.floor
        }
      }, t('u_base'))
    return (
      <At pointer={sp}>
        <div data-testid={`section-${sec.id}`} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, marginBottom: 8 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginBottom: 4 }}>
            <NameInput
              label={t('section')}
              testId="section-name"
              value={sec.name ?? ''}
              pointer={`${sp}/name`}
              width={128}
              onChange={(v) =>
                setSec(
                  (s) => {
                    s.name = v
                  },
                  t('u_section'),
                  `${sp}/name`,
                )
              }
            />
            <span id={`${ids}-max`}>{t('sectionMax')}</span>
            <NumberAt
              labelledBy={`${ids}-max`}
              testId="section-max"
              value={typeof sec.max === 'number' ? sec.max : null}
              pointer={`${sp}/max`}
              min={0}
              width={60}
              onChange={(v) =>
                v !== null &&
                setSec(
                  (s) => {
                    s.max = v
                  },
                  t('u_section'),
                  `${sp}/max`,
                )
              }
            />
            <Checkbox data-testid="section-deduction" checked={deduction} onChange={(e) => toggleDeduction(e.target.checked)}>
              {t('deductionMode')}
            </Checkbox>
            {deduction && (
              <>
                <span id={`${ids}-base`}>{t('base')}</span>
                <NumberAt
                  labelledBy={`${ids}-base`}
                  testId="section-base"
                  value={sec.base}
                  pointer={`${sp}/base`}
                  width={56}
                  onChange={(v) =>
                    v !== null &&
                    setSec(
                      (s) => {
                        s.base = v
                      },
                      t('u_base'),
                      `${sp}/base`,
                    )
                  }
                />
                <span id={`${ids}-floor`}>{t('notBelow')}</span>
                <NumberAt
                  labelledBy={`${ids}-floor`}
                  testId="section-floor"
                  value={typeof sec.floor === 'number' ? sec.floor : null}
                  pointer={`${sp}/floor`}
                  width={56}
                  onChange={(v) =>
                    setSec(
                      (s) => {
                        if (v === null) delete s.floor
                        else s.floor = v
                      },
                      t('u_base'),
                      `${sp}/floor`,
                    )
                  }
                />
              </>
            )}
            <Popconfirm
              title={t('confirmRemove', { name: sec.name })}
              onConfirm={() =>
                write((s) => {
                  s.sections.splice(si, 1)
                }, t('u_removeSection'))
              }
            >
              <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="section-remove" title={t('removeSection')} />
            </Popconfirm>
          </div>
          {!deduction && itemsSum !== sec.max && (
            <div>
              <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="items-sum">
                {t('itemsSum', { sum: itemsSum })}
                {itemsSum > sec.max ? t('itemsOver', { max: sec.max }) : ''}
              </Typography.Text>
            </div>
          )}
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={keyed(items)}
            onRow={(r) => ({ 'data-testid': `item-${r.x.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={labelColumns<{ x: Obj; i: number }>([
              {
                title: t('item'),
                width: 124,
                render: (_, { x: it, i: ii }) => {
                  const p = `${sp}/items/${ii}`
                  return (
                    <>
                      <NameInput
                        testId="item-name"
                        value={it.name ?? ''}
                        title={`${t('id')}: ${it.id}`}
                        pointer={`${p}/name`}
                        onChange={(v) => setItem(ii, { ...it, name: v }, t('u_name'), `${p}/name`)}
                      />
                      <PatternPick
                        item={it}
                        forcedFree={forcedFree.has(p)}
                        setForcedFree={(v) => setFree(p, v)}
                        onFormula={(f, label) => setFormula(ii, f, label)}
                      />
                    </>
                  )
                },
              },
              {
                title: t('rule'),
                render: (_, { x: it, i: ii }) => {
                  const p = `${sp}/items/${ii}`
                  return (
                    <ItemRule
                      item={it}
                      pointer={p}
                      forcedFree={forcedFree.has(p)}
                      setForcedFree={(v) => setFree(p, v)}
                      onFormula={(f, label) => setFormula(ii, f, label)}
                    />
                  )
                },
              },
              {
                title: t('points'),
                width: 74,
                render: (_, { x: it, i: ii }) => (
                  <MaxCell item={it} section={sec} pointer={`${sp}/items/${ii}`} onItem={(next) => setItem(ii, next, t('u_max'), `${sp}/items/${ii}/max`)} />
                ),
              },
              {
                width: 32,
                render: (_, { x: it, i: ii }) => (
                  <Popconfirm
                    title={t('confirmRemove', { name: it.name })}
                    onConfirm={() =>
                      setSec((s) => {
                        s.items.splice(ii, 1)
                      }, t('u_removeItem'))
                    }
                  >
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="item-remove" title={t('removeItem')} />
                  </Popconfirm>
                ),
              },
            ])}
          />
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={addItem} style={{ marginTop: 4 }} data-testid="item-add">
            {t('addItem')}
          </Button>
        </div>
      </At>
    )
  },
  (a, b) => a.si === b.si && a.forcedFree === b.forcedFree && a.setFree === b.setFree && deepEqual(a.sec, b.sec),
)
