import type { EngineClient } from '../engine/client'
import type { LoadReply } from '../engine/protocol'
import type { I18n } from '../i18n'

/** What every preview gets: the engine worker, the latest load (info + staleness) and the language. */
export interface PreviewProps {
  client: EngineClient
  load: LoadReply | null
  /** Increments on every load that changed the compiled scheme or the info */
  loadSeq: number
  i18n: I18n
  jumpTo(file: string, pointer: string): void
}

export const localName = (o: { name: string; nameEn?: string }, lang: string) => (lang === 'en' ? (o.nameEn ?? o.name) : o.name)

/** Calls `fn` after `ms` of quiet; the latest call wins. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): ((...a: A) => void) & { cancel(): void; flush(): void } {
  let h: ReturnType<typeof setTimeout> | null = null
  let last: A | null = null
  const d = ((...a: A) => {
    last = a
    if (h) clearTimeout(h)
    h = setTimeout(() => {
      h = null
      const args = last!
      last = null
      fn(...args)
    }, ms)
  }) as ((...a: A) => void) & { cancel(): void; flush(): void }
  d.cancel = () => {
    if (h) clearTimeout(h)
    h = null
    last = null
  }
  d.flush = () => {
    if (!h || !last) return
    clearTimeout(h)
    h = null
    const args = last
    last = null
    fn(...args)
  }
  return d
}

export function todayLocal(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
