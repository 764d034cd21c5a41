/**
 * In-app notifications for staff: assigned to me, due soon, overdue, a reply received, a review
 * requested. Each is a row of its user's inbox in the store: many transitions notifying one person
 * append side by side instead of queueing on one document. A case change's notices are planned
 * here and written by the store with the case (Store.updateCase/createCase); reminders are
 * appended (Store.appendNotifications).
 */
import { randomUUID } from 'node:crypto'
import type { Store, Reminder, CaseSummary, NoticeItem, StoredNotification } from '../store'
import type { CaseView } from '../cases/service'
import type { SchemeRegistry } from '../schemes/registry'
import { acceptedEvents, type WorkflowNotify } from '../../engine'

/** An account as notifications need it: who it is and which roles it holds. */
export interface Recipient {
  username: string
  displayName: string
  roles: string[]
  /** Units the account's unit-scoped grants in the scheme name (a department officer's unit) */
  units?: string[]
}

export interface NotificationOptions {
  /**
   * The staff accounts. A case records its officer as the intake form has it — a display name or
   * a user name — and notifications go to the accounts answering to that name; without accounts
   * they are kept under the name as written (the reader's display name finds them).
   */
  people?: (schemeId: string) => Promise<Recipient[]>
  /** To find who may decide a requested review: the roles of the events the case now accepts. */
  schemes?: SchemeRegistry
}

export type Notification = StoredNotification
type Draft = Omit<Notification, 'id' | 'at' | 'read'>

export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly opts: NotificationOptions = {},
  ) {}

  /** One inbox, newest first (everything it keeps). */
  async list(user: string): Promise<Notification[]> {
    return this.listAll([user])
  }

  /** Several inboxes of one reader (user name, display name), newest first. */
  async listAll(users: string[]): Promise<Notification[]> {
    if (!users.length) return []
    return (await this.store.listNotifications(users, { offset: 0, limit: Number.MAX_SAFE_INTEGER })).items
  }

  /** The newest `limit` of a reader's inboxes and how many of all they keep are unread (the bell). */
  async inbox(users: string[], limit: number): Promise<{ unread: number; items: Notification[] }> {
    if (!users.length) return { unread: 0, items: [] }
    const page = await this.store.listNotifications(users, { offset: 0, limit })
    return { unread: page.unread, items: page.items }
  }

  /** The inboxes a name on a case of a scheme stands for: the scheme's accounts answering to it, else the name itself. */
  private async inboxesOf(name: string, schemeId: string): Promise<string[]> {
    const people = this.opts.people ? await this.opts.people(schemeId) : []
    const byUser = people.filter((p) => p.username === name)
    if (byUser.length) return [name]
    const byName = people.filter((p) => p.displayName === name).map((p) => p.username)
    return byName.length ? byName : [name]
  }

  /**
   * Accounts holding a role on the events a case accepts now and did not before (who is to act on
   * what just arrived, e.g. the review decision after a review request).
   */
  private async actorsFor(before: CaseSummary | null, after: CaseView): Promise<string[]> {
    if (!this.opts.schemes || !this.opts.people) return []
    const s = await this.opts.schemes.get(after.schemeId, after.schemeHash)
    const def = s.machineDefs.get(after.machine)
    if (!def) return []
    const was = new Set(before ? acceptedEvents(s, after.machine, before.state) : [])
    const roles = new Set(
      acceptedEvents(s, after.machine, after.state)
        .filter((e) => !was.has(e))
        .flatMap((e) => def.events[e]?.roles ?? []),
    )
    if (!roles.size) return []
    return (await this.opts.people(after.schemeId)).filter((p) => p.roles.some((r) => roles.has(r))).map((p) => p.username)
  }

  /** Appends one notice to each user's inbox (a row each: nothing older is rewritten). */
  async push(users: string | string[], n: Draft): Promise<void> {
    const list = typeof users === 'string' ? [users] : users
    if (!list.length) return
    const at = this.now().toISOString()
    await this.store.appendNotifications(list.map((user) => ({ user, notification: { ...n, id: randomUUID(), at, read: false } })))
  }

  async markRead(user: string, ids: string[] | 'all'): Promise<number> {
    return this.store.markNotificationsRead([user], ids)
  }

  /**
   * What a case change tells whom, planned before the change is written and committed with it
   * (CaseService: one durable write for the case and its notices). The one who made the change is
   * not told.
   */
  async plan(before: CaseSummary | null, after: CaseView, event: { type: string; form?: unknown; by: string }): Promise<NoticeItem[]> {
    const officer = after.summary.officer
    const f = (event.form ?? {}) as Record<string, unknown>
    const at = this.now().toISOString()
    const out: NoticeItem[] = []
    const tell = (users: string[], n: Draft) => {
      for (const user of new Set(users)) if (user !== event.by) out.push({ user, notification: { ...n, id: randomUUID(), at, read: false } })
    }
    const officers = async () => (officer ? this.inboxesOf(officer, after.schemeId) : [])
    if (officer && officer !== before?.officer) {
      tell(await officers(), {
        kind: 'assigned',
        caseId: after.id,
        number: after.number,
        message: `${after.number} 已指定您为代办员（${after.summary.category ?? ''}）`,
      })
    }
    // what the workflow definition says the event tells, and to whom
    for (const n of await this.declared(after, event.type)) {
      if (n.when && f[n.when.field] !== n.when.value) continue
      const to = [
        ...(n.to.includes('officer') ? await officers() : []),
        ...(n.to.includes('nextActors') ? await this.actorsFor(before, after) : []),
        ...(n.to.includes('units') ? await this.unitStaff(before, after) : []),
      ]
      tell(to, { kind: n.kind, caseId: after.id, number: after.number, message: n.message.replaceAll('{number}', after.number) })
    }
    return out
  }

  /** Accounts of the units the case is newly sent to (in its summary's units now and not before). */
  private async unitStaff(before: CaseSummary | null, after: CaseView): Promise<string[]> {
    if (!this.opts.people) return []
    const was = new Set(before?.units ?? [])
    const added = new Set(after.summary.units.filter((u) => !was.has(u)))
    if (!added.size) return []
    return (await this.opts.people(after.schemeId)).filter((p) => p.units?.some((u) => added.has(u))).map((p) => p.username)
  }

  /** The notifications the case's workflow declares on an event (`events.<type>.notify`). */
  private async declared(after: CaseView, type: string): Promise<WorkflowNotify[]> {
    if (!this.opts.schemes) return []
    const s = await this.opts.schemes.get(after.schemeId, after.schemeHash)
    return s.machineDefs.get(after.machine)?.events[type]?.notify ?? []
  }

  async onReminders(
    reminders: Reminder[],
    officerOf: (caseId: string) => Promise<{ officer: string | null | undefined; schemeId: string } | null>,
  ): Promise<void> {
    for (const r of reminders) {
      const c = await officerOf(r.caseId)
      if (!c?.officer) continue
      await this.push(await this.inboxesOf(c.officer, c.schemeId), {
        kind: r.kind,
        caseId: r.caseId,
        number: r.caseNumber,
        message: r.message,
        ...(r.messageEn ? { messageEn: r.messageEn } : {}),
      })
    }
  }
}
