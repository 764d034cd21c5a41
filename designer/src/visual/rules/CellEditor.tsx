/**
 * One decision-table cell: shows its condition in words ("诉讼、仲裁 之一", "≥ 5", "—"), and opens a
 * small editor (the operator, then the value picked from the fact's labelled choices).
 */
import { useEffect, useState } from 'react'
import { AutoComplete, Button, Input, InputNumber, Popover, Select, Space, Tooltip, Typography } from 'antd'
import { cellComplete, type Bound, type Cell, type Scalar } from './conditions'
import { valueLabel, type FactInfo } from './facts'
import type { T } from './messages'
import { useProblemsAt, At } from '../kit'
import type { Lang } from '../../i18n'

export type OpKey = 'any' | 'eq' | 'ne' | 'in' | 'notIn' | 'gte' | 'gt' | 'lt' | 'lte' | 'range' | 'set' | 'unset'

const OP_LABEL: Record<OpKey, Parameters<T>[0]> = {
  any: 'any',
  eq: 'opEq',
  ne: 'opNe',
  in: 'opIn',
  notIn: 'opNotIn',
  gte: 'opGte',
  gt: 'opGt',
  lt: 'opLt',
  lte: 'opLte',
  range: 'opRange',
  set: 'opSet',
  unset: 'opUnset',
}

/** The operators a fact offers, by its kind. */
export function opsFor(f: FactInfo): OpKey[] {
  if (f.type === 'boolean') return ['any', 'eq', 'set', 'unset']
  if (f.type === 'number') return ['any', 'eq', 'ne', 'gte', 'gt', 'lt', 'lte', 'range', 'set', 'unset']
  return ['any', 'eq', 'ne', 'in', 'notIn', 'set', 'unset']
}

export function opOf(c: Cell): OpKey {
  if (c.op !== 'cmp') return c.op
  if (c.lo && c.hi) return 'range'
  if (c.lo) return c.lo.inclusive ? 'gte' : 'gt'
  return c.hi!.inclusive ? 'lte' : 'lt'
}

/** A cell for operator `op`, carrying over what the previous cell held. */
export function cellFor(op: OpKey, prev: Cell, f: FactInfo): Cell {
  const prevValues: Scalar[] =
    prev.op === 'eq' || prev.op === 'ne'
      ? [prev.value]
      : prev.op === 'in' || prev.op === 'notIn'
        ? prev.values
        : prev.op === 'cmp'
          ? [prev.lo?.value ?? prev.hi!.value]
          : []
  const first =
    prevValues.find((v) => v !== null) ?? f.options?.find((o) => o.value !== null)?.value ?? (f.type === 'number' ? 0 : f.type === 'boolean' ? true : '')
  const num = typeof first === 'number' ? first : 0
  switch (op) {
    case 'any':
    case 'set':
    case 'unset':
      return { op }
    case 'eq':
    case 'ne':
      return { op, value: first as Exclude<Scalar, null> }
    case 'in':
    case 'notIn':
      return { op, values: prevValues.length ? prevValues : [] }
    case 'gte':
    case 'gt':
      return { op: 'cmp', lo: { value: num, inclusive: op === 'gte' } }
    case 'lt':
    case 'lte':
      return { op: 'cmp', hi: { value: num, inclusive: op === 'lte' } }
    case 'range':
      return {
        op: 'cmp',
        lo: prev.op === 'cmp' && prev.lo ? prev.lo : { value: num, inclusive: true },
        hi: prev.op === 'cmp' && prev.hi ? prev.hi : { value: num + 1, inclusive: false },
      }
  }
}

const bound = (b: Bound, lower: boolean) => `${lower ? (b.inclusive ? '≥' : '>') : b.inclusive ? '≤' : '<'} ${b.value}`

/** The cell in words. */
export function cellText(c: Cell, f: FactInfo | undefined, t: T, lang: Lang): string {
  const v = (x: unknown) => valueLabel(f, x, lang)
  const list = (xs: Scalar[]) => xs.map(v).join(lang === 'en' ? ', ' : '、')
  switch (c.op) {
    case 'any':
      return '—'
    case 'eq':
      return v(c.value)
    case 'ne':
      return t('cellNe', { v: v(c.value) })
    case 'in':
      return c.values.length === 1 ? v(c.values[0]) : t('cellIn', { v: list(c.values) })
    case 'notIn':
      return t('cellNotIn', { v: list(c.values) })
    case 'set':
      return t('cellSet')
    case 'unset':
      return t('cellUnset')
    case 'cmp':
      return [c.lo && bound(c.lo, true), c.hi && bound(c.hi, false)].filter(Boolean).join(` ${t('and')} `)
  }
}

// Select values are strings: a choice's value as JSON (true, null and "town" stay apart).
const key = (v: unknown) => JSON.stringify(v)
const unkey = (k: string): Scalar => JSON.parse(k) as Scalar

export function ValuePicker({ f, value, onChange, t, testid }: { f: FactInfo; value: Scalar; onChange(v: Scalar): void; t: T; testid: string }) {
  if (f.type === 'number')
    return (
      <InputNumber
        size="small"
        value={typeof value === 'number' ? value : null}
        onChange={(n) => typeof n === 'number' && onChange(n)}
        style={{ width: 120 }}
        data-testid={testid}
      />
    )
  if (f.options && !f.suggestions)
    return (
      <Select
        size="small"
        value={key(value)}
        onChange={(k: string) => onChange(unkey(k))}
        options={f.options.map((o) => ({ value: key(o.value), label: o.label }))}
        style={{ minWidth: 160 }}
        popupMatchSelectWidth={false}
        data-testid={testid}
        showSearch={{ optionFilterProp: 'label' }}
      />
    )
  if (f.suggestions)
    return (
      <AutoComplete
        size="small"
        value={typeof value === 'string' ? value : ''}
        onChange={(s: string) => onChange(s)}
        options={f.options!.map((o) => ({ value: String(o.value) }))}
        style={{ width: 180 }}
        placeholder={t('pickValue')}
        data-testid={testid}
      />
    )
  return (
    <Input
      size="small"
      value={typeof value === 'string' ? value : String(value ?? '')}
      onChange={(e) => onChange(e.target.value)}
      style={{ width: 180 }}
      placeholder={t('pickValue')}
      data-testid={testid}
    />
  )
}

function BoundPicker({ b, lower, onChange, t, testid }: { b: Bound; lower: boolean; onChange(b: Bound): void; t: T; testid: string }) {
  return (
    <Space.Compact size="small">
      <Select
        size="small"
        value={b.inclusive ? 'i' : 'x'}
        onChange={(v: string) => onChange({ ...b, inclusive: v === 'i' })}
        options={
          lower
            ? [
                { value: 'i', label: '≥' },
                { value: 'x', label: '>' },
              ]
            : [
                { value: 'x', label: '<' },
                { value: 'i', label: '≤' },
              ]
        }
        style={{ width: 56 }}
        aria-label={t(lower ? 'opGte' : 'opLt')}
      />
      <InputNumber
        size="small"
        value={b.value}
        onChange={(n) => typeof n === 'number' && onChange({ ...b, value: n })}
        style={{ width: 96 }}
        data-testid={testid}
      />
    </Space.Compact>
  )
}

/** The editor inside the popover: the operator and the value(s); `onChange` only with a complete cell. */
export function CellForm({ cell, f, onChange, t }: { cell: Cell; f: FactInfo; onChange(c: Cell): void; t: T }) {
  const [draft, setDraft] = useState<Cell>(cell)
  useEffect(() => setDraft(cell), [cell])
  const set = (c: Cell) => {
    setDraft(c)
    if (cellComplete(c)) onChange(c)
  }
  const op = opOf(draft)
  const multi = (values: Scalar[]) =>
    f.options && !f.suggestions ? (
      <Select
        size="small"
        mode="multiple"
        value={values.map(key)}
        onChange={(ks: string[]) => set({ ...(draft as { op: 'in' | 'notIn' }), values: ks.map(unkey) })}
        options={f.options.map((o) => ({ value: key(o.value), label: o.label }))}
        style={{ minWidth: 220 }}
        data-testid="cell-value"
        placeholder={t('pickValues')}
      />
    ) : (
      <Select
        size="small"
        mode="tags"
        value={values.map((v) => String(v))}
        onChange={(vs: string[]) => set({ ...(draft as { op: 'in' | 'notIn' }), values: vs })}
        options={(f.options ?? []).map((o) => ({ value: String(o.value), label: o.label }))}
        style={{ minWidth: 220 }}
        data-testid="cell-value"
        placeholder={t('pickValues')}
      />
    )
  return (
    <Space orientation="vertical" size={6} style={{ minWidth: 240 }}>
      <Select
        size="small"
        value={op}
        onChange={(o: OpKey) => set(cellFor(o, draft, f))}
        options={opsFor(f).map((o) => ({ value: o, label: t(OP_LABEL[o]) }))}
        style={{ width: '100%' }}
        data-testid="cell-op"
      />
      {(draft.op === 'eq' || draft.op === 'ne') && (
        <ValuePicker f={f} value={draft.value} onChange={(v) => set({ op: draft.op, value: v as Exclude<Scalar, null> })} t={t} testid="cell-value" />
      )}
      {(draft.op === 'in' || draft.op === 'notIn') && multi(draft.values)}
      {draft.op === 'cmp' && (
        <Space size={4} wrap>
          {draft.lo && <BoundPicker b={draft.lo} lower onChange={(b) => set({ ...draft, lo: b })} t={t} testid="cell-value" />}
          {draft.lo && draft.hi && <span>{t('and')}</span>}
          {draft.hi && (
            <BoundPicker b={draft.hi} lower={false} onChange={(b) => set({ ...draft, hi: b })} t={t} testid={draft.lo ? 'cell-value-2' : 'cell-value'} />
          )}
        </Space>
      )}
      {!cellComplete(draft) && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('pickValues')}
        </Typography.Text>
      )}
    </Space>
  )
}

/** The cell in a table row: its words, red when the engine has a problem there; click to edit. */
export function CellEditor({
  cell,
  f,
  pointer,
  onChange,
  t,
  lang,
  testid,
  readOnly,
}: {
  cell: Cell
  f: FactInfo
  pointer: string | null
  onChange(c: Cell): void
  t: T
  lang: Lang
  testid: string
  readOnly?: boolean
}) {
  const [open, setOpen] = useState(false)
  // An empty cell has no condition in the file to mark.
  const pr = useProblemsAt(pointer ?? '#none', true)
  const text = cellText(cell, f, t, lang)
  const button = (
    <Button
      size="small"
      type="text"
      danger={!!pr.validateStatus}
      disabled={readOnly}
      data-testid={testid}
      data-op={cell.op}
      style={{
        width: '100%',
        justifyContent: 'flex-start',
        overflow: 'hidden',
        color: cell.op === 'any' && !pr.validateStatus ? '#595959' : undefined,
        border: pr.validateStatus ? '1px solid #ff4d4f' : undefined,
      }}
    >
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{text}</span>
    </Button>
  )
  const body = (
    <Popover
      open={open && !readOnly}
      onOpenChange={setOpen}
      trigger="click"
      title={t('cellTitle', { fact: f.title })}
      content={
        <Space orientation="vertical" size={6}>
          <CellForm cell={cell} f={f} onChange={onChange} t={t} />
          {pr.help && (
            <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 280, display: 'block' }}>
              {pr.help}
            </Typography.Text>
          )}
          <Button size="small" type="primary" onClick={() => setOpen(false)} data-testid="cell-done">
            {t('done')}
          </Button>
        </Space>
      }
    >
      {pr.help || text.length > 8 ? <Tooltip title={pr.help ?? text}>{button}</Tooltip> : button}
    </Popover>
  )
  return pointer === null ? body : <At pointer={pointer}>{body}</At>
}
