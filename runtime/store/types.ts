/**
 * The store interface. Implementations: `FileStore` (embedded default, lowdb documents in a
 * data folder) and, later, PostgreSQL. Callers never import a storage library directly.
 *
 * Contract every implementation keeps:
 * - A write resolves only once it is durable (fsync'd); a crash never leaves half a write.
 * - `updateCase` refuses a stale `expectedVersion` with a `StoreConflictError` (HTTP 409).
 * - A case write, its audit entries and its notices are committed together or not at all.
 * - The cost of a transition does not grow with the number of cases stored.
 */

/** Fields lifted out of a case for listing and filtering without loading the whole case. */
export interface CaseSummary {
  id: string
  /** Readable number, e.g. GLT-2026-000123 */
  number: string
  schemeId: string
  schemeVersion: string
  /** Current state value as a dotted path, e.g. "handling" or "closed.excluded" */
  state: string
  /** Stage label key (from the workflow's stateInfo), e.g. "handling" */
  stage: string
  status: 'active' | 'done' | 'error'
  village: string | null
  group: string | null
  channel: string | null
  category: string | null
  /** The matter's level as decided (a rule's derived value over the typed one; absent in summaries written before issue #16) */
  level?: string | null
  officer: string | null
  petitionerName: string | null
  receivedOn: string | null
  /** Earliest due date of the running clocks, or null */
  dueDate: string | null
  /** Units the case was dispatched to (处置单) */
  units: string[]
  createdAt: string
  updatedAt: string
  version: number
  /** Which workflow of the scheme the case runs ("case", "complaint", …) */
  machine?: string
  /** Human label of the state (from the workflow's stateInfo) */
  stateName?: string
  /** Triage outcome */
  outcome?: string | null
  /** Running and paused clocks, so the scheduler needs no case reads */
  clocks?: Array<{
    clock: string
    name: string
    status: 'running' | 'paused' | 'stopped'
    startedOn: string
    dueDate: string
    unit: 'workday' | 'calendar'
    setOn?: string
  }>
  /** Content hash of the scheme version the case runs on */
  schemeHash?: string
  /** Conclusion, resolution and satisfaction, for the assessment's rates */
  concludedOn?: string | null
  resolved?: boolean | null
  satisfied?: boolean | null
  /** The facts rules decided (a collective petition's level…): the typed value and the rule, beside the decided one above */
  derived?: Array<{ field: string; role: string | null; typed: unknown; value: unknown; rule: string; ruleName: string }>
  /** Keyed hashes of the petitioner's ID number, phone, and name+village, for repeat detection without plaintext */
  matchKeys?: string[]
  /** Cases linked as the same matter (repeat / multi-channel petitions) */
  linked?: string[]
}

export interface CaseRecord {
  summary: CaseSummary
  /** Scheme pinning: a hash of the exact definitions the case runs on. */
  schemeHash: string
  /** XState persisted snapshot (plain JSON). */
  snapshot: unknown
}

export interface AuditEntry {
  /** Monotonic sequence within the store */
  seq?: number
  at: string
  actor: string
  caseId: string | null
  action: string
  /** Event type or operation name */
  event?: string
  /** What changed: a small diff or the form data */
  changes?: unknown
  fromVersion?: number
  toVersion?: number
  /**
   * The scheme (or schemes) the entry is about: the case's, the duty record's, the scheme
   * published, the schemes of an account's grants. Who may read the entry follows from it
   * (runtime/auth/audit-scope.ts). Absent on entries about no scheme and on older entries.
   */
  schemeId?: string | string[]
  /** Tamper evidence, assigned by the store with the seq: the previous entry's hash and this one's */
  prevHash?: string
  hash?: string
}

export interface Reminder {
  /** Deterministic id, e.g. `${caseId}:${clockId}:${kind}:${dueDate}:${n}` — raising it twice is a no-op */
  id: string
  caseId: string
  caseNumber: string
  clock: string
  kind: 'due_soon' | 'overdue' | 'urge'
  dueDate: string
  raisedAt: string
  /** The local date the reminder is for */
  forDate: string
  message: string
  /** The message in English (reminders raised before it existed have none) */
  messageEn?: string
  acknowledgedBy?: string | null
}

/** One in-app notice to one staff member, as the store keeps it (runtime/channels/notifications.ts decides who gets what). */
export interface StoredNotification {
  /** Unique within an inbox: appending an id the inbox holds again keeps the first */
  id: string
  /** ISO time; an inbox lists newest first */
  at: string
  kind: 'assigned' | 'due_soon' | 'overdue' | 'urge' | 'reply' | 'review' | 'info'
  caseId: string
  number: string
  message: string
  /** English text, when the source has one (reminders) */
  messageEn?: string
  read: boolean
}

/** A notice for one user's inbox (appendNotifications, and the notices of a case write). */
export interface NoticeItem {
  user: string
  notification: StoredNotification
}

/** How many notifications an inbox keeps (the newest; older ones are dropped as new ones arrive). */
export const NOTIFICATION_RETENTION = 500

export interface CaseFilter {
  state?: string
  stage?: string
  status?: CaseSummary['status']
  village?: string
  group?: string
  channel?: string
  officer?: string
  unit?: string
  schemeId?: string
  /** due on or before this date (and still running) */
  dueOnOrBefore?: string
  receivedFrom?: string
  receivedTo?: string
  q?: string
  /** Jurisdiction: a case matches when its village is listed or it was dispatched to a listed unit */
  jurisdiction?: { villages: string[]; units: string[] }
  /** Only cases of this workflow ("case", "complaint") */
  machine?: string
  /** The channel is one of these (e.g. the scheme's online channels; the reports' click-through) */
  channels?: string[]
  /** The triage outcome is one of these (e.g. the outcomes the rules mark proxied) */
  outcomes?: string[]
  /** Has a conclusion date (true) or none yet (false) */
  concluded?: boolean
  /** Marked resolved (true) or not (false) */
  resolved?: boolean
  /** The petitioner's satisfaction was recorded (true) or not yet (false) */
  feedback?: boolean
  /** The petitioner was satisfied (true) or dissatisfied (false); either way feedback was given */
  satisfied?: boolean
  /** Concluded on or before this date (the reports count a conclusion as of the end of their period) */
  concludedOnOrBefore?: string
  /** Only these cases (by id) */
  ids?: string[]
  /** None of these cases (the reports leave out the later cases of a linked group) */
  excludeIds?: string[]
}

export interface Page {
  offset: number
  limit: number
  sort?: keyof CaseSummary
  order?: 'asc' | 'desc'
}

export class StoreConflictError extends Error {
  readonly code = 'CONFLICT'
  constructor(
    readonly caseId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`case ${caseId} is at version ${actual}, not ${expected}`)
    this.name = 'StoreConflictError'
  }
}

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE'
  constructor(message: string) {
    super(message)
    this.name = 'StoreUnavailableError'
  }
}

export interface Store {
  /** Opens (and recovers) the store; refuses with StoreUnavailableError when locked by another process or corrupt beyond recovery. */
  open(): Promise<void>
  close(): Promise<void>
  /** Next value of a named durable counter (never reused, even after a crash). */
  nextSequence(name: string): Promise<number>
  /**
   * Stores a new case with its audit entries and the notices it sends (each to its user's inbox, as
   * appendNotifications does), in one commit: durable together on return, or none of them.
   */
  createCase(record: CaseRecord, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void>
  getCase(id: string): Promise<CaseRecord | null>
  getCaseByNumber(number: string): Promise<CaseRecord | null>
  /**
   * Replaces the case if its stored version equals expectedVersion; record.summary.version must be
   * expectedVersion + 1. Its audit entries and notices are committed with it (see createCase).
   */
  updateCase(record: CaseRecord, expectedVersion: number, audit: AuditEntry[], notices?: NoticeItem[]): Promise<void>
  /** A page and the number of matches; `totalCapped`: more than `total` match (a store may stop counting at a cap). */
  listCases(filter: CaseFilter, page: Page): Promise<{ items: CaseSummary[]; total: number; totalCapped?: boolean }>
  /** Every summary (for the scheduler and reports); implementations may stream internally. */
  allSummaries(filter?: CaseFilter): Promise<CaseSummary[]>
  /** Every summary as the store holds it, not copied (reports over every case): the caller must not change them.
   *  Optional: callers fall back to allSummaries. */
  readSummaries?(filter?: CaseFilter): Promise<readonly Readonly<CaseSummary>[]>
  appendAudit(entries: AuditEntry[]): Promise<void>
  listAudit(caseId: string): Promise<AuditEntry[]>
  /** Every audit entry in seq order (the audit page and `daiban audit verify`). */
  listAllAudit(): Promise<AuditEntry[]>
  /** Inserts reminders whose id is new; returns those actually inserted (exactly-once raising). */
  raiseReminders(reminders: Reminder[]): Promise<Reminder[]>
  listReminders(filter: { caseId?: string; open?: boolean }): Promise<Reminder[]>
  acknowledgeReminder(id: string, by: string): Promise<boolean>
  /**
   * Appends notifications, each to its user's inbox: a row of its own, older ones are never
   * rewritten (many writers notifying one user do not wait for each other). Durable on return;
   * an id the inbox already holds is skipped. An inbox keeps about its newest NOTIFICATION_RETENTION.
   */
  appendNotifications(items: NoticeItem[]): Promise<void>
  /** The inboxes of `users` together, newest first (`at`, then arrival): one page, the number kept and the number unread. */
  listNotifications(users: string[], page: { offset: number; limit: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }>
  /** Marks the listed notifications (or all) of these inboxes read; returns how many were unread. */
  markNotificationsRead(users: string[], ids: string[] | 'all'): Promise<number>
  /** Small key-value documents (published scheme versions, settings). */
  getDoc<T = unknown>(key: string): Promise<T | null>
  putDoc(key: string, value: unknown): Promise<void>
  /**
   * Read-modify-write of one document, atomic against every other writer of that key (other
   * instances on the same database included): `fn` gets the current value (null when absent) and
   * returns the new one, which is stored and returned. `fn` must be pure: it may run again.
   */
  updateDoc<T>(key: string, fn: (current: T | null) => T): Promise<T>
}
