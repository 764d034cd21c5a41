/**
 * The language state the apps share: the choice is remembered per device under one key (so a
 * choice made in the staff app carries to the public page, same origin) and sets `<html lang>`.
 * Each app builds its own context value (its `t`, `label`…) over it with `langContext`.
 */
import { createContext, useCallback, useContext, useState, type Context } from 'react'
import { htmlLang, type Lang } from './format'

const LANG_KEY = 'daiban.lang'

/** The remembered language, Chinese when none (or storage is off). */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

/** Remembers the choice and sets `<html lang>` (fonts, screen readers, hyphenation). */
export function rememberLang(l: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, l)
  } catch {
    /* private mode: the choice lasts for this page */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(l)
}

/** A language held in React state, remembered when changed. */
export function useLangState(initial: Lang | (() => Lang) = storedLang, onChange?: (l: Lang) => void): [Lang, (l: Lang) => void] {
  const [lang, set] = useState<Lang>(initial)
  const setLang = useCallback(
    (l: Lang) => {
      rememberLang(l)
      onChange?.(l)
      set(l)
    },
    [onChange],
  )
  return [lang, setLang]
}

/** A context for an app's i18n value with its hook; `fallback` serves screens rendered without a provider. */
export function langContext<V>(fallback: V): { Context: Context<V>; use: () => V } {
  const Context = createContext<V>(fallback)
  return { Context, use: () => useContext(Context) }
}
