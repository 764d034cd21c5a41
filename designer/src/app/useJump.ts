/**
 * Going to a place in the draft (a problem clicked, a search hit, an impact row): the edit view,
 * the file, and the member: in the JSON editor its text, in a visual editor the control that edits
 * it, revealed and flashed (no such control: the JSON view at the member, with a note why).
 */
import { useCallback, useEffect, useState, type RefObject } from 'react'
import { message } from 'antd'
import type { JumpTarget } from '../editor/CodeEditor'
import { elementForPointer } from '../visual/kit'
import type { Mode } from './useMode'

export function useJump(o: {
  orderRef: RefObject<string[]>
  setActive(file: string): void
  showEdit(): void
  mode: Mode
  setMode(m: Mode): void
  setJsonNote(note: string | null): void
  visualRef: RefObject<HTMLDivElement | null>
  noControlNote: string
}) {
  const { orderRef, setActive, showEdit, mode, setMode, setJsonNote, visualRef, noControlNote } = o
  const [jump, setJump] = useState<JumpTarget | null>(null)
  const jumpTo = useCallback(
    (file: string, pointer: string) => {
      if (!orderRef.current.includes(file)) {
        message.warning(`${file} ${pointer}`)
        return
      }
      showEdit()
      setActive(file)
      setJump({ file, pointer, nonce: Date.now() })
    },
    [orderRef, showEdit, setActive],
  )
  const openJson = useCallback(
    (file: string, pointer?: string, note?: string) => {
      setJsonNote(note ?? null)
      setMode('json')
      if (pointer !== undefined) setJump({ file, pointer, nonce: Date.now() })
    },
    [setMode, setJsonNote],
  )
  // In the visual view, a jump (problem clicked, search hit) reveals and flashes the control for the pointer.
  useEffect(() => {
    if (!jump || mode !== 'visual') return
    let tries = 0
    let h = 0
    const tryReveal = () => {
      const root = visualRef.current
      const el = root && root.dataset.file === jump.file ? elementForPointer(root, jump.pointer) : null
      if (el) {
        el.scrollIntoView({ block: 'center', behavior: 'smooth' })
        el.classList.remove('daiban-flash')
        void el.offsetWidth
        el.classList.add('daiban-flash')
        el.querySelector<HTMLElement>('input, textarea, .ant-select-selector, button')?.focus({ preventScroll: true })
      } else if (++tries < 40) h = window.setTimeout(tryReveal, 50)
      // no control edits it (a member the visual editor does not show): the JSON view, at the member
      else openJson(jump.file, jump.pointer, noControlNote)
    }
    tryReveal()
    return () => window.clearTimeout(h)
  }, [jump, mode, openJson, noControlNote, visualRef])
  return { jump, jumpTo, openJson }
}
