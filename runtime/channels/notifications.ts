/**
 * In-app notifications for staff: assigned to me, due soon, overdue, a reply received, a review
 * requested. Kept per user as a bounded list (newest first).
 */
import { randomUUID } from 'node:crypto'
import type { Store, Reminder, CaseSummary } from '../store'
import type { CaseView } from '../cases/service'

export interface Notification {
  id: string
  at: string
  kind: 'assigned' | 'due_soon' | 'overdue' | 'urge' | 'reply' | 'review'
  caseId: string
  number: string
  message: string
  read: boolean
}

const LIMIT = 500

export class NotificationService {
  private chain: Promise<unknown> = Promise.resolve()
  constructor(private readonly store: Store, private readonly now: () => Date) {}

  private key(user: string) {
    return `notifications/${user}`
  }

  async list(user: string): Promise<Notification[]> {
    return (await this.store.getDoc<Notification[]>(this.key(user))) ?? []
  }

  /** Serialised so two events never overwrite each other's notification. */
  async push(user: string, n: Omit<Notification, 'id' | 'at' | 'read'>): Promise<void> {
    const run = this.chain.then(async () => {
      const list = await this.list(user)
      list.unshift({ ...n, id: randomUUID(), at: this.now().toISOString(), read: false })
      await this.store.putDoc(this.key(user), list.slice(0, LIMIT))
    })
    this.chain = run.catch(() => {})
    return run
  }

  async markRead(user: string, ids: string[] | 'all'): Promise<number> {
    let n = 0
    const run = this.chain.then(async () => {
      const list = await this.list(user)
      for (const x of list) if (!x.read && (ids === 'all' || ids.includes(x.id))) { x.read = true; n++ }
      await this.store.putDoc(this.key(user), list)
    })
    this.chain = run.catch(() => {})
    await run
    return n
  }

  /** After a case changed: who should hear about it. */
  async onCaseChanged(before: CaseSummary | null, after: CaseView, event: { type: string; form?: unknown; by: string }): Promise<void> {
    const officer = after.summary.officer
    const f = (event.form ?? {}) as Record<string, unknown>
    if (officer && officer !== before?.officer && officer !== event.by) {
      await this.push(officer, { kind: 'assigned', caseId: after.id, number: after.number, message: `${after.number} 已指定您为代办员（${after.summary.category ?? ''}）` })
    }
    if (!officer || officer === event.by) return
    if (event.type === 'RECORD_REPLY') await this.push(officer, { kind: 'reply', caseId: after.id, number: after.number, message: `${after.number} 收到单位答复` })
    if (event.type === 'FEEDBACK' && f.reviewRequested === true) await this.push(officer, { kind: 'review', caseId: after.id, number: after.number, message: `${after.number} 信访人申请复查` })
  }

  async onReminders(reminders: Reminder[], officerOf: (caseId: string) => Promise<string | null>): Promise<void> {
    for (const r of reminders) {
      const officer = await officerOf(r.caseId)
      if (officer) await this.push(officer, { kind: r.kind, caseId: r.caseId, number: r.caseNumber, message: r.message })
    }
  }
}
