/**
 * A rule set as a decision table (GoRules JDM's layout): one row per rule in the order the rules
 * decide, one column per fact read, the result column; the rule's name, reason, id, priority and
 * derived facts in its expanded row. A rule the table cannot show is a read-only "复杂规则" row
 * that opens the JSON view at the part that makes it so.
 */
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react'
import { AutoComplete, Button, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { ColumnsType } from 'antd/es/table'
import type { RuleDefinition, RuleSetDefinition, RulesDefinition } from '../../../../engine/scheme/types'
import { ptr, useProblemsAt, At, LabelledItem, labelColumns } from '../kit'
import type { Lang } from '../../i18n'
import { setCell, type Cell, type Scalar } from './conditions'
import { factInfo, type FactInfo } from './facts'
import { CellEditor, ValuePicker } from './CellEditor'
import {
  decisionOrder,
  moveRule,
  newRule,
  OUTCOME_PARAM,
  priorityOf,
  ruleRows,
  tableFacts,
  updateRule,
  updateRuleSet,
  withKey,
  withOutcome,
  writeRow,
  type RowModel,
} from './model'
import type { T } from './messages'

export interface Choice {
  value: string
  label: string
}

export interface RuleTableProps {
  doc: RulesDefinition
  rsIndex: number
  /** The rules shown (all, or routing's rules other than the category grid's). */
  only?: (index: number) => boolean
  facts: Map<string, FactInfo>
  formName: string
  /** The result's choices (outcomes, groups, clocks), or null for a free value (escalation target). */
  results: Choice[] | null
  onChange(next: RulesDefinition, label: string, opts?: { coalesceKey?: string }): void
  openJson(pointer?: string, note?: string): void
  t: T
  lang: Lang
}

const FACT_W = 100

export function RuleTable({ doc, rsIndex, only, facts, formName, results, onChange, openJson, t, lang }: RuleTableProps) {
  const rs = doc.ruleSets[rsIndex]!
  const param = OUTCOME_PARAM[rs.produces]
  const fact = (id: string) => facts.get(id) ?? factInfo(id, undefined)
  const title = (id: string) => fact(id).title
  const rows = useMemo(() => ruleRows(rs, (id) => facts.get(id)?.title ?? id), [rs, facts])
  const shown = useMemo(() => decisionOrder(rs).filter((i) => !only || only(i)), [rs, only])
  const [added, setAdded] = useState<string[]>([])
  const columnsFacts = useMemo(() => {
    const used = tableFacts(
      rows.filter((r) => shown.includes(r.index)),
      shown,
    )
    return [...used, ...added.filter((f) => !used.includes(f))]
  }, [rows, shown, added])
  const first = rs.mode === 'first'
  const byIndex = new Map(rows.map((r) => [r.index, r]))
  const ruleName = (r: RuleDefinition) => r.name || r.id

  const editRule = (i: number, fn: (r: RuleDefinition) => RuleDefinition, label: string, coalesceKey?: string) =>
    onChange(updateRule(doc, rsIndex, i, fn), label, coalesceKey ? { coalesceKey } : undefined)

  const factColumns: ColumnsType<RowModel> = (columnsFacts.length ? columnsFacts : ['']).map((f, ci) => ({
    key: `fact:${f}`,
    width: FACT_W,
    title: f ? (
      <Tooltip title={`${title(f)}（${f}）`}>
        <span
          data-testid={`col-${rs.id}-${f}`}
          style={{
            display: '-webkit-box',
            WebkitLineClamp: 2,
            WebkitBoxOrient: 'vertical',
            overflow: 'hidden',
            fontSize: 12,
            lineHeight: 1.3,
            color: fact(f).unknown ? '#cf1322' : undefined,
          }}
        >
          {title(f)}
        </span>
      </Tooltip>
    ) : (
      t('conditions')
    ),
    onCell: (row: RowModel) => (row.kind === 'complex' ? { colSpan: ci === 0 ? Math.max(columnsFacts.length, 1) : 0 } : {}),
    render: (_: unknown, row: RowModel) => {
      const r = rs.rules[row.index]!
      const rulePtr = ptr('ruleSets', rsIndex, 'rules', row.index)
      if (row.kind === 'complex') {
        if (ci !== 0) return null
        const reason = lang === 'en' ? row.reason.en : row.reason.zh
        return (
          <At pointer={`${rulePtr}/conditions`}>
            <Space size={4} style={{ maxWidth: '100%' }} data-testid={`complex-${rs.id}-${r.id}`}>
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('complex')}
              </Tag>
              <Typography.Text
                type="secondary"
                ellipsis={{ tooltip: reason }}
                style={{ fontSize: 12, maxWidth: Math.max(columnsFacts.length, 1) * FACT_W - 190 }}
              >
                {reason}
              </Typography.Text>
              <Button
                size="small"
                type="link"
                onClick={() => openJson(`${rulePtr}/conditions${row.at}`, t('complexNote', { rule: ruleName(r), reason }))}
                data-testid={`open-json-${rs.id}-${r.id}`}
              >
                {t('openJson')}
              </Button>
            </Space>
          </At>
        )
      }
      if (!f) return null
      const cell: Cell = row.cells[f] ?? { op: 'any' }
      const at = row.order.indexOf(f)
      return (
        <CellEditor
          cell={cell}
          f={fact(f)}
          pointer={at >= 0 ? `${rulePtr}/conditions/${row.wrapper}/${at}` : null}
          onChange={(c) =>
            onChange(writeRow(doc, rsIndex, row.index, setCell(row, f, c)), t('hEditCell', { rule: ruleName(r), fact: title(f) }), {
              coalesceKey: `cell:${rs.id}:${r.id}:${f}`,
            })
          }
          t={t}
          lang={lang}
          testid={`cell-${rs.id}-${r.id}-${f}`}
        />
      )
    },
  }))

  const columns: ColumnsType<RowModel> = [
    {
      key: 'rule',
      title: t('rule'),
      width: 150,
      fixed: 'left',
      render: (_: unknown, row: RowModel) => {
        const r = rs.rules[row.index]!
        const pos = shown.indexOf(row.index)
        return (
          <RuleNameCell
            rs={rs}
            rsIndex={rsIndex}
            r={r}
            index={row.index}
            first={first}
            canUp={first && pos > 0}
            canDown={first && pos < shown.length - 1}
            t={t}
            onMove={(dir) => {
              const rules = moveRule(rs, shown, row.index, dir)
              if (rules)
                onChange(
                  updateRuleSet(doc, rsIndex, (x) => ({ ...x, rules })),
                  t('hMove', { rule: ruleName(r) }),
                )
            }}
          />
        )
      },
    },
    ...factColumns,
    {
      key: 'result',
      title: rs.produces === 'escalation' ? t('escalateTo') : t('result'),
      width: 132,
      fixed: 'right',
      render: (_: unknown, row: RowModel) => {
        const r = rs.rules[row.index]!
        return (
          <ResultPicker
            pointer={ptr('ruleSets', rsIndex, 'rules', row.index, 'event')}
            value={r.event?.params?.[param]}
            results={results}
            testid={`outcome-${rs.id}-${r.id}`}
            label={`${rs.produces === 'escalation' ? t('escalateTo') : t('result')} · ${ruleName(r)}`}
            onChange={(v) =>
              editRule(
                row.index,
                (x) => ({ ...x, event: withOutcome(x.event, rs.produces, v) }),
                t('hOutcome', { rule: ruleName(r) }),
                results ? undefined : `outcome:${rs.id}:${r.id}`,
              )
            }
          />
        )
      },
    },
  ]
  if (rs.rules.some((r) => r.set)) {
    // before the result, which stays fixed at the right
    columns.splice(columns.length - 1, 0, {
      key: 'set',
      title: t('derived'),
      width: 130,
      render: (_: unknown, row: RowModel) => {
        const set = rs.rules[row.index]!.set
        return set
          ? Object.entries(set).map(([k, v]) => (
              <Tag key={k} style={{ fontSize: 11 }}>
                {title(k)} = {valueText(fact(k), v, lang)}
              </Tag>
            ))
          : null
      },
    })
  }

  const unusedFacts = [...facts.values()].filter((f) => !columnsFacts.includes(f.id))
  return (
    <div>
      <Table<RowModel>
        size="small"
        bordered
        pagination={false}
        tableLayout="fixed"
        // the columns' own widths (max-content lets the fixed result column take the slack)
        scroll={{ x: 28 + columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 0), 0) }}
        rowKey={(row) => `${row.index}:${rs.rules[row.index]!.id}`}
        dataSource={shown.map((i) => byIndex.get(i)!)}
        columns={labelColumns(columns)}
        onRow={(row) =>
          ({
            'data-pointer': ptr('ruleSets', rsIndex, 'rules', row.index),
            'data-testid': `rule-row-${rs.id}-${rs.rules[row.index]!.id}`,
            'data-rule': rs.rules[row.index]!.id,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          expandedRowRender: (row) => <RuleDetails doc={doc} rsIndex={rsIndex} index={row.index} facts={facts} onChange={onChange} t={t} />,
          columnWidth: 28,
        }}
        data-testid={`rule-table-${rs.id}`}
      />
      <Space wrap size={8} style={{ marginTop: 8 }}>
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() =>
            onChange(
              updateRuleSet(doc, rsIndex, (x) => ({ ...x, rules: [...x.rules, newRule(x, results?.[0]?.value ?? '', t('newRule'))] })),
              t('hAddRule', { ruleSet: rs.name }),
            )
          }
          data-testid={`add-rule-${rs.id}`}
        >
          {t('addRule')}
        </Button>
        {unusedFacts.length > 0 && (
          <Select
            size="small"
            value={null}
            placeholder={t('addColumn')}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(f: string) => setAdded((a) => [...a, f])}
            options={unusedFacts.map((f) => ({ value: f.id, label: f.title }))}
            data-testid={`add-column-${rs.id}`}
            aria-label={t('addColumn')}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('factsForm', { form: formName })}
        </Typography.Text>
      </Space>
    </div>
  )
}

const valueText = (f: FactInfo, v: unknown, lang: Lang) =>
  f.options?.find((o) => o.value === v)?.label ?? (v === true ? (lang === 'en' ? 'Yes' : '是') : v === false ? (lang === 'en' ? 'No' : '否') : String(v))

function RuleNameCell({
  rs,
  rsIndex,
  r,
  index,
  first,
  canUp,
  canDown,
  onMove,
  t,
}: {
  rs: RuleSetDefinition
  rsIndex: number
  r: RuleDefinition
  index: number
  first: boolean
  canUp: boolean
  canDown: boolean
  onMove(dir: -1 | 1): void
  t: T
}) {
  const pr = useProblemsAt(ptr('ruleSets', rsIndex, 'rules', index), true)
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
      {first && (
        <span style={{ display: 'flex', flexDirection: 'column' }}>
          <Button
            size="small"
            type="text"
            icon={<ArrowUpOutlined />}
            disabled={!canUp}
            onClick={() => onMove(-1)}
            title={t('moveUp')}
            aria-label={t('moveUp')}
            data-testid={`move-up-${rs.id}-${r.id}`}
            style={{ height: 16, width: 20 }}
          />
          <Button
            size="small"
            type="text"
            icon={<ArrowDownOutlined />}
            disabled={!canDown}
            onClick={() => onMove(1)}
            title={t('moveDown')}
            aria-label={t('moveDown')}
            data-testid={`move-down-${rs.id}-${r.id}`}
            style={{ height: 16, width: 20 }}
          />
        </span>
      )}
      <span style={{ minWidth: 0, flex: 1, lineHeight: 1.25 }}>
        <Typography.Text
          type={pr.validateStatus ? 'danger' : undefined}
          title={pr.help ?? r.name}
          style={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', fontSize: 13 }}
        >
          {r.name || r.id}
        </Typography.Text>
        {first && (
          <Typography.Text type="secondary" style={{ fontSize: 11 }} data-testid={`priority-${rs.id}-${r.id}`}>
            {t('priority')} {priorityOf(r)}
          </Typography.Text>
        )}
      </span>
    </div>
  )
}

/** The result of a rule (or the default): a choice of the rule set's outcomes / groups / clocks, or a free value. */
export function ResultPicker({
  pointer,
  value,
  results,
  onChange,
  testid,
  label,
}: {
  pointer: string
  value: unknown
  results: Choice[] | null
  onChange(v: string): void
  testid: string
  /** its name for assistive technology */
  label: string
}) {
  const pr = useProblemsAt(pointer, true)
  const v = typeof value === 'string' ? value : undefined
  const control = results ? (
    <Select
      size="small"
      value={v}
      status={pr.validateStatus}
      onChange={onChange}
      options={results.some((o) => o.value === v) || v === undefined ? results : [...results, { value: v, label: v }]}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      data-testid={testid}
      aria-label={label}
    />
  ) : (
    <AutoComplete
      size="small"
      value={v}
      status={pr.validateStatus}
      onChange={(s: string) => onChange(s)}
      style={{ width: '100%' }}
      data-testid={testid}
      aria-label={label}
    />
  )
  return <At pointer={pointer}>{pr.help ? <Tooltip title={pr.help}>{control}</Tooltip> : control}</At>
}

/** A rule's other members: name, reason (both languages), priority, id, derived facts; delete. */
function RuleDetails({
  doc,
  rsIndex,
  index,
  facts,
  onChange,
  t,
}: {
  doc: RulesDefinition
  rsIndex: number
  index: number
  facts: Map<string, FactInfo>
  onChange: RuleTableProps['onChange']
  t: T
}) {
  const rs = doc.ruleSets[rsIndex]!
  const r = rs.rules[index]!
  const base = ptr('ruleSets', rsIndex, 'rules', index)
  const edit = (fn: (r: RuleDefinition) => RuleDefinition, label: Parameters<T>[0], key: string) =>
    onChange(updateRule(doc, rsIndex, index, fn), t(label, { rule: r.name || r.id }), { coalesceKey: `${key}:${rs.id}:${index}` })
  const text = (k: 'name' | 'nameEn' | 'reason' | 'reasonEn', label: Parameters<T>[0], hist: Parameters<T>[0], area = false) => (
    <Field pointer={`${base}/${k}`} label={t(label)}>
      {area ? (
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 4 }}
          value={(r as unknown as Record<string, string | undefined>)[k] ?? ''}
          onChange={(e) =>
            edit((x) => withKey(x, k, e.target.value === '' && k.endsWith('En') ? undefined : e.target.value, k === 'reasonEn' ? 'reason' : 'name'), hist, k)
          }
          data-testid={`rule-${k}`}
        />
      ) : (
        <Input
          size="small"
          value={(r as unknown as Record<string, string | undefined>)[k] ?? ''}
          onChange={(e) => edit((x) => withKey(x, k, e.target.value === '' && k.endsWith('En') ? undefined : e.target.value, 'name'), hist, k)}
          data-testid={`rule-${k}`}
        />
      )}
    </Field>
  )
  const taken = new Set(rs.rules.filter((_, i) => i !== index).map((x) => x.id))
  const set = r.set ?? {}
  const setFacts = Object.keys(set)
  const writeSet = (next: Record<string, unknown>) => edit((x) => withKey(x, 'set', Object.keys(next).length ? next : undefined, 'event'), 'hSet', 'set')
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0,1fr) minmax(0,1fr)', gap: '0 12px', maxWidth: 600 }}
      data-testid={`rule-details-${rs.id}-${r.id}`}
    >
      {text('name', 'name', 'hRename')}
      {text('nameEn', 'nameEn', 'hRename')}
      {text('reason', 'reason', 'hReason', true)}
      {text('reasonEn', 'reasonEn', 'hReason', true)}
      <Typography.Text type="secondary" style={{ fontSize: 11, gridColumn: '1 / -1', marginTop: -6, marginBottom: 6 }}>
        {t('reasonHint')}
      </Typography.Text>
      {rs.mode === 'first' && (
        <Field pointer={`${base}/priority`} label={t('priority')}>
          <InputNumber
            size="small"
            value={r.priority ?? null}
            placeholder="1"
            onChange={(n) => edit((x) => withKey(x, 'priority', typeof n === 'number' ? n : undefined, 'name'), 'hPriority', 'priority')}
            data-testid="rule-priority"
          />
        </Field>
      )}
      <Field pointer={`${base}/id`} label={t('id')} help={taken.has(r.id) ? `“${r.id}”` : undefined} extra={t('idHint')}>
        <Input
          size="small"
          value={r.id}
          status={taken.has(r.id) ? 'error' : undefined}
          onChange={(e) => edit((x) => ({ ...x, id: e.target.value.replace(/\s+/g, '_') }), 'hId', 'id')}
          data-testid="rule-id"
        />
      </Field>
      {(rs.mode === 'first' || setFacts.length > 0) && (
        <Field pointer={`${base}/set`} label={t('setFacts')} extra={rs.mode === 'first' ? t('setHint') : t('setOnlyFirst')} wide>
          <Space orientation="vertical" size={4}>
            {setFacts.map((k) => {
              const f = facts.get(k) ?? factInfo(k, undefined)
              return (
                <At key={k} pointer={`${base}/set/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`}>
                  <Space size={4}>
                    <Select
                      size="small"
                      value={k}
                      style={{ width: 160 }}
                      popupMatchSelectWidth={false}
                      options={[...facts.values()].filter((x) => x.id === k || !setFacts.includes(x.id)).map((x) => ({ value: x.id, label: x.title }))}
                      onChange={(nk: string) => writeSet(Object.fromEntries(Object.entries(set).map(([a, b]) => (a === k ? [nk, b] : [a, b]))))}
                      data-testid={`set-fact-${k}`}
                    />
                    <span>=</span>
                    <ValuePicker f={f} value={set[k] as Scalar} onChange={(v) => writeSet({ ...set, [k]: v })} t={t} testid={`set-value-${k}`} />
                    <Button
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => writeSet(Object.fromEntries(Object.entries(set).filter(([a]) => a !== k)))}
                      aria-label="delete"
                    />
                  </Space>
                </At>
              )
            })}
            {rs.mode === 'first' && (
              <Select
                size="small"
                value={null}
                placeholder={
                  <>
                    <PlusOutlined /> {t('addSet')}
                  </>
                }
                style={{ width: 160 }}
                popupMatchSelectWidth={false}
                options={[...facts.values()].filter((x) => !setFacts.includes(x.id)).map((x) => ({ value: x.id, label: x.title }))}
                onChange={(k: string) => {
                  const f = facts.get(k)
                  writeSet({ ...set, [k]: f?.options?.find((o) => o.value !== null)?.value ?? (f?.type === 'number' ? 0 : f?.type === 'boolean' ? true : '') })
                }}
                data-testid="set-add"
              />
            )}
          </Space>
        </Field>
      )}
      <div style={{ gridColumn: '1 / -1' }}>
        <Popconfirm
          title={t('deleteConfirm', { rule: r.name || r.id })}
          onConfirm={() =>
            onChange(
              updateRuleSet(doc, rsIndex, (x) => ({ ...x, rules: x.rules.filter((_, i) => i !== index) })),
              t('hDeleteRule', { rule: r.name || r.id }),
            )
          }
        >
          <Button size="small" danger icon={<DeleteOutlined />} data-testid="rule-delete">
            {t('deleteRule')}
          </Button>
        </Popconfirm>
      </div>
    </div>
  )
}

function Field({
  pointer,
  label,
  children,
  help,
  extra,
  wide,
}: {
  pointer: string
  label: string
  children: ReactNode
  help?: string
  extra?: string
  wide?: boolean
}) {
  const pr = useProblemsAt(pointer, true)
  return (
    <div style={{ gridColumn: wide ? '1 / -1' : undefined }}>
      <At pointer={pointer}>
        <LabelledItem
          label={label}
          layout="vertical"
          validateStatus={pr.validateStatus ?? (help ? 'error' : undefined)}
          help={pr.help ?? help}
          extra={extra}
          style={{ marginBottom: 8 }}
        >
          {children}
        </LabelledItem>
      </At>
    </div>
  )
}
