/**
 * json-rules-engine conditions ↔ decision-table cells. A rule whose conditions are one flat `all`
 * (or an `any` of one) of simple comparisons, at most one cell per fact, is a table row; anything
 * else is "too complex" with the reason and the place in the rule that makes it so. A row converts
 * back to the very conditions it came from (tests/designer/visual-rules-conditions.test.ts).
 *
 * @example
 *   toRow({ all: [{ fact: 'petitionerCount', operator: 'greaterThanInclusive', value: 5 }] })
 *   // → { kind: 'table', wrapper: 'all', order: ['petitionerCount'], cells: { petitionerCount: { op: 'cmp', lo: { value: 5, inclusive: true } } } }
 */
import type { RuleCondition } from '../../../../engine/scheme/types'

export type Scalar = string | number | boolean | null

/** One cell: the condition a row puts on one fact. `any` is an empty cell (the fact is not read). */
export type Cell =
  | { op: 'any' }
  | { op: 'eq'; value: Exclude<Scalar, null> }
  | { op: 'ne'; value: Exclude<Scalar, null> }
  | { op: 'in'; values: Scalar[] }
  | { op: 'notIn'; values: Scalar[] }
  /** ≥ / > a bound, < / ≤ a bound, or both (a range: two conditions on the fact). */
  | { op: 'cmp'; lo?: Bound; hi?: Bound; hiFirst?: boolean }
  /** Given (`notEqual null`) / not given (`equal null`). */
  | { op: 'set' }
  | { op: 'unset' }

export interface Bound {
  value: number
  inclusive: boolean
}

/** Members of a condition the table keeps as they were (a leaf's or the group's own label and priority). */
type Extra = Record<string, unknown>

export interface TableRow {
  kind: 'table'
  /** The group the leaves sit in: `all`, or an `any` of one leaf (the same meaning, kept as written). */
  wrapper: 'all' | 'any'
  /**
   * The fact of each condition in the order written (a range's fact twice), so that the row writes
   * its conditions back in place; a fact added later goes last.
   */
  order: string[]
  cells: Record<string, Cell>
  /** Other members of the group object (`name`, `priority`). */
  groupExtra?: Extra
  /** Other members of a fact's single leaf (`name`, `priority`). */
  leafExtra?: Record<string, Extra>
}

export interface Reason {
  zh: string
  en: string
}

export interface ComplexRow {
  kind: 'complex'
  reason: Reason
  /** Where in `conditions` (a pointer relative to the conditions object, '' for itself). */
  at: string
}

export const CMP_LO: Record<string, boolean> = { greaterThanInclusive: true, greaterThan: false }
export const CMP_HI: Record<string, boolean> = { lessThanInclusive: true, lessThan: false }

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v)
const LEAF_KEYS = new Set(['fact', 'operator', 'value'])
const KEPT_KEYS = new Set(['name', 'priority'])

function complex(at: string, zh: string, en: string): ComplexRow {
  return { kind: 'complex', reason: { zh, en }, at }
}

/** One leaf as a cell (or why it is not one). `title` names facts in the reasons. */
function leafCell(c: Record<string, unknown>, at: string, title: (fact: string) => string): Cell | ComplexRow {
  const fact = String(c.fact)
  const name = `「${title(fact)}」`
  if ('path' in c)
    return complex(`${at}/path`, `条件读取事实${name}内部的路径（path），表格无法表示`, `A condition reads a path inside ${name}, which a table cannot show`)
  if ('params' in c) return complex(`${at}/params`, `条件带有参数（params），表格无法表示`, 'A condition has parameters (params), which a table cannot show')
  const other = Object.keys(c).find((k) => !LEAF_KEYS.has(k) && !KEPT_KEYS.has(k))
  if (other) return complex(`${at}/${other}`, `条件含有表格不认识的设置“${other}”`, `A condition has a setting the table does not know: "${other}"`)
  const op = String(c.operator)
  const v = c.value
  if (isObj(v) && 'fact' in v)
    return complex(
      `${at}/value`,
      `条件${name}的比较值引用了另一个事实，表格无法表示`,
      `The condition on ${name} compares with another fact, which a table cannot show`,
    )
  const badValue = () =>
    complex(`${at}/value`, `条件${name}的比较值不是表格能表示的简单值`, `The value compared with ${name} is not a simple value a table can show`)
  switch (op) {
    case 'equal':
      if (!isScalar(v)) return badValue()
      return v === null ? { op: 'unset' } : { op: 'eq', value: v }
    case 'notEqual':
      if (!isScalar(v)) return badValue()
      return v === null ? { op: 'set' } : { op: 'ne', value: v }
    case 'in':
    case 'notIn':
      if (!Array.isArray(v) || !v.every(isScalar)) return badValue()
      return { op: op === 'in' ? 'in' : 'notIn', values: [...v] }
    default:
      if (op in CMP_LO || op in CMP_HI) {
        if (typeof v !== 'number') return badValue()
        return op in CMP_LO ? { op: 'cmp', lo: { value: v, inclusive: CMP_LO[op]! } } : { op: 'cmp', hi: { value: v, inclusive: CMP_HI[op]! } }
      }
      if (op.includes(':'))
        return complex(
          `${at}/operator`,
          `运算符“${op}”带有修饰（${op.split(':').slice(0, -1).join('、')}），表格无法表示`,
          `The operator "${op}" has a decorator, which a table cannot show`,
        )
      return complex(
        `${at}/operator`,
        `运算符“${op}”表格无法表示（只支持等于、属于、大于小于、是否填写）`,
        `The operator "${op}" cannot be shown in a table (only equals, one of, greater/less than, given or not)`,
      )
  }
}

/** A rule's conditions as a table row, or why not. */
export function toRow(conditions: RuleCondition, title: (fact: string) => string = (f) => f): TableRow | ComplexRow {
  const c = conditions as Record<string, unknown>
  if (!isObj(c)) return complex('', '条件不是对象', 'The conditions are not an object')
  if ('not' in c) return complex('/not', '含有“不满足(not)”的条件，表格无法表示', 'Has a "not" condition, which a table cannot show')
  if ('condition' in c) return complex('/condition', '引用了共享条件（condition），表格无法表示', 'Refers to a shared condition, which a table cannot show')
  let wrapper: 'all' | 'any'
  let leaves: unknown[]
  if (Array.isArray(c.all)) {
    wrapper = 'all'
    leaves = c.all
  } else if (Array.isArray(c.any)) {
    if (c.any.length > 1)
      return complex(
        '/any',
        '含有“任一条件满足(any)”的条件，表格无法表示（表格的一行要求所有条件同时满足）',
        'Has an "any of" condition, which a table cannot show (a row needs all its cells to hold)',
      )
    wrapper = 'any'
    leaves = c.any
  } else if ('fact' in c) return complex('', '条件没有放在“全部满足(all)”之中', 'The condition is not inside an "all" group')
  else return complex('', '条件的结构表格无法识别', 'The table does not recognise the shape of the conditions')
  const groupExtra: Extra = {}
  for (const [k, v] of Object.entries(c)) {
    if (k === wrapper) continue
    if (!KEPT_KEYS.has(k)) return complex(`/${k}`, `条件组含有表格不认识的设置“${k}”`, `The condition group has a setting the table does not know: "${k}"`)
    groupExtra[k] = v
  }
  const row: TableRow = { kind: 'table', wrapper, order: [], cells: {} }
  if (Object.keys(groupExtra).length) row.groupExtra = groupExtra
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]
    const at = `/${wrapper}/${i}`
    if (!isObj(leaf)) return complex(at, '条件不是对象', 'A condition is not an object')
    if ('all' in leaf || 'any' in leaf || 'not' in leaf || 'condition' in leaf) {
      const what = 'any' in leaf ? '“任一条件满足(any)”' : 'not' in leaf ? '“不满足(not)”' : 'all' in leaf ? '“全部满足(all)”' : '共享条件'
      const whatEn = 'any' in leaf ? '"any of"' : 'not' in leaf ? '"not"' : 'all' in leaf ? '"all of"' : 'a shared'
      return complex(at, `含有${what}的嵌套条件，表格无法表示`, `Has a nested ${whatEn} condition, which a table cannot show`)
    }
    if (typeof leaf.fact !== 'string' || typeof leaf.operator !== 'string') return complex(at, '条件缺少事实或运算符', 'A condition lacks its fact or operator')
    const fact = leaf.fact
    const cell = leafCell(leaf, at, title)
    if ('kind' in cell) return cell
    const extra: Extra = {}
    for (const k of Object.keys(leaf)) if (KEPT_KEYS.has(k)) extra[k] = leaf[k]
    const prev = row.cells[fact]
    if (!prev) {
      row.cells[fact] = cell
      row.order.push(fact)
      if (Object.keys(extra).length) (row.leafExtra ??= {})[fact] = extra
      continue
    }
    // A second condition on the fact: only a lower and an upper bound make one cell (a range).
    const next = cell
    const tooMany = complex(at, `同一事实「${title(fact)}」有多个条件，无法合成一个单元格`, `Several conditions on 「${title(fact)}」 do not make one cell`)
    if (prev.op !== 'cmp' || next.op !== 'cmp' || (prev.lo && prev.hi) || row.leafExtra?.[fact] || Object.keys(extra).length) return tooMany
    if (prev.lo && next.hi) row.cells[fact] = { op: 'cmp', lo: prev.lo, hi: next.hi }
    else if (prev.hi && next.lo) row.cells[fact] = { op: 'cmp', lo: next.lo, hi: prev.hi, hiFirst: true }
    else return tooMany
    row.order.push(fact)
  }
  return row
}

/** The leaves a cell writes (none for `any`). */
export function cellLeaves(fact: string, cell: Cell, extra?: Extra): RuleCondition[] {
  const leaf = (operator: string, value: unknown): RuleCondition => ({ fact, operator, value, ...(extra ?? {}) })
  switch (cell.op) {
    case 'any':
      return []
    case 'eq':
      return [leaf('equal', cell.value)]
    case 'ne':
      return [leaf('notEqual', cell.value)]
    case 'in':
      return [leaf('in', [...cell.values])]
    case 'notIn':
      return [leaf('notIn', [...cell.values])]
    case 'set':
      return [leaf('notEqual', null)]
    case 'unset':
      return [leaf('equal', null)]
    case 'cmp': {
      const lo = cell.lo ? leaf(cell.lo.inclusive ? 'greaterThanInclusive' : 'greaterThan', cell.lo.value) : null
      const hi = cell.hi ? leaf(cell.hi.inclusive ? 'lessThanInclusive' : 'lessThan', cell.hi.value) : null
      const out = cell.hiFirst ? [hi, lo] : [lo, hi]
      return out.filter((x): x is RuleCondition => !!x)
    }
  }
}

/** A row back into conditions: facts in the row's order, an `any` of one becoming `all` once it holds more. */
export function toConditions(row: TableRow): RuleCondition {
  const leaves: RuleCondition[] = []
  const used = new Map<string, number>()
  row.order.forEach((f, i) => {
    const cell = row.cells[f]
    if (!cell) return
    const list = cellLeaves(f, cell, row.leafExtra?.[f])
    const k = used.get(f) ?? 0
    used.set(f, k + 1)
    // The fact's last place takes whatever leaves are left (a bound added to a one-bound cell).
    if (row.order.lastIndexOf(f) === i) leaves.push(...list.slice(k))
    else if (k < list.length) leaves.push(list[k]!)
  })
  const wrapper = row.wrapper === 'any' && leaves.length <= 1 ? 'any' : 'all'
  return { [wrapper]: leaves, ...(row.groupExtra ?? {}) } as RuleCondition
}

/** The row with one fact's cell replaced (`any` removes the fact's conditions). */
export function setCell(row: TableRow, fact: string, cell: Cell): TableRow {
  const cells = { ...row.cells }
  let order = row.order
  let leafExtra = row.leafExtra
  if (cell.op === 'any') {
    delete cells[fact]
    order = order.filter((f) => f !== fact)
    if (leafExtra?.[fact]) {
      leafExtra = { ...leafExtra }
      delete leafExtra[fact]
    }
  } else {
    cells[fact] = cell
    if (!order.includes(fact)) order = [...order, fact]
  }
  const out: TableRow = { ...row, cells, order }
  if (leafExtra && Object.keys(leafExtra).length) out.leafExtra = leafExtra
  else delete out.leafExtra
  return out
}

/** Is the cell complete (a value where one is needed)? An incomplete cell is not written. */
export function cellComplete(cell: Cell): boolean {
  switch (cell.op) {
    case 'in':
    case 'notIn':
      return cell.values.length > 0
    case 'cmp':
      return !!cell.lo || !!cell.hi
    default:
      return true
  }
}
