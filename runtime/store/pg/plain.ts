/**
 * Input checks of the PostgreSQL store: the same shapes and messages FileStore enforces (plain
 * JSON, summary id/number/version, audit at/actor/action), plus one limit of its own: PostgreSQL's
 * jsonb cannot hold the character U+0000, so a value containing it is refused with a TypeError
 * instead of failing later inside the database.
 */
import { inputChecks } from '../input'

function shortReason(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** U+0000 as JSON.stringify writes it (an even number of backslashes before it = a real escape). */
const NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/

/** JSON text of a value, refusing what is not plain JSON or cannot be stored in jsonb. */
export function jsonText(value: unknown, what: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw new TypeError(`${what} is not plain JSON (${shortReason(e)})`)
  }
  if (text === undefined) throw new TypeError(`${what} is not plain JSON`)
  if (text.includes('\\u0000') && NUL.test(text)) {
    throw new TypeError(`${what} contains the character U+0000, which PostgreSQL cannot store`)
  }
  return text
}

export function toPlain<T>(value: T, what: string): T {
  return JSON.parse(jsonText(value, what)) as T
}

/** PostgreSQL's version column is a 32-bit integer; an empty acknowledgement counts as none. */
export const { checkRecord, checkAudit, checkReminder } = inputChecks(toPlain, { maxVersion: 2_147_483_647, emptyAcknowledgedIsNull: true })
