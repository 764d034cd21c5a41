/**
 * The values the triage reachability check tries for each fact its rules read. Yes/no and list
 * fields: every value. A number or free-text field was skipped before (issue #16: the check went
 * silent as soon as a rule read, say, the number of petitioners); it is now decided by boundary
 * values: the rules only compare a fact with constants, so their verdicts change only at those
 * constants, and one value at, below and above each (within the field's minimum and maximum), and
 * one value no rule names, cover every case the rules can tell apart.
 */
import type { RuleCondition, RuleDefinition } from '../types'
import { walkCondition } from '../kinds/check-kit'

type Schema = Record<string, unknown>

/** The values to try for `fact`, or why it cannot be enumerated (zh, en). */
export function factDomain(field: Schema, fact: string, rules: readonly RuleDefinition[]): { values: unknown[] } | { reason: string; reasonEn: string } {
  if (field.type === 'boolean') return { values: [false, true] }
  if (Array.isArray(field.enum)) return { values: field.enum as unknown[] }
  const alts = (field.oneOf ?? field.anyOf) as Array<Record<string, unknown>> | undefined
  if (alts && alts.every((a) => 'const' in a || a.type === 'null')) return { values: alts.map((a) => ('const' in a ? a.const : null)) }
  const types = Array.isArray(field.type) ? field.type : [field.type]
  const constants = comparedWith(fact, rules)
  if (types.includes('integer') || types.includes('number'))
    return {
      values: numberPoints(
        field,
        constants.filter((c): c is number => typeof c === 'number'),
        !types.includes('number'),
      ),
    }
  if (types.length === 1 && types[0] === 'string') {
    const named = [...new Set(constants.filter((c): c is string => typeof c === 'string'))]
    let other = '（其他）'
    while (named.includes(other)) other += '＊'
    return { values: [...named, other] }
  }
  return {
    reason: `字段 "${fact}" 的取值无法枚举（${types.filter(Boolean).join('/') || '未注明类型'}）`,
    reasonEn: `the values of field "${fact}" cannot be enumerated (${types.filter(Boolean).join('/') || 'no type'})`,
  }
}

/** Constants the rules compare `fact` with (the value side of each condition on it). */
function comparedWith(fact: string, rules: readonly RuleDefinition[]): unknown[] {
  const out: unknown[] = []
  for (const r of rules) {
    walkCondition(r.conditions, '', (c: RuleCondition) => {
      if (c.fact !== fact || c.path !== undefined) return
      const v = c.value
      if (Array.isArray(v)) out.push(...v)
      else if (!(v && typeof v === 'object')) out.push(v)
    })
  }
  return out
}

/** Each constant, one below and one above (half-way to the next for decimals), kept within the field's bounds. */
function numberPoints(field: Schema, constants: number[], integer: boolean): number[] {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const min = num(field.minimum)
  const max = num(field.maximum)
  const xmin = num(field.exclusiveMinimum)
  const xmax = num(field.exclusiveMaximum)
  const inRange = (x: number) =>
    (min === undefined || x >= min) &&
    (max === undefined || x <= max) &&
    (xmin === undefined || x > xmin) &&
    (xmax === undefined || x < xmax) &&
    (!integer || Number.isInteger(x))
  const cs = [...new Set(constants)].sort((a, b) => a - b)
  const points = new Set<number>()
  if (min !== undefined) points.add(min)
  if (max !== undefined) points.add(max)
  cs.forEach((c, i) => {
    if (integer) for (const x of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1]) points.add(x)
    else {
      points.add(c)
      points.add(i === 0 ? c - 1 : (cs[i - 1]! + c) / 2)
      if (i === cs.length - 1) points.add(c + 1)
    }
  })
  if (!points.size) points.add(min ?? (xmin !== undefined ? (integer ? Math.floor(xmin) + 1 : xmin + 1) : 0))
  const kept = [...points].filter(inRange).sort((a, b) => a - b)
  return kept.length ? kept : [min ?? max ?? 0]
}
