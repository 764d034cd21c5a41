/**
 * The definition editor: one Monaco model per draft file, the kind's JSON Schema for completion and
 * hover, the engine's problems as markers at their JSON pointers, Ctrl+S to save, and the cursor
 * reported so the previews can follow it. Default export: loaded with React.lazy.
 */
import { useEffect, useMemo, useRef } from 'react'
import Editor, { type OnMount } from '@monaco-editor/react'
import { monaco, jsonDefaults } from './monaco'
import { schemaAssociations } from './schemas'
import { indexJson, locate, positionAt } from '../lib/json-index'
import { problemsToMarkers, type Problem } from '../lib/problems'
import { kindOf } from '../lib/kinds'
import { parsedDraft } from '../draft/parsed'
import { refChoices } from '../../../engine/scheme/refs'
import type { Lang } from '../i18n'

export interface JumpTarget {
  file: string
  pointer: string
  nonce: number
}

export interface CodeEditorProps {
  schemeId: string
  files: string[]
  texts: Record<string, string>
  active: string
  problems: Problem[]
  lang: Lang
  /** Bumped when texts were replaced from outside (import, discard, publish): models are reset */
  resetNonce: number
  jump: JumpTarget | null
  onChange(file: string, text: string): void
  onSave(): void
  onCursor(file: string, offset: number): void
  /** Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y): the draft's history, over every file (not Monaco's per-model one) */
  onUndo?(): void
  onRedo?(): void
}

export const modelUri = (schemeId: string, file: string) => `inmemory://daiban/${schemeId}/${file}`

function reveal(ed: monaco.editor.IStandaloneCodeEditor, pointer: string): void {
  const m = ed.getModel()
  if (!m) return
  const idx = indexJson(m.getValue())
  const r = locate(idx, pointer)
  const a = positionAt(idx, r.start)
  const b = positionAt(idx, r.end)
  const range = new monaco.Range(a.line, a.column, b.line, b.column)
  ed.revealRangeInCenter(range)
  ed.setSelection(range)
  ed.focus()
}

export default function CodeEditor(props: CodeEditorProps) {
  const { schemeId, files, texts, active, problems, lang, resetNonce, jump } = props
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null)
  const cb = useRef(props)
  cb.current = props
  const external = useRef(false)

  // Schema association per file kind; re-set only when it changes (it restarts the JSON worker).
  // …and the ids the draft offers for each reference (form ids, clock ids…), offered by completion.
  const choices = useMemo(() => refChoices(parsedDraft(files, texts).files), [files, texts])
  const choicesKey = JSON.stringify(choices)
  const assocKey = useMemo(() => JSON.stringify(files.map((f) => [f, kindOf(texts[f] ?? '')])) + lang + choicesKey, [files, texts, lang, choicesKey])
  useEffect(() => {
    const list = files.map((f) => ({ uri: modelUri(schemeId, f), kind: kindOf(texts[f] ?? '') }))
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      comments: 'error',
      trailingCommas: 'error',
      enableSchemaRequest: false,
      schemaRequest: 'ignore',
      // Schema errors come from the engine itself (the same ajv check as the server), in Chinese.
      schemaValidation: 'ignore',
      schemas: schemaAssociations(list, lang, choices),
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [assocKey, schemeId])

  // Every file has a model from the start, so markers show in files not yet opened.
  useEffect(() => {
    for (const f of files) {
      const uri = monaco.Uri.parse(modelUri(schemeId, f))
      const m = monaco.editor.getModel(uri)
      if (!m) monaco.editor.createModel(texts[f] ?? '', 'json', uri)
    }
    for (const m of monaco.editor.getModels()) {
      const u = m.uri.toString()
      if (u.startsWith(`inmemory://daiban/${schemeId}/`) && !files.some((f) => modelUri(schemeId, f) === u)) m.dispose()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files.join('|'), schemeId])

  // Texts replaced from outside (import, discard, a visual editor, undo): write them into the models
  // without reporting them as edits. Typing comes back equal, so nothing is written then.
  useEffect(() => {
    external.current = true
    try {
      for (const f of files) {
        const m = monaco.editor.getModel(monaco.Uri.parse(modelUri(schemeId, f)))
        if (m && m.getValue() !== (texts[f] ?? '')) m.setValue(texts[f] ?? '')
      }
    } finally {
      external.current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetNonce, texts])

  // Markers: each problem at its pointer in the model's current text.
  useEffect(() => {
    const t0 = performance.now()
    for (const f of files) {
      const m = monaco.editor.getModel(monaco.Uri.parse(modelUri(schemeId, f)))
      if (!m) continue
      monaco.editor.setModelMarkers(m, 'daiban', problemsToMarkers(problems, f, m.getValue(), lang) as monaco.editor.IMarkerData[])
    }
    performance.measure('daiban:markers', { start: t0, end: performance.now() })
  }, [problems, lang, files, schemeId])

  // Jump to a problem or a preview's element.
  useEffect(() => {
    const ed = editorRef.current
    if (!jump || !ed || jump.file !== active) return
    if (ed.getModel()?.uri.toString() === modelUri(schemeId, active)) {
      reveal(ed, jump.pointer)
      return
    }
    // The editor has not switched models yet: try again on the next frame.
    const h = requestAnimationFrame(() => {
      const e = editorRef.current
      if (e && e.getModel()?.uri.toString() === modelUri(schemeId, active)) reveal(e, jump.pointer)
    })
    return () => cancelAnimationFrame(h)
  }, [jump, active, schemeId])

  const onMount: OnMount = (ed) => {
    editorRef.current = ed
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => cb.current.onSave())
    if (cb.current.onUndo) {
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => cb.current.onUndo?.())
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => cb.current.onRedo?.())
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => cb.current.onRedo?.())
    }
    ed.onDidChangeCursorPosition((e) => {
      const m = ed.getModel()
      if (!m) return
      cb.current.onCursor(cb.current.active, m.getOffsetAt(e.position))
    })
    // For the browser tests: the editor and Monaco's marker API.
    Object.assign(window as object, { __daibanEditor: ed, __daibanMonaco: monaco })
    const j = cb.current.jump
    if (j && j.file === cb.current.active) reveal(ed, j.pointer)
  }

  return (
    <Editor
      path={modelUri(schemeId, active)}
      defaultLanguage="json"
      defaultValue={texts[active] ?? ''}
      keepCurrentModel
      theme="vs"
      onMount={onMount}
      onChange={(v) => {
        if (external.current || v === undefined) return
        cb.current.onChange(cb.current.active, v)
      }}
      loading={<div style={{ padding: 16 }}>{lang === 'en' ? 'Loading the editor…' : '正在加载编辑器…'}</div>}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        automaticLayout: true,
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        quickSuggestions: { strings: true, other: true, comments: false },
        renderValidationDecorations: 'on',
        glyphMargin: false,
        // the final empty line's number at full colour: Monaco's dimmed one is below 4.5:1 contrast
        renderFinalNewline: 'on',
        // Rules and forms carry long Chinese texts: wrap rather than scroll sideways.
        wordWrap: 'on',
        wrappingIndent: 'indent',
        // Definitions are full of Chinese punctuation (（）：，): not worth a warning box each.
        unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false },
      }}
    />
  )
}
