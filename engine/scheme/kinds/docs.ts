/**
 * The README's table of definition kinds, made from the registry: a kind's docs live in its module
 * and the table cannot fall behind. `npm run gen:validators` writes it between the markers; a test
 * fails when the README differs.
 */
import { KIND_MODULES } from './index'

export const KINDS_TABLE_BEGIN = '<!-- kinds: generated from engine/scheme/kinds by npm run gen:validators -->'
export const KINDS_TABLE_END = '<!-- /kinds -->'

/** The markdown table: kind, its usual files, what it holds (optional kinds say so). */
export function kindsTable(): string {
  const rows = KIND_MODULES.map((k) => `| \`${k.kind}\`${k.presence === 'optional' ? ' (optional)' : ''} | ${k.docs.files} | ${k.docs.holds} |`)
  return ['| kind | file(s) | what it holds |', '|---|---|---|', ...rows].join('\n')
}

/** `text` (the README) with the table between the markers replaced; null when the markers are missing. */
export function withKindsTable(text: string): string | null {
  const a = text.indexOf(KINDS_TABLE_BEGIN)
  const b = text.indexOf(KINDS_TABLE_END)
  if (a < 0 || b < a) return null
  return `${text.slice(0, a + KINDS_TABLE_BEGIN.length)}\n${kindsTable()}\n${text.slice(b)}`
}
