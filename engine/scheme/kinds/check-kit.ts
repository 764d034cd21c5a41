/**
 * What every kind's checks share: the problem sink with each element's own file and pointer, the
 * org's ids most references point at, and the walks over schemas and rule conditions.
 */
import type { CompiledScheme } from '../compiled'
import type { Origins } from '../origins'
import type { RuleCondition } from '../types'
import { escapePointerToken, type Problem } from '../../util/problem'
import { problem } from '../../i18n/messages'
import { Validator } from '../../validate/validator'
import { unsafePatternReason } from '../../validate/redos'
import { patternRefusal } from '../../validate/regexp'

/** Report `code` at `sub` (a pointer suffix) inside the definition element `obj`. */
export type At = (obj: unknown, sub: string, code: string, params: Record<string, unknown>) => void

export interface CheckContext {
  s: CompiledScheme
  o: Origins
  options: { quick?: boolean }
  out: Problem[]
  at: At
  unitIds: ReadonlySet<string>
  villageIds: ReadonlySet<string>
  roleIds: ReadonlySet<string>
  /** Compiles scoring inputs' schemas (one long-lived ajv). */
  params: Validator
  /** RE2 and ReDoS checks of every `pattern` and `patternProperties` key in a JSON Schema. */
  checkPatterns(obj: unknown, schema: unknown, base: string): void
}

const paramsValidator = new Validator()

export function checkContext(s: CompiledScheme, o: Origins, options: { quick?: boolean }): CheckContext {
  const out: Problem[] = []
  const at: At = (obj, sub, code, params) => {
    const loc = o.at(obj, sub)
    out.push(problem(code, loc.pointer, params, loc.file))
  }
  const { org } = s.defs
  /**
   * Patterns run on RE2 (validate/regexp.ts), so a pattern without an RE2 form (backreference,
   * lookaround) cannot be used at all; the ReDoS check then refuses the classic catastrophic
   * shapes early and by name, though RE2 would run them in linear time.
   */
  const checkPattern = (obj: unknown, ptr: string, pattern: string) => {
    const refusal = patternRefusal(pattern)
    if (refusal) at(obj, ptr, 'UNSUPPORTED_PATTERN', { pattern, detail: refusal.reason, detailEn: refusal.reasonEn })
    else {
      const why = unsafePatternReason(pattern)
      if (why) at(obj, ptr, 'UNSAFE_PATTERN', { pattern, detail: why.reason, detailEn: why.reasonEn })
    }
  }
  return {
    s,
    o,
    options,
    out,
    at,
    unitIds: new Set(org.units.map((u) => u.id)),
    villageIds: new Set(org.villages.map((v) => v.id)),
    roleIds: new Set(org.roles.map((r) => r.id)),
    params: paramsValidator,
    checkPatterns: (obj, schema, base) =>
      walkSchema(schema, base, (node, ptr) => {
        if (typeof node.pattern === 'string') checkPattern(obj, `${ptr}/pattern`, node.pattern)
        const pp = node.patternProperties
        if (pp && typeof pp === 'object' && !Array.isArray(pp))
          for (const key of Object.keys(pp)) checkPattern(obj, `${ptr}/patternProperties/${escapePointerToken(key)}`, key)
      }),
  }
}

export function walkCondition(c: RuleCondition, ptr: string, fn: (c: RuleCondition, ptr: string) => void): void {
  fn(c, ptr)
  c.all?.forEach((x, i) => walkCondition(x, `${ptr}/all/${i}`, fn))
  c.any?.forEach((x, i) => walkCondition(x, `${ptr}/any/${i}`, fn))
  if (c.not) walkCondition(c.not, `${ptr}/not`, fn)
}

export function walkSchema(node: unknown, ptr: string, fn: (n: Record<string, unknown>, ptr: string) => void, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 64) return
  if (Array.isArray(node)) {
    node.forEach((x, i) => walkSchema(x, `${ptr}/${i}`, fn, depth + 1))
    return
  }
  fn(node as Record<string, unknown>, ptr)
  for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walkSchema(v, `${ptr}/${escapePointerToken(k)}`, fn, depth + 1)
}

/** Leaves of a JSON Schema of inputs: dotted path → JSON type. */
export function inputLeaves(schema: Record<string, unknown>, prefix = '', out = new Map<string, string>(), depth = 0): Map<string, string> {
  if (depth > 16) return out
  for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const p = prefix ? `${prefix}.${k}` : k
    if (sub.type === 'object') inputLeaves(sub, p, out, depth + 1)
    else out.set(p, typeof sub.type === 'string' ? sub.type : 'unknown')
  }
  return out
}
