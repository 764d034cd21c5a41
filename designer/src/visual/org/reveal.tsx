/**
 * Controls in a tab or panel that is not shown still have to be found when the host reveals a
 * pointer (a problem clicked, a search hit): the host flashes the marked element that best fits the
 * pointer (kit.tsx `At`), and falls back to the JSON view when there is none. So each hidden part
 * leaves cheap hidden markers for the members it edits; when the host flashes one, the editor shows
 * that part and reveals the control there.
 */
import { memo, useEffect, type RefObject } from 'react'

/** The host's flash class (App.tsx adds it to the element it reveals). */
const FLASH = 'daiban-flash'

/** Every node's pointer under `value` at `base` (the node itself included). */
export function nodePointers(value: unknown, base: string, out: string[] = [], depth = 0): string[] {
  out.push(base)
  if (depth > 32 || !value || typeof value !== 'object') return out
  for (const [k, v] of Object.entries(value)) nodePointers(v, `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out, depth + 1)
  return out
}

/** Hidden markers of the part `group` (a tab, a panel) for these pointers; re-rendered only when the set changes (not on every keystroke). */
export const Markers = memo(
  function Markers({ group, pointers }: { group: string; pointers: string[] }) {
    return (
      <div hidden data-reveal-group={group}>
        {pointers.map((p) => (
          <span key={p} data-pointer={p} />
        ))}
      </div>
    )
  },
  (a, b) => a.group === b.group && a.pointers.length === b.pointers.length && a.pointers.every((p, i) => p === b.pointers[i]),
)

/** The shown control that best fits `pointer` under `root` (markers excluded). */
function shownFor(root: HTMLElement, pointer: string): HTMLElement | null {
  let best: HTMLElement | null = null
  let len = -1
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-pointer]'))) {
    if (el.closest('[data-reveal-group]')) continue
    const p = el.dataset.pointer ?? ''
    if ((pointer === p || pointer.startsWith(p + '/')) && p.length > len) {
      best = el
      len = p.length
    }
  }
  return best
}

/**
 * When the host flashes a marker under `root`, `show(group)` shows that part; then the control for
 * the marker's pointer is scrolled to, flashed and focused.
 */
export function useRevealHidden(root: RefObject<HTMLElement | null>, show: (group: string) => void): void {
  useEffect(() => {
    const el = root.current
    if (!el || typeof MutationObserver === 'undefined') return
    const mo = new MutationObserver((records) => {
      for (const r of records) {
        const target = r.target as HTMLElement
        if (!target.classList?.contains(FLASH)) continue
        const group = target.closest<HTMLElement>('[data-reveal-group]')?.dataset.revealGroup
        const pointer = target.dataset.pointer
        if (group === undefined || pointer === undefined) continue
        target.classList.remove(FLASH)
        show(group)
        let tries = 0
        const reveal = () => {
          if (!el.isConnected) return
          const c = shownFor(el, pointer)
          if (!c || c.offsetParent === null) {
            if (++tries < 20) setTimeout(reveal, 50)
            return
          }
          c.scrollIntoView({ block: 'center', behavior: 'smooth' })
          c.classList.remove(FLASH)
          void c.offsetWidth
          c.classList.add(FLASH)
          c.querySelector<HTMLElement>('input, textarea, .ant-select-selector, button')?.focus({ preventScroll: true })
        }
        setTimeout(reveal, 0)
      }
    })
    mo.observe(el, { attributes: true, attributeFilter: ['class'], subtree: true })
    return () => mo.disconnect()
  }, [root, show])
}
