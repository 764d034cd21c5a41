/**
 * Input checks of the store's notification calls, one set for the file store and PostgreSQL: a
 * bad argument is a TypeError naming the field, never a half-written inbox.
 */
import type { NoticeItem, StoredNotification } from './types'

const KINDS = new Set<StoredNotification['kind']>(['assigned', 'due_soon', 'overdue', 'urge', 'reply', 'review', 'info'])
const MAX_TEXT = 4000

function text(v: unknown, where: string, max = MAX_TEXT): string {
  if (typeof v !== 'string' || v === '') throw new TypeError(`${where} must be a non-empty string`)
  if (v.length > max) throw new TypeError(`${where} is longer than ${max} characters`)
  return v
}

/** A user name as an inbox key. */
export function checkUser(v: unknown, where: string): string {
  return text(v, where, 200)
}

/**
 * The items of appendNotifications (or the notices of a case write: `where` names them), copied as
 * plain values (only the known fields).
 */
export function checkNotifications(items: unknown, where = 'appendNotifications: items'): NoticeItem[] {
  if (!Array.isArray(items)) throw new TypeError(`${where} must be an array`)
  return items.map((item, i) => {
    const w = `${where}[${i}]`
    if (!item || typeof item !== 'object') throw new TypeError(`${w} must be an object { user, notification }`)
    const { user, notification: n } = item as { user?: unknown; notification?: unknown }
    const u = checkUser(user, `${w}.user`)
    if (!n || typeof n !== 'object') throw new TypeError(`${w}.notification must be an object`)
    const x = n as Record<string, unknown>
    const at = text(x.at, `${w}.notification.at`, 40)
    if (Number.isNaN(Date.parse(at))) throw new TypeError(`${w}.notification.at must be an ISO date-time`)
    if (!KINDS.has(x.kind as StoredNotification['kind'])) throw new TypeError(`${w}.notification.kind must be one of ${[...KINDS].join(', ')}`)
    if (typeof x.read !== 'boolean') throw new TypeError(`${w}.notification.read must be true or false`)
    const out: StoredNotification = {
      id: text(x.id, `${w}.notification.id`, 100),
      at,
      kind: x.kind as StoredNotification['kind'],
      caseId: text(x.caseId, `${w}.notification.caseId`, 200),
      number: text(x.number, `${w}.notification.number`, 200),
      message: text(x.message, `${w}.notification.message`),
      read: x.read,
    }
    if (x.messageEn !== undefined) out.messageEn = text(x.messageEn, `${w}.notification.messageEn`)
    return { user: u, notification: out }
  })
}

/** The users of a list / mark-read call (distinct, at least one). */
export function checkUsers(users: unknown, call: string): string[] {
  if (!Array.isArray(users) || users.length === 0) throw new TypeError(`${call}: users must be a non-empty array of user names`)
  return [...new Set(users.map((u, i) => checkUser(u, `${call}: users[${i}]`)))]
}

export function checkPage(page: unknown): { offset: number; limit: number } {
  const p = (page ?? {}) as { offset?: unknown; limit?: unknown }
  const offset = p.offset ?? 0
  if (!Number.isInteger(offset) || (offset as number) < 0) throw new TypeError('listNotifications: page.offset must be a non-negative integer')
  if (!Number.isInteger(p.limit) || (p.limit as number) < 0) throw new TypeError('listNotifications: page.limit must be a non-negative integer')
  return { offset: offset as number, limit: p.limit as number }
}

export function checkIds(ids: unknown): string[] | 'all' {
  if (ids === 'all') return 'all'
  if (!Array.isArray(ids)) throw new TypeError("markNotificationsRead: ids must be an array of notification ids or 'all'")
  return ids.map((id, i) => text(id, `markNotificationsRead: ids[${i}]`, 100))
}

/** Newest first: later `at`, then later arrival (`seq`). */
export function newestFirst(a: { at: string; seq: number }, b: { at: string; seq: number }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq
}
