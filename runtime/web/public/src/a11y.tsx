/** The public page's keyboard path: a skip link to the main region, and focus moved to a result once it shows. */
import { useEffect, useRef, type MouseEvent } from 'react'
import { useI18n } from './i18n'

export const MAIN_ID = 'pub-main'
const WORDS = { zh: { skip: '跳到主要内容' }, en: { skip: 'Skip to main content' } } as const

/** Focuses `el` (made focusable with tabIndex -1 when it is not) and keeps it in view. */
export function focusElement(el: HTMLElement | null | undefined): void {
  if (!el) return
  if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.tabIndex = -1
  el.focus({ preventScroll: true })
  el.scrollIntoView?.({ block: 'nearest' })
}

/** A ref whose element is focused when it first shows (a receipt, a status card, an error). */
export function useFocusOnShow<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  useEffect(() => focusElement(ref.current), [])
  return ref
}

/** "Skip to main content": hidden until focused; the tabs own the page's hash, so it moves focus itself. */
export function SkipLink() {
  const { lang } = useI18n()
  const go = (e: MouseEvent) => {
    e.preventDefault()
    focusElement(document.getElementById(MAIN_ID))
  }
  return (
    <a href={`#${MAIN_ID}`} className="pub-skip" onClick={go} data-testid="skip-link">
      {WORDS[lang].skip}
    </a>
  )
}
