/**
 * Spreadsheet cells that stay text. A text cell beginning with `=`, `+`, `-` or `@` (or a tab or a
 * carriage return) is read by Excel and LibreOffice as a formula — `=HYPERLINK(…)` typed into a
 * public form would become a live link in the town's monthly ranking. Every export (the .xlsx
 * reports, the import error report CSV) passes its cells through `safeCell`, which prefixes such
 * text with a single quote (the OWASP rule against CSV injection). Numbers, dates and empty cells
 * are left as they are.
 */

const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/

/**
 * @example
 *   safeCell('=HYPERLINK("http://x","点我")') // → `'=HYPERLINK("http://x","点我")`
 *   safeCell('团结社区')                        // → '团结社区'
 *   safeCell(-3)                               // → -3 (a number is not a formula)
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}

/** A row of cells, each through `safeCell`. */
export function safeRow<T>(values: readonly T[]): Array<T | string> {
  return values.map(safeCell)
}
