/**
 * The public page's language, outside React so the API client can send it: Chinese by default,
 * English when chosen. The choice is remembered under the staff app's key (same origin), so a
 * choice made in either app carries to the other.
 */
export type Lang = 'zh' | 'en'

const KEY = 'daiban.lang'

export function storedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

let current: Lang = storedLang()

/** The language the page shows now (and asks the server for) */
export const currentLang = (): Lang => current

/** Switches: remembers the choice and sets `<html lang>` (fonts, screen readers, hyphenation). */
export function applyLang(l: Lang): void {
  current = l
  try {
    localStorage.setItem(KEY, l)
  } catch {
    /* private mode: the choice lasts for this page */
  }
  document.documentElement.lang = htmlLang(l)
}

export const htmlLang = (l: Lang) => (l === 'en' ? 'en' : 'zh-CN')
