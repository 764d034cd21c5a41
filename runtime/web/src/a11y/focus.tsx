/**
 * Keyboard and screen-reader paths through the staff app: a skip link (the first thing Tab reaches)
 * to the screen's heading, focus moved to the new screen's <h1> after navigation, and focus moved
 * to the result after a successful submit.
 */
import { useEffect, useRef, type MouseEvent } from 'react'
import { useT } from './messages'

export const MAIN_ID = 'main-content'

/** Focuses `el` without scrolling past it; makes it focusable first when it is not (tabIndex -1). */
export function focusElement(el: HTMLElement | null | undefined): boolean {
  if (!el) return false
  if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.tabIndex = -1
  el.focus({ preventScroll: true })
  el.scrollIntoView?.({ block: 'nearest' })
  return document.activeElement === el
}

/** The screen's heading: the first <h1> in the main region. */
const screenHeading = () => document.querySelector<HTMLElement>(`#${MAIN_ID} h1`)

/**
 * Waits (up to `ms`, or until a key or pointer press) for the element `find` returns to appear — a lazy screen or a result
 * rendered after data arrives — and focuses it. Returns a cancel function.
 */
export function focusWhenShown(find: () => HTMLElement | null, ms = 15_000): () => void {
  let done = false
  const tryNow = () => !done && focusElement(find()) && (done = true)
  if (tryNow()) return () => {}
  const obs = new MutationObserver(() => {
    if (tryNow()) stop()
  })
  const timer = setTimeout(() => stop(), ms)
  // the person moved on meanwhile (typed, clicked): leave their focus alone
  const stop = () => {
    done = true
    obs.disconnect()
    clearTimeout(timer)
    removeEventListener('keydown', stop, true)
    removeEventListener('pointerdown', stop, true)
  }
  obs.observe(document.body, { childList: true, subtree: true })
  addEventListener('keydown', stop, true)
  addEventListener('pointerdown', stop, true)
  return stop
}

/** Focus a result once it is shown: `focusResult('[data-testid=receipt] h2')`. */
export const focusResult = (selector: string, ms?: number) => focusWhenShown(() => document.querySelector<HTMLElement>(selector), ms)

/** On every change of `routeKey` after the first render, focus the new screen's <h1>. */
export function useFocusHeadingOnNavigate(routeKey: string): void {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    return focusWhenShown(screenHeading)
  }, [routeKey])
}

/** "Skip to main content": visually hidden until focused; moves focus to the screen's heading (the hash router owns `#`). */
export function SkipLink() {
  const t = useT()
  const go = (e: MouseEvent) => {
    e.preventDefault()
    if (!focusElement(screenHeading())) focusElement(document.getElementById(MAIN_ID))
  }
  return (
    <a href={`#${MAIN_ID}`} className="skip-link" onClick={go} data-testid="skip-link">
      {t('skip')}
    </a>
  )
}
