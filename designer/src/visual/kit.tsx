/**
 * What every visual editor shares: its props (the contract with the host in App), the problems at a
 * control, the marker that lets the host reveal a control for a problem's pointer, and a small
 * per-editor message table. A visual editor is a view over ONE draft file: it reads the parsed
 * file, and writes back a whole new value with `onChange`; the host turns that into minimal text
 * edits (engine/scheme/json-edit.ts), so members the editor does not know are kept as they were.
 */
import { cloneElement, createContext, isValidElement, useContext, useId, useMemo, type KeyboardEvent, type ReactElement, type ReactNode } from 'react'
import { Form, type FormItemProps, type TableColumnsType } from 'antd'
import type { EngineClient } from '../engine/client'
import type { SchemeInfo } from '../engine/protocol'
import type { I18n, Lang } from '../i18n'
import { problemText, type Problem } from '../lib/problems'

/** Every file of the draft, parsed (null when its text does not parse), for cross-references. */
export interface DraftFiles {
  files: ReadonlyArray<{ file: string; kind: string | null; doc: unknown }>
  /** The parsed documents of one kind (e.g. `org`), in file order. */
  docsOf<T = Record<string, unknown>>(kind: string): T[]
}

export interface VisualEditorProps<D = Record<string, unknown>> {
  file: string
  /** The file, parsed. */
  doc: D
  /**
   * Write the file: the whole new value (a changed copy, never the same object mutated). `label` is
   * what undo/redo shows ("修改时限天数"). Calls within `coalesceMs` with the same `coalesceKey` (typing
   * in one input) become one undo step.
   */
  onChange(next: D, label: string, opts?: { coalesceKey?: string }): void
  /** The engine's problems in this file (worker, as the user types). */
  problems: Problem[]
  draft: DraftFiles
  /** The worker's preview info of the draft (forms with org options expanded, machines, clocks…). */
  info: SchemeInfo | null
  client: EngineClient
  i18n: I18n
  /** Open the JSON view at `pointer`, with `note` shown above it (why the visual view cannot edit it). */
  openJson(pointer?: string, note?: string): void
  /**
   * Optional: write ANOTHER file of the draft, as `onChange` writes this one (the rules editor's
   * routing grid moves a category between the task groups' lists in org.json). Undo returns to
   * this editor's file.
   */
  onChangeFile?(file: string, next: unknown, label: string, opts?: { coalesceKey?: string }): void
  /**
   * Optional: the element of the file the editor is showing (a form's id, a machine's id), so the
   * preview beside it follows the visual view as it follows the JSON cursor.
   */
  onFocusElement?(id: string): void
  /** Optional: show another file of the draft (its visual view; at `pointer` when given). */
  openFile?(file: string, pointer?: string): void
}

/** A changed deep copy: `edit(doc, d => { d.clocks[1].days = 10 })`. */
export function edit<D>(doc: D, fn: (draft: D) => void): D {
  const copy = structuredClone(doc)
  fn(copy)
  return copy
}

export const escapeToken = (s: string | number) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')
/** A JSON pointer from tokens: ptr('forms', 0, 'schema') → /forms/0/schema */
export const ptr = (...tokens: Array<string | number>) => tokens.map((t) => '/' + escapeToken(t)).join('')

const ProblemsCtx = createContext<{ problems: Problem[]; lang: Lang }>({ problems: [], lang: 'zh-CN' })

/** Give the controls below the file's problems. */
export function ProblemsProvider({ problems, lang, children }: { problems: Problem[]; lang: Lang; children: ReactNode }) {
  const v = useMemo(() => ({ problems, lang }), [problems, lang])
  return <ProblemsCtx.Provider value={v}>{children}</ProblemsCtx.Provider>
}

/** The problems at `pointer` (exactly, or inside it when `deep`), as antd Form.Item status and help. */
export function useProblemsAt(pointer: string, deep = false): { validateStatus?: 'error'; help?: string; problems: Problem[] } {
  const { problems, lang } = useContext(ProblemsCtx)
  return useMemo(() => {
    const hit = problems.filter((p) => p.pointer === pointer || (deep && p.pointer.startsWith(pointer + '/')))
    if (!hit.length) return { problems: [] }
    return { validateStatus: 'error', help: hit.map((p) => problemText(p, lang)).join('；'), problems: hit }
  }, [problems, lang, pointer, deep])
}

/**
 * Marks the control that edits `pointer`: the host reveals and flashes the innermost marked element
 * whose pointer is a prefix of a problem's pointer (problem list click, search result).
 */
export function At({ pointer, children, inline = false }: { pointer: string; children: ReactNode; inline?: boolean }) {
  return inline ? <span data-pointer={pointer}>{children}</span> : <div data-pointer={pointer}>{children}</div>
}

/** In `root`, the marked element that best fits `pointer` (longest marked prefix), or null. */
export function elementForPointer(root: ParentNode, pointer: string): HTMLElement | null {
  let best: HTMLElement | null = null
  let bestLen = -1
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-pointer]'))) {
    const p = el.dataset.pointer ?? ''
    if ((pointer === p || pointer.startsWith(p + '/') || p === '') && p.length > bestLen) {
      best = el
      bestLen = p.length
    }
  }
  return best
}

/** A per-editor message table: `const t = useT(MESSAGES)`; `t('addField', { n: 2 })`. */
export type Messages<K extends string> = Record<'zh-CN' | 'en', Record<K, string>>
export function useT<K extends string>(table: Messages<K>, lang: Lang): (k: K, p?: Record<string, string | number>) => string {
  return useMemo(
    () => (k: K, p?: Record<string, string | number>) => {
      let s = table[lang][k] ?? table['zh-CN'][k] ?? k
      if (p) for (const [n, v] of Object.entries(p)) s = s.split(`{${n}}`).join(String(v))
      return s
    },
    [table, lang],
  )
}

/** `{name, nameEn}` in the chosen language. */
export const label = (o: { name?: string; nameEn?: string; title?: string; id?: string }, lang: Lang) =>
  lang === 'en' ? (o.nameEn ?? o.name ?? o.title ?? o.id ?? '') : (o.name ?? o.title ?? o.id ?? '')

/**
 * A Form.Item whose label names its control for assistive technology: antd ties the <label> to the
 * control only for a named (form-managed) item, so here the control (the single child element)
 * gets an id and the label points at it.
 */
export function LabelledItem({ children, ...props }: Omit<FormItemProps, 'name' | 'children'> & { children: ReactNode }) {
  const auto = useId()
  if (!isValidElement(children)) return <Form.Item {...props}>{children}</Form.Item>
  const el = children as ReactElement<{ id?: string }>
  const id = el.props.id ?? auto
  return (
    <Form.Item {...props} htmlFor={id}>
      {el.props.id ? el : cloneElement(el, { id })}
    </Form.Item>
  )
}

const LabelCtx = createContext<string | undefined>(undefined)
/** Names the controls below that have no label of their own (a table column's title): `aria-label={useControlLabel()}`. */
export const ControlLabel = LabelCtx.Provider
export const useControlLabel = (): string | undefined => useContext(LabelCtx)

/** A table's columns whose cells name their controls after the column's title (see useControlLabel). */
export function labelColumns<R>(columns: TableColumnsType<R>): TableColumnsType<R> {
  return columns.map((c) => {
    const { title } = c
    if (typeof title !== 'string' || !('render' in c) || !c.render) return c
    const render = c.render
    return { ...c, render: (v: unknown, r: R, i: number) => <LabelCtx.Provider value={title}>{render(v, r, i) as ReactNode}</LabelCtx.Provider> }
  })
}

/**
 * Tabs that wrap onto a second line instead of scrolling: antd's Tabs put an overflow "more"
 * button inside their role=tablist when the tabs do not fit, which a tablist may not hold (axe
 * aria-required-children). The arrow keys move between the tabs; only the chosen one is in the
 * tab order. `children`: the chosen tab's content (the others are not rendered).
 */
export function WrapTabs<K extends string>({
  items,
  active,
  onChange,
  label,
  children,
}: {
  items: Array<{ key: K; label: ReactNode }>
  active: K
  onChange(k: K): void
  label?: string
  children: ReactNode
}) {
  const id = useId()
  const move = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    e.preventDefault()
    const k = items[(i + step + items.length) % items.length]!.key
    onChange(k)
    document.getElementById(`${id}-tab-${k}`)?.focus()
  }
  return (
    <>
      <div role="tablist" aria-label={label} className="daiban-wrap-tabs">
        {items.map((it, i) => (
          <button
            key={it.key}
            type="button"
            role="tab"
            id={`${id}-tab-${it.key}`}
            aria-selected={it.key === active}
            aria-controls={`${id}-panel`}
            tabIndex={it.key === active ? 0 : -1}
            onClick={() => onChange(it.key)}
            onKeyDown={(e) => move(e, i)}
          >
            {it.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${active}`}>
        {children}
      </div>
    </>
  )
}
