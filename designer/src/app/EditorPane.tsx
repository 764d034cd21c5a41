/**
 * The file open: its visual editor (for kinds that have one, while the file parses) or the JSON
 * editor (Monaco), with the switch between them.
 */
import { lazy, Suspense, type RefObject } from 'react'
import { Alert, Segmented, Spin, Typography } from 'antd'
import type { JumpTarget } from '../editor/CodeEditor'
import type { EngineClient } from '../engine/client'
import type { LoadReply } from '../engine/protocol'
import type { I18n } from '../i18n'
import type { Problem } from '../lib/problems'
import type { DraftFiles } from '../visual/kit'
import { VISUAL_EDITORS, hasVisualEditor } from '../visual'
import { ProblemsProvider } from '../visual/kit'
import type { Mode } from './useMode'
import type { Texts } from './useDraft'
import { spin } from './PreviewPane'

// Monaco is about 1 MB gzipped: loaded when first shown.
const CodeEditor = lazy(() => import('../editor/CodeEditor'))

export function EditorPane(p: {
  schemeId: string
  active: string
  activeKind: string | null
  parsed: DraftFiles
  mode: Mode
  setMode(m: Mode): void
  jsonNote: string | null
  setJsonNote(n: string | null): void
  visualRef: RefObject<HTMLDivElement | null>
  problems: Problem[]
  activeProblems: Problem[]
  load: LoadReply | null
  client: EngineClient
  i18n: I18n
  order: string[]
  texts: Texts
  resetNonce: number
  jump: JumpTarget | null
  onChange(file: string, text: string): void
  onVisualChange(file: string, next: unknown, label: string, opts?: { coalesceKey?: string }, viewFile?: string): void
  focusElement(file: string, id: string): void
  openFile(file: string): void
  jumpTo(file: string, pointer: string): void
  openJson(file: string, pointer?: string, note?: string): void
  save(): void
  travel(dir: 'undo' | 'redo'): void
  setCursor(c: { file: string; offset: number }): void
}) {
  const { active, activeKind, parsed, mode, i18n } = p
  const { t, lang } = i18n
  const activeDoc = parsed.files.find((f) => f.file === active)?.doc
  const canVisual = hasVisualEditor(activeKind) && activeDoc !== null && activeDoc !== undefined && typeof activeDoc === 'object'
  const showVisual = canVisual && mode === 'visual'
  const Visual = canVisual ? VISUAL_EDITORS[activeKind!] : undefined
  return (
    <div style={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
      {hasVisualEditor(activeKind) && (
        <div style={{ padding: '4px 8px', borderBottom: '1px solid #f0f0f0', display: 'flex', gap: 8, alignItems: 'center', background: '#fff' }}>
          <Segmented
            size="small"
            value={showVisual ? 'visual' : 'json'}
            onChange={(v) => {
              p.setJsonNote(null)
              p.setMode(v as Mode)
            }}
            data-testid="view-mode"
            options={[
              { value: 'visual', label: <span data-testid="mode-visual">{t('modeVisual')}</span>, disabled: !canVisual },
              { value: 'json', label: <span data-testid="mode-json">JSON</span> },
            ]}
          />
          <Typography.Text style={{ fontSize: 12, color: '#595959' }} ellipsis>
            {canVisual ? t('modeHint') : t('modeBroken')}
          </Typography.Text>
        </div>
      )}
      {!showVisual && p.jsonNote && (
        <Alert type="info" showIcon closable onClose={() => p.setJsonNote(null)} message={p.jsonNote} style={{ margin: 4 }} data-testid="json-note" />
      )}
      {showVisual && Visual ? (
        <div
          ref={p.visualRef}
          style={{ flex: 1, minHeight: 0, overflow: 'auto', padding: 8, background: '#fff' }}
          data-testid="visual-editor"
          data-kind={activeKind ?? ''}
          data-file={active}
        >
          <Suspense fallback={spin}>
            <ProblemsProvider problems={p.activeProblems} lang={lang}>
              <Visual
                key={`${p.schemeId}/${active}`}
                file={active}
                doc={activeDoc as Record<string, unknown>}
                onChange={(next, label, opts) => p.onVisualChange(active, next, label, opts)}
                onChangeFile={(file, next, label, opts) => p.onVisualChange(file, next, label, opts, active)}
                onFocusElement={(id) => p.focusElement(active, id)}
                openFile={(f, ptr) => (ptr ? p.jumpTo(f, ptr) : p.openFile(f))}
                problems={p.activeProblems}
                draft={parsed}
                info={p.load?.info ?? null}
                client={p.client}
                i18n={i18n}
                openJson={(pointer, note) => p.openJson(active, pointer, note)}
              />
            </ProblemsProvider>
          </Suspense>
        </div>
      ) : (
        <div style={{ flex: 1, minHeight: 0 }} data-testid="editor">
          <Suspense
            fallback={
              <div style={{ padding: 16 }}>
                <Spin /> {t('editorLoading')}
              </div>
            }
          >
            {active && (
              <CodeEditor
                schemeId={p.schemeId}
                files={p.order}
                texts={p.texts}
                active={active}
                problems={p.problems}
                lang={lang}
                resetNonce={p.resetNonce}
                jump={p.jump}
                onChange={p.onChange}
                onSave={p.save}
                onCursor={(file, offset) => p.setCursor({ file, offset })}
                onUndo={() => p.travel('undo')}
                onRedo={() => p.travel('redo')}
              />
            )}
          </Suspense>
        </div>
      )}
    </div>
  )
}
