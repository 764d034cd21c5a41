/**
 * The public page's language, outside React so the API client can send it: Chinese by default,
 * English when chosen. The choice is remembered under the staff app's key (same origin, the web
 * kit's `storedLang`), so a choice made in either app carries to the other.
 */
import { htmlLang, type Lang } from '../../kit/i18n/format'
import { rememberLang, storedLang } from '../../kit/i18n/react'

export type { Lang }
export { htmlLang, storedLang }

let current: Lang = storedLang()

/** The language the page shows now (and asks the server for) */
export const currentLang = (): Lang => current

/** Switches: remembers the choice and sets `<html lang>` (fonts, screen readers, hyphenation). */
export function applyLang(l: Lang): void {
  current = l
  rememberLang(l)
}
