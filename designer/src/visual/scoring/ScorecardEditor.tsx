/**
 * Scorecard: the scoring file as tables a town official can edit — per scoring its sections and
 * items (points, what each reads, thresholds, caps, deductions), grade bands, rates, vetoes and
 * letters. Every edit writes the json-logic the engine runs, in the shapes the file uses
 * (./model.ts); formulas beyond the table stay editable as text with their readable rendering.
 */
import { useMemo, useState } from 'react'
import { Badge, Button, Checkbox, Collapse, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, edit, ptr, useProblemsAt, useT, type VisualEditorProps } from '../kit'
import { Ctx, useScoring, type Obj, type ScoringCtx } from './ctx'
import { ItemRule, MaxCell, NameInput, NumberAt } from './cells'
import { GradesTable, LettersTable, VariablesTable, VetoesTable } from './lists'
import { MESSAGES } from './messages'
import { catalogue, defaultPattern, freshId, tidy, writePattern, type Formula } from './model'

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
  const cat = useMemo(() => catalogue(sc ?? {}, lang), [sc?.inputs, sc?.variables, lang])
  const ctx = useMemo<ScoringCtx | null>(() => {
    if (!sc) return null
    return {
      t,
      lang,
      sc,
      base: ptr('scorings', si),
      cat,
      write: (fn, label, coalesceKey) => onChange(edit(doc, (d) => fn(d.scorings![si]!)), label, coalesceKey ? { coalesceKey } : undefined),
    }
  }, [t, lang, sc, si, cat, doc, onChange])
  if (!ctx) return <Typography.Text type="secondary">—</Typography.Text>
  return (
    <div data-testid="scorecard" style={{ fontSize: 13 }}>
      {scorings.length > 1 && (
        <Tabs
          size="small"
          activeKey={String(si)}
          onChange={(k) => setActive(Number(k))}
          items={scorings.map((s, i) => ({ key: String(i), label: <TabLabel name={String((lang === 'en' && s.nameEn) || s.name || s.id)} pointer={ptr('scorings', i)} testId={`scoring-tab-${s.id}`} /> }))}
        />
      )}
      <Ctx.Provider value={ctx}>
        <ScoringView
          key={si}
          openInputs={() => openJson(ptr('scorings', si, 'inputs'), t('inputsNote'))}
          isFree={(p) => forcedFree.has(p)}
          setFree={(p, v) => setForcedFree((s) => {
            if (s.has(p) === v) return s
            const n = new Set(s)
            if (v) n.add(p)
            else n.delete(p)
            return n
          })}
        />
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

function ScoringView({ openInputs, isFree, setFree }: { openInputs(): void; isFree(p: string): boolean; setFree(p: string, v: boolean): void }) {
  const { t, sc, base, write } = useScoring()
  const sections: Obj[] = Array.isArray(sc.sections) ? sc.sections : []
  const sum = tidy(sections.reduce((a, s) => a + (typeof s.max === 'number' ? s.max : 0), 0))
  const rounding: Obj = sc.rounding ?? {}
  const addSection = () =>
    write((s) => {
      s.sections.push({ id: freshId('section', s.sections.map((x: Obj) => x.id)), name: t('newSection'), max: 0, items: [] })
    }, t('u_addSection'))
  const panels = [
    {
      key: 'sections',
      label: t('panelSections'),
      children: (
        <div data-testid="sections">
          {sections.map((sec, i) => <SectionBlock key={i} sec={sec} si={i} isFree={isFree} setFree={setFree} />)}
          <Button size="small" icon={<PlusOutlined />} onClick={addSection} data-testid="section-add">{t('addSection')}</Button>
        </div>
      ),
    },
    { key: 'grades', label: t('panelGrades'), children: <GradesTable /> },
    { key: 'variables', label: t('panelVariables'), children: <VariablesTable /> },
    { key: 'vetoes', label: t('panelVetoes'), children: <VetoesTable /> },
    ...(Array.isArray(sc.letters) ? [{ key: 'letters', label: t('panelLetters'), children: <LettersTable /> }] : []),
  ]
  return (
    <At pointer={base}>
      <Space wrap size={6} style={{ marginBottom: 8 }}>
        <span>{t('total')}</span>
        <NumberAt testId="scoring-max" value={typeof sc.max === 'number' ? sc.max : null} pointer={`${base}/max`} min={0} onChange={(v) => v !== null && write((s) => { s.max = v }, t('u_total'), `${base}/max`)} />
        <Typography.Text type={sum === sc.max ? 'secondary' : 'danger'} style={{ fontSize: 12 }} data-testid="sections-sum">{t('sectionsSum', { n: sum })}</Typography.Text>
        <span style={{ marginInlineStart: 8 }}>{t('rounding')}</span>
        <NumberAt testId="rounding-decimals" value={typeof rounding.decimals === 'number' ? rounding.decimals : null} pointer={`${base}/rounding/decimals`} min={0} width={52} onChange={(v) => v !== null && write((s) => { s.rounding.decimals = v }, t('u_rounding'), `${base}/rounding/decimals`)} />
        <span>{t('decimals')}</span>
        <At pointer={`${base}/rounding/mode`} inline>
          <Select size="small" data-testid="rounding-mode" value={rounding.mode} style={{ width: 128 }} onChange={(v) => write((s) => { s.rounding.mode = v }, t('u_rounding'))} options={(['halfUp', 'halfEven', 'floor'] as const).map((m) => ({ value: m, label: t(m) }))} />
        </At>
        <Button size="small" type="link" onClick={openInputs} data-testid="edit-inputs">{t('editInputs')}</Button>
      </Space>
      <Collapse size="small" defaultActiveKey={['sections', 'grades']} items={panels} />
    </At>
  )
}

function SectionBlock({ sec, si, isFree, setFree }: { sec: Obj; si: number; isFree(p: string): boolean; setFree(p: string, v: boolean): void }) {
  const { t, sc, base, write, cat } = useScoring()
  const sp = `${base}/sections/${si}`
  const items: Obj[] = Array.isArray(sec.items) ? sec.items : []
  const deduction = typeof sec.base === 'number'
  const itemsSum = tidy(items.reduce((a, it) => a + (typeof it.max === 'number' ? it.max : 0), 0))
  const setSec = (fn: (s: Obj) => void, label: string, key?: string) => write((s) => fn(s.sections[si]), label, key)
  const setItem = (ii: number, next: Obj, label: string, key?: string) => setSec((s) => { s.items[ii] = next }, label, key)
  const setFormula = (ii: number, f: Formula, label: 'u_rule' | 'u_pattern' | 'u_formula') =>
    setSec((s) => { s.items[ii].formula = f }, t(label), label === 'u_pattern' ? undefined : `${sp}/items/${ii}/formula`)
  const addItem = () =>
    setSec((s) => {
      const taken = sc.sections.flatMap((x: Obj) => (Array.isArray(x.items) ? x.items.map((it: Obj) => it.id) : []))
      const item: Obj = { id: freshId('item', taken), name: t('newItem'), max: 1 }
      item.formula = cat.operands.some((o) => o.type === 'boolean') ? writePattern(defaultPattern('bool', item, cat)) : 0
      s.items.push(item)
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
        <Space wrap size={6} style={{ marginBottom: 4 }}>
          <NameInput testId="section-name" value={sec.name ?? ''} pointer={`${sp}/name`} width={150} onChange={(v) => setSec((s) => { s.name = v }, t('u_section'), `${sp}/name`)} />
          <span>{t('sectionMax')}</span>
          <NumberAt testId="section-max" value={typeof sec.max === 'number' ? sec.max : null} pointer={`${sp}/max`} min={0} width={64} onChange={(v) => v !== null && setSec((s) => { s.max = v }, t('u_section'), `${sp}/max`)} />
          <Checkbox data-testid="section-deduction" checked={deduction} onChange={(e) => toggleDeduction(e.target.checked)}>{t('deductionMode')}</Checkbox>
          {deduction && (
            <>
              <span>{t('base')}</span>
              <NumberAt testId="section-base" value={sec.base} pointer={`${sp}/base`} width={60} onChange={(v) => v !== null && setSec((s) => { s.base = v }, t('u_base'), `${sp}/base`)} />
              <span>{t('notBelow')}</span>
              <NumberAt testId="section-floor" value={typeof sec.floor === 'number' ? sec.floor : null} pointer={`${sp}/floor`} width={60} onChange={(v) => setSec((s) => { if (v === null) delete s.floor; else s.floor = v }, t('u_base'), `${sp}/floor`)} />
            </>
          )}
          <Popconfirm title={t('confirmRemove', { name: sec.name })} onConfirm={() => write((s) => { s.sections.splice(si, 1) }, t('u_removeSection'))}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="section-remove" title={t('removeSection')} />
          </Popconfirm>
        </Space>
        {!deduction && itemsSum !== sec.max && (
          <div><Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="items-sum">{t('itemsSum', { sum: itemsSum })}{itemsSum > sec.max ? t('itemsOver', { max: sec.max }) : ''}</Typography.Text></div>
        )}
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={items}
          onRow={(it) => ({ 'data-testid': `item-${it.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('item'),
              width: 140,
              render: (_, it, ii) => (
                <>
                  <NameInput testId="item-name" value={it.name ?? ''} pointer={`${sp}/items/${ii}/name`} onChange={(v) => setItem(ii, { ...it, name: v }, t('u_name'), `${sp}/items/${ii}/name`)} />
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>{t('id')}: {it.id}</Typography.Text>
                </>
              ),
            },
            {
              title: t('rule'),
              render: (_, it, ii) => {
                const p = `${sp}/items/${ii}`
                return <ItemRule item={it} pointer={p} forcedFree={isFree(p)} setForcedFree={(v) => setFree(p, v)} onFormula={(f, label) => setFormula(ii, f, label)} />
              },
            },
            {
              title: t('points'),
              width: 84,
              render: (_, it, ii) => <MaxCell item={it} section={sec} pointer={`${sp}/items/${ii}`} onItem={(next) => setItem(ii, next, t('u_max'), `${sp}/items/${ii}/max`)} />,
            },
            {
              width: 36,
              render: (_, it, ii) => (
                <Popconfirm title={t('confirmRemove', { name: it.name })} onConfirm={() => setSec((s) => { s.items.splice(ii, 1) }, t('u_removeItem'))}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="item-remove" title={t('removeItem')} />
                </Popconfirm>
              ),
            },
          ]}
        />
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={addItem} style={{ marginTop: 4 }} data-testid="item-add">{t('addItem')}</Button>
      </div>
    </At>
  )
}
