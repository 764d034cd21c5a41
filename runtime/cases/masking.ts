/**
 * Masking of a petitioner's sensitive data (name, address, ID number, phone: the form fields a
 * scheme marks `x-sensitive`; 附件2 二（二） 保密性) for readers without `case.pii`. One rule for every
 * place a case's data leaves the server: the case view and its summary, the case list and the
 * officer's tasks, the case's audit entries, the audit log.
 *
 * Fields are found by what the scheme declares, never by name (issue #16 §2): those marked
 * `x-sensitive`, and those playing a sensitive role (the ID number and the phone,
 * engine/scheme/field-roles.ts), so a renamed field stays masked.
 */
import { fieldRoles, formFields, SENSITIVE_ROLES, type CompiledScheme } from '../../engine'
import type { SchemeRegistry } from '../schemes/registry'
import type { AuditEntry, CaseSummary } from '../store'

/**
 * The summary's key for the petitioner's name. Summaries are keyed by role, so a set of sensitive
 * fields holds it (beside the form fields) when the field playing that role is sensitive.
 */
const SUMMARY_NAME = 'petitionerName' satisfies keyof CaseSummary

/**
 * The masked fields of a compiled scheme's forms: marked `x-sensitive` or playing a sensitive
 * role; and {@link SUMMARY_NAME} when a field playing the petitioner's name is one of them.
 */
export function sensitiveFieldsOf(s: CompiledScheme): Set<string> {
  const out = new Set<string>()
  const roles = fieldRoles(s)
  let name = false
  for (const f of s.forms.values()) {
    const map = roles.form(f.def.id)
    // conditional fields too (issue #16): a representative's name is as sensitive shown on a condition
    for (const [field, p] of Object.entries(formFields(f.schema))) if (p['x-sensitive'] === true) out.add(field)
    for (const r of SENSITIVE_ROLES) if (map[r] !== undefined) out.add(map[r])
    if (map.petitionerName !== undefined && out.has(map.petitionerName)) name = true
  }
  if (name) out.add(SUMMARY_NAME)
  return out
}

/** The masked fields (names, addresses, ID numbers, phones…) of one published version. */
export async function sensitiveFields(schemes: SchemeRegistry, schemeId: string, hash: string): Promise<Set<string>> {
  return sensitiveFieldsOf(await schemes.get(schemeId, hash))
}

/**
 * What a `case.pii` reader gets as the petitioner's details: the masked fields, and the fields
 * playing the petitioner's name and address in the case's workflow (masked or not).
 */
export async function petitionerFields(schemes: SchemeRegistry, schemeId: string, hash: string, machine: string): Promise<Set<string>> {
  const s = await schemes.get(schemeId, hash)
  const out = sensitiveFieldsOf(s)
  const map = fieldRoles(s).facts(machine)
  for (const r of ['petitionerName', 'address'] as const) if (map[r] !== undefined) out.add(map[r])
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

/** A case summary with the petitioner's name masked when the scheme marks it sensitive (a copy). */
export function maskSummary<T extends Pick<CaseSummary, 'petitionerName'>>(s: T, fields: Set<string>): T {
  if (!s.petitionerName || !fields.has(SUMMARY_NAME)) return s
  return { ...s, petitionerName: mask(s.petitionerName) as string }
}

/**
 * Summaries as a reader sees them: masked on the cases where `canSeePii` says no, with each
 * scheme version's sensitive fields from `fieldsOf` (asked once per version).
 */
export async function maskSummaries<T extends Pick<CaseSummary, 'petitionerName' | 'schemeId' | 'schemeHash'>>(
  items: T[],
  canSeePii: (s: T) => boolean,
  fieldsOf: (schemeId: string, hash: string) => Promise<Set<string>>,
): Promise<T[]> {
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
      return new Set([SUMMARY_NAME])
    }
  }
}

/** A case view with the sensitive fields masked in its summary, its facts and its form records. */
export function maskView<
  T extends {
    summary?: Pick<CaseSummary, 'petitionerName'>
    context?: { facts?: Record<string, unknown>; records?: Array<{ form?: Record<string, unknown> }> }
  },
>(view: T, fields: Set<string>): T {
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
