/**
 * Masking of a petitioner's sensitive data (name, address, ID number, phone: the form fields a
 * scheme marks `x-sensitive`; 附件2 二（二） 保密性) for readers without `case.pii`. One rule for every
 * place a case's data leaves the server: the case view and its summary, the case list and the
 * officer's tasks, the case's audit entries, the audit log.
 */
import type { SchemeRegistry } from '../schemes/registry'
import type { AuditEntry, CaseSummary } from '../store'

/** Fields of the scheme's forms marked `x-sensitive` (names, addresses, ID numbers, phones), in one published version. */
export async function sensitiveFields(schemes: SchemeRegistry, schemeId: string, hash: string): Promise<Set<string>> {
  const s = await schemes.get(schemeId, hash)
  const out = new Set<string>()
  for (const f of s.forms.values()) {
    for (const [name, p] of Object.entries((f.schema.properties ?? {}) as Record<string, Record<string, unknown>>)) if (p['x-sensitive'] === true) out.add(name)
  }
  return out
}

/**
 * One value masked: the first three and last four characters kept of a long one, the first and
 * last of a short one, nothing of one under four characters.
 * @example mask('13812345678') // '138****5678'
 */
export function mask(v: unknown): unknown {
  if (typeof v !== 'string' || v.length < 4) return v ? '****' : v
  if (v.length <= 7) return v.slice(0, 1) + '*'.repeat(v.length - 2) + v.slice(-1)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}

/** An object with its sensitive keys masked (undefined stays undefined). */
export function maskFields<T extends Record<string, unknown> | undefined>(o: T, fields: Set<string>): T {
  return (o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fields.has(k) ? mask(v) : v])) : o) as T
}

/**
 * The form fields a summary's `petitionerName` is taken from (runtime/cases/summary.ts): the
 * summary's name is masked when the scheme marks either sensitive.
 */
const NAME_FIELDS = ['petitionerName', 'complainant']

/** A case summary with the petitioner's name masked when the scheme marks it sensitive (a copy). */
export function maskSummary<T extends Pick<CaseSummary, 'petitionerName'>>(s: T, fields: Set<string>): T {
  if (!s.petitionerName || !NAME_FIELDS.some((f) => fields.has(f))) return s
  return { ...s, petitionerName: mask(s.petitionerName) as string }
}

/**
 * Summaries as a reader sees them: masked on the cases where `canSeePii` says no, with each
 * scheme version's sensitive fields from `fieldsOf` (asked once per version).
 */
export async function maskSummaries<T extends Pick<CaseSummary, 'petitionerName' | 'schemeId' | 'schemeHash'>>(items: T[], canSeePii: (s: T) => boolean, fieldsOf: (schemeId: string, hash: string) => Promise<Set<string>>): Promise<T[]> {
  const memo = new Map<string, Promise<Set<string>>>()
  return Promise.all(
    items.map(async (s) => {
      if (canSeePii(s) || !s.petitionerName) return s
      const key = `${s.schemeId}@${s.schemeHash ?? ''}`
      let f = memo.get(key)
      if (!f) memo.set(key, (f = fieldsOf(s.schemeId, s.schemeHash ?? '')))
      return maskSummary(s, await f)
    }),
  )
}

/**
 * `fieldsOf` for `maskSummaries` from the scheme registry: a summary without a version reads the
 * newest; a version that cannot be read masks the name anyway (never shown by mistake).
 */
export function fieldsFrom(schemes: SchemeRegistry): (schemeId: string, hash: string) => Promise<Set<string>> {
  return async (schemeId, hash) => {
    try {
      return await sensitiveFields(schemes, schemeId, hash || (await schemes.latest(schemeId)).hash)
    } catch {
      return new Set(NAME_FIELDS)
    }
  }
}

/** A case view with the sensitive fields masked in its summary, its facts and its form records. */
export function maskView<T extends { summary?: Pick<CaseSummary, 'petitionerName'>; context?: { facts?: Record<string, unknown>; records?: Array<{ form?: Record<string, unknown> }> } }>(view: T, fields: Set<string>): T {
  if (!fields.size || !view.context) return view
  return {
    ...view,
    masked: true,
    ...(view.summary ? { summary: maskSummary(view.summary, fields) } : {}),
    context: {
      ...view.context,
      facts: maskFields(view.context.facts, fields),
      records: view.context.records?.map((r) => ({ ...r, form: maskFields(r.form, fields) })),
    },
  }
}

/** The form an audit entry recorded (case creation, events), when it has one. */
function formOf(e: AuditEntry): Record<string, unknown> | undefined {
  const c = e.changes as { form?: unknown } | null | undefined
  const f = c && typeof c === 'object' ? c.form : undefined
  return f && typeof f === 'object' && !Array.isArray(f) ? (f as Record<string, unknown>) : undefined
}

/** The sensitive fields an audit entry's form holds a value for (what showing it unmasked reveals). */
export function sensitiveIn(e: AuditEntry, fields: Set<string>): string[] {
  const form = formOf(e)
  return form ? Object.keys(form).filter((k) => fields.has(k) && form[k] !== undefined && form[k] !== null && form[k] !== '') : []
}

/** An audit entry with the sensitive fields of its form masked (a copy; `masked: true` when any was). */
export function maskAuditEntry(e: AuditEntry, fields: Set<string>): AuditEntry & { masked?: true } {
  const form = formOf(e)
  if (!form || !Object.keys(form).some((k) => fields.has(k))) return e
  return { ...e, changes: { ...(e.changes as Record<string, unknown>), form: maskFields(form, fields) }, masked: true }
}
