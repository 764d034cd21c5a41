/**
 * Which schemes an audit entry is about (issue #15, finding 11), so an auditor of one town reads
 * that town's entries only. Writers name the schemes in the entry's `schemeId` (hashed with the
 * rest of the entry: it cannot be changed afterwards without breaking the chain); entries written
 * before there was a `schemeId` are attributed by their case, or by the `schemeId` their changes
 * recorded (duty records), else to no scheme — readable only by auditors of every scheme.
 */
import type { AuditEntry } from '../store'

/**
 * The `schemeId` field for an entry about these schemes: one id, several, or none at all (an entry
 * about no scheme, e.g. a failed sign-in of an unknown user name).
 * @example { at, actor, caseId: null, action: 'auth.signin', ...aboutSchemes(['galutu']) }
 */
export function aboutSchemes(schemes: Iterable<string>): Pick<AuditEntry, 'schemeId'> {
  const list = [...new Set(schemes)].sort()
  if (list.length === 0) return {}
  return { schemeId: list.length === 1 ? list[0]! : list }
}

/**
 * The schemes an entry is about.
 * @param caseScheme the scheme of a case by id (for entries written before `schemeId`), or
 *   undefined when that case is unknown here
 */
export function entrySchemes(e: AuditEntry, caseScheme: (caseId: string) => string | undefined): string[] {
  if (typeof e.schemeId === 'string') return [e.schemeId]
  if (Array.isArray(e.schemeId)) return e.schemeId.filter((s): s is string => typeof s === 'string')
  if (e.caseId) {
    const s = caseScheme(e.caseId)
    return s ? [s] : []
  }
  const recorded = (e.changes as { schemeId?: unknown } | null | undefined)?.schemeId
  return typeof recorded === 'string' ? [recorded] : []
}
