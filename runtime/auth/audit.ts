/**
 * Reading the audit log (issue #15, findings 2 and 11): what a reader is shown of it.
 *
 * - Scope: an entry is shown to readers with `audit.read` in (one of) the schemes it is about
 *   (./audit-scope); an entry about no scheme only to auditors of every scheme.
 * - Privacy: the form data entries recorded (case registrations, events) is masked exactly as the
 *   case view masks it — the scheme's `x-sensitive` fields, unless the reader holds `case.pii`
 *   for that case; a reader who does sees it unmasked, and that is recorded (`pii.view`).
 */
import type { AuditEntry, CaseSummary, Store } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import { ServiceError } from '../errors'
import { authMsg } from './messages'
import { maskAuditEntry, sensitiveFields, sensitiveIn } from '../cases/masking'
import type { Policy, Principal } from './policy'
import { aboutSchemes, entrySchemes } from './audit-scope'

/** An entry as shown: `masked` when sensitive form values were masked. */
export type AuditEntryView = AuditEntry & { masked?: true }

/** GET /api/audit's filters (query strings as given). */
export interface AuditQuery {
  actor?: unknown
  action?: unknown
  caseId?: unknown
  from?: unknown
  /** Inclusive: a date or any prefix of a timestamp */
  to?: unknown
  /** 1–500, default 100: the newest entries */
  limit?: unknown
}

interface CaseInfo {
  summary: Pick<CaseSummary, 'id' | 'schemeId' | 'village' | 'units'>
  schemeHash: string | null
}

export class AuditService {
  constructor(
    private readonly d: {
      store: Store
      schemes: SchemeRegistry
      policy: () => Policy
      now: () => Date
    },
  ) {}

  /** The audit log as this reader may see it, newest first, filtered by `q`. */
  async search(p: Principal, q: AuditQuery): Promise<{ total: number; items: AuditEntryView[] }> {
    const policy = this.d.policy()
    const schemes = policy.schemeIds()
    const auditable = new Set(schemes.filter((s) => policy.can(p, 'audit.read', undefined, s)))
    const everyScheme = schemes.length > 0 && schemes.every((s) => auditable.has(s))
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
    const [actor, action, caseId, from, to] = [str(q.actor), str(q.action), str(q.caseId), str(q.from), str(q.to)]
    const limit = Math.min(500, Math.max(1, Number(q.limit ?? 100) || 100))
    let items = (await this.d.store.listAllAudit()).filter(
      (e) =>
        (!actor || e.actor === actor) &&
        (!action || e.action === action) &&
        (!caseId || e.caseId === caseId) &&
        (!from || e.at >= from) &&
        (!to || e.at.slice(0, to.length) <= to),
    )
    const cases = new Map<string, CaseInfo | null>()
    if (!everyScheme) {
      // Entries from before `schemeId` are about their case's scheme: the cases of the schemes the
      // reader audits are the only ones that can make such an entry visible.
      if (items.some((e) => e.schemeId === undefined && e.caseId)) {
        for (const s of auditable)
          for (const c of await this.d.store.allSummaries({ schemeId: s })) cases.set(c.id, { summary: c, schemeHash: c.schemeHash ?? null })
      }
      items = items.filter((e) => entrySchemes(e, (id) => cases.get(id)?.summary.schemeId).some((s) => auditable.has(s)))
    }
    const page = items.slice(-limit).reverse()
    return { total: items.length, items: await this.present(p, page, cases, 'audit') }
  }

  /** The audit trail of one case (by id or number), as this reader may see it; NOT_FOUND outside their cases. */
  async ofCase(p: Principal, idOrNumber: string): Promise<AuditEntryView[]> {
    const rec = /^[A-Z]{2,8}-/.test(idOrNumber) ? await this.d.store.getCaseByNumber(idOrNumber) : await this.d.store.getCase(idOrNumber)
    if (!rec || !this.d.policy().canOnCase(p, 'case.read', rec.summary)) throw new ServiceError('NOT_FOUND', authMsg('caseNotFound', { id: idOrNumber }))
    const entries = await this.d.store.listAudit(rec.summary.id)
    return this.present(p, entries, new Map([[rec.summary.id, { summary: rec.summary, schemeHash: rec.schemeHash }]]), 'case-audit')
  }

  /**
   * Entries with their form data masked where the reader lacks `case.pii` for the case; where they
   * hold it and sensitive values are shown, one `pii.view` entry per case records it.
   */
  private async present(p: Principal, entries: AuditEntry[], cases: Map<string, CaseInfo | null>, via: 'audit' | 'case-audit'): Promise<AuditEntryView[]> {
    const policy = this.d.policy()
    const fieldsCache = new Map<string, Promise<Set<string> | null>>()
    const fieldsOf = (schemeId: string, hash: string | null) => {
      const key = `${schemeId}@${hash ?? 'latest'}`
      let f = fieldsCache.get(key)
      if (!f) {
        f = (async () => sensitiveFields(this.d.schemes, schemeId, hash ?? (await this.d.schemes.latest(schemeId)).hash))().catch(() => null)
        fieldsCache.set(key, f)
      }
      return f
    }
    const caseOf = async (id: string): Promise<CaseInfo | null> => {
      const known = cases.get(id)
      if (known && known.schemeHash) return known
      const rec = await this.d.store.getCase(id)
      const info = rec ? { summary: rec.summary, schemeHash: rec.schemeHash } : null
      cases.set(id, info)
      return info
    }
    const revealed = new Map<string, { schemeId: string; fields: Set<string> }>()
    const out: AuditEntryView[] = []
    for (const e of entries) {
      const form = (e.changes as { form?: unknown } | null | undefined)?.form
      if (!e.caseId || !form || typeof form !== 'object') {
        out.push(e)
        continue
      }
      const c = await caseOf(e.caseId)
      // Without its case (or its scheme version) the sensitive fields are unknown: every field is masked.
      const fields = (c && (await fieldsOf(c.summary.schemeId, c.schemeHash))) ?? new Set(Object.keys(form))
      if (!c || !policy.canOnCase(p, 'case.pii', c.summary)) {
        out.push(maskAuditEntry(e, fields))
        continue
      }
      const shown = sensitiveIn(e, fields)
      if (shown.length) {
        const r = revealed.get(c.summary.id) ?? { schemeId: c.summary.schemeId, fields: new Set<string>() }
        shown.forEach((f) => r.fields.add(f))
        revealed.set(c.summary.id, r)
      }
      out.push(e)
    }
    if (revealed.size) {
      const at = this.d.now().toISOString()
      await this.d.store.appendAudit(
        [...revealed].map(([caseId, r]) => ({
          at,
          actor: p.username,
          caseId,
          action: 'pii.view',
          ...aboutSchemes([r.schemeId]),
          changes: { fields: [...r.fields].sort(), via },
        })),
      )
    }
    return out
  }
}
