/**
 * Every edit of the working copy, typed in the JSON editor or made by a visual editor, is one entry
 * in the draft's history (undo/redo, also Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text inputs), and
 * is followed by a validation and an autosave.
 */
import { useCallback, useEffect } from 'react'
import { message } from 'antd'
import { writeJson } from '../../../engine/scheme/json-edit'
import type { I18n } from '../i18n'
import type { DraftState } from './useDraft'

export function useDraftEdits(
  draft: Pick<DraftState, 'textsRef' | 'draftHistory' | 'historyChanged' | 'setTexts' | 'setActive'>,
  after: { noteEdit(): void; runLoad(): void; autosave(): void },
  t: I18n['t'],
) {
  const { textsRef, draftHistory, historyChanged, setTexts, setActive } = draft
  const { noteEdit, runLoad, autosave } = after
  /** One edit of the draft: one entry in its history. */
  const applyText = useCallback(
    (file: string, text: string, label: string, key: string, viewFile = file) => {
      if (textsRef.current[file] === text) return
      noteEdit()
      draftHistory.record(textsRef.current, viewFile, label, key)
      setTexts({ ...textsRef.current, [file]: text })
      historyChanged()
      runLoad()
      autosave()
    },
    [textsRef, noteEdit, draftHistory, setTexts, historyChanged, runLoad, autosave],
  )
  const onChange = useCallback((file: string, text: string) => applyText(file, text, t('histJson', { file }), `json:${file}`), [applyText, t])
  /** A visual editor's write; `viewFile` is the editor's own file when it writes another one (undo shows the editor). */
  const onVisualChange = useCallback(
    (file: string, next: unknown, label: string, opts?: { coalesceKey?: string }, viewFile = file) => {
      applyText(
        file,
        writeJson(textsRef.current[file] ?? '', next),
        label,
        opts?.coalesceKey ? `v:${file}:${opts.coalesceKey}` : `v:${file}:${performance.now()}`,
        viewFile,
      )
    },
    [applyText, textsRef],
  )
  const travel = useCallback(
    (dir: 'undo' | 'redo') => {
      const e = dir === 'undo' ? draftHistory.undo(textsRef.current) : draftHistory.redo(textsRef.current)
      if (!e) return
      setTexts(e.texts as Record<string, string>)
      setActive(e.file)
      historyChanged()
      message.info({ content: t(dir === 'undo' ? 'histUndone' : 'histRedone', { what: e.label }), key: 'history', duration: 1.5 })
      runLoad()
      autosave()
    },
    [draftHistory, textsRef, setTexts, setActive, historyChanged, runLoad, autosave, t],
  )
  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text inputs (the JSON editor binds the same keys to the draft's history)
  useEffect(() => {
    const k = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return
      const el = e.target as HTMLElement | null
      if (el && (el.closest('input, textarea, [contenteditable="true"]') || el.closest('.monaco-editor'))) return
      const key = e.key.toLowerCase()
      if (key === 'z' || key === 'y') {
        e.preventDefault()
        travel(key === 'y' || e.shiftKey ? 'redo' : 'undo')
      }
    }
    window.addEventListener('keydown', k)
    return () => window.removeEventListener('keydown', k)
  }, [travel])
  return { onChange, onVisualChange, travel }
}
