/**
 * Masking of a petitioner's sensitive data (ID numbers, phones: the form fields a scheme marks
 * `x-sensitive`) for readers without `case.pii`. One rule for every place a case's form data
 * leaves the server: the case view, its audit entries, the audit log.
 */
import type { SchemeRegistry } from '../schemes/registry'
import type { AuditEntry } from '../store'

/** Fields of the scheme's forms marked `x-sensitive` (ID numbers, phones), in one published version. */
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

/** A case view with the sensitive fields masked in its facts and its form records. */
export function maskView<T extends { context?: { facts?: Record<string, unknown>; records?: Array<{ form?: Record<string, unknown> }> } }>(view: T, fields: Set<string>): T {
  if (!fields.size || !view.context) return view
  return {
    ...view,
    masked: true,
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
