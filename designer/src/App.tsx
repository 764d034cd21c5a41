/**
 * The designer: draft files in Monaco with live engine validation, previews beside the editor,
 * drafts/publish/versions/impact against the server's designer API.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Alert, Badge, Button, Dropdown, Empty, Layout, Menu, Modal, Segmented, Select, Space, Spin, Splitter, Tabs, Tag, Tooltip, Typography, message } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, UploadOutlined, SafetyCertificateOutlined, RollbackOutlined, SaveOutlined, TranslationOutlined, UserOutlined, LogoutOutlined, ForkOutlined, BranchesOutlined, UndoOutlined, RedoOutlined, MoreOutlined } from '@ant-design/icons'
import { api, problemsOf, setApiLang, signInUrl, type Draft, type SchemeListItem, type SessionInfo, type UpstreamStatus } from './api'
import { translate, I18nContext, type I18n, type Lang } from './i18n'
import { workerClient } from './engine/client'
import type { LoadReply } from './engine/protocol'
import type { JumpTarget } from './editor/CodeEditor'
import { groupByFile, type Problem } from './lib/problems'
import { kindOf, elementIdAt, elementOf, OPEN_FIRST_KIND, PREVIEW_OF_KIND, type PreviewTab } from './lib/kinds'
import { indexJson, type JsonIndex } from './lib/json-index'
import { makeBundle, bundleFileName, parseBundle } from './lib/bundle'
import { debounce } from './panels/ctx'
import { ProblemList } from './panels/ProblemList'
import { clearDrafts } from '../../runtime/web/kit/drafts'
import { writeJson } from '../../engine/scheme/json-edit'
import { KIND_CATALOG } from '../../engine/scheme/kinds/catalog.generated'
import { DraftHistory } from './draft/history'
import { parsedDraft } from './draft/parsed'
import { VISUAL_EDITORS, hasVisualEditor } from './visual'
import { ProblemsProvider, elementForPointer } from './visual/kit'
import { DraftSearch } from './panels/DraftSearch'

// Everything heavy is loaded when first shown: Monaco (about 1 MB gzipped), rjsf with ajv, xyflow.
const CodeEditor = lazy(() => import('./editor/CodeEditor'))
const FormPreview = lazy(() => import('./panels/FormPreview'))
const RuleTester = lazy(() => import('./panels/RuleTester'))
const WorkflowDiagram = lazy(() => import('./panels/WorkflowDiagram'))
const DeadlineCalc = lazy(() => import('./panels/DeadlineCalc'))
const ScoringSim = lazy(() => import('./panels/ScoringSim'))
const ImpactView = lazy(() => import('./panels/ImpactView'))
const VersionsView = lazy(() => import('./panels/VersionsView'))
const PublishModal = lazy(() => import('./panels/PublishModal'))
const ForkModal = lazy(() => import('./panels/ForkModal'))
const UpstreamDrawer = lazy(() => import('./panels/UpstreamDrawer'))
const spin = <div style={{ padding: 16 }}><Spin /></div>

type View = 'edit' | 'impact' | 'versions'
type Mode = 'visual' | 'json'
/** A file's kind by its name in the chosen language (表单, 时限…), from the engine's registry. */
const kindTitle = (kind: string | null, lang: Lang) => {
  const k = KIND_CATALOG.find((x) => x.kind === kind)
  return k ? (lang === 'en' ? k.title.en : k.title.zh) : '?'
}
// Which preview follows which kind, the file opened first, the elements the previews follow: the kinds say (engine/scheme/kinds).
const FORM_ELEMENT = elementOf('form')
const MACHINE_ELEMENT = elementOf('workflow')

/** Timings of each edit, for the e2e and the bench: edit → validated → previews painted. */
export interface EditPerf {
  /** Debounce fired → worker reply applied and painted (ms) */
  validateAndPreviewMs: number
  /** First keystroke of the burst → painted (includes the debounce) */
  editToPaintMs: number
  workerLoadMs: number
  workerTotalMs: number
  problems: number
}
declare global {
  interface Window {
    __daibanPerf?: EditPerf[]
  }
}

const store = {
  get: (k: string, d: string) => {
    try {
      return localStorage.getItem(k) ?? d
    } catch {
      return d
    }
  },
  set: (k: string, v: string) => {
    try {
      localStorage.setItem(k, v)
    } catch {
      /* private mode */
    }
  },
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}


/** A stable empty list, so memos keyed on the problems do not rerun while there are none. */
const NO_PROBLEMS: Problem[] = []
export default function App({ lang, setLang, session }: { lang: Lang; setLang(l: Lang): void; session: SessionInfo }) {
  const i18n: I18n = useMemo(() => ({ lang, setLang, t: (k, p) => translate(lang, k, p) }), [lang, setLang])
  const { t } = i18n
  useEffect(() => setApiLang(lang), [lang])
  const signOut = () => {
    // the user's unfinished staff-app forms go with the session (review finding 14)
    clearDrafts(session.user.username)
    void api.logout().catch(() => {}).finally(() => location.assign(signInUrl()))
  }

  const client = useMemo(() => workerClient(), [])
  const [schemes, setSchemes] = useState<SchemeListItem[]>([])
  const [schemeId, setSchemeId] = useState<string>(() => new URLSearchParams(location.search).get('scheme') ?? '')
  const [meta, setMeta] = useState<Omit<Draft, 'files'> | null>(null)
  const [order, setOrder] = useState<string[]>([])
  const [texts, setTexts] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState<Record<string, string>>({})
  const textsRef = useRef(texts)
  const savedRef = useRef(saved)
  const orderRef = useRef(order)
  textsRef.current = texts
  savedRef.current = saved
  orderRef.current = order
  const [active, setActive] = useState('')
  const [view, setView] = useState<View>('edit')
  const [tab, setTab] = useState<PreviewTab>('form')
  const [load, setLoad] = useState<LoadReply | null>(null)
  const [loadSeq, setLoadSeq] = useState(0)
  const [checking, setChecking] = useState(false)
  const [saveState, setSaveState] = useState<{ kind: 'idle' | 'saving' | 'error'; msg?: string }>({ kind: 'idle' })
  const [jump, setJump] = useState<JumpTarget | null>(null)
  const [resetNonce, setResetNonce] = useState(0)
  const [cursor, setCursor] = useState<{ file: string; offset: number } | null>(null)
  const [publishOpen, setPublishOpen] = useState(false)
  const [versionsKey, setVersionsKey] = useState(0)
  const [fatal, setFatal] = useState<string | null>(null)
  const [forkOpen, setForkOpen] = useState(false)
  const [upstream, setUpstream] = useState<UpstreamStatus | null>(null)
  const [upstreamOpen, setUpstreamOpen] = useState(false)
  // Visual editor or JSON for kinds that have one; remembered across files and visits.
  const [mode, setModeState] = useState<Mode>(() => (store.get('daiban.designer.mode', 'visual') === 'json' ? 'json' : 'visual'))
  const setMode = useCallback((m: Mode) => {
    setModeState(m)
    store.set('daiban.designer.mode', m)
  }, [])
  /** Why the JSON view was opened from a visual editor (a rule too complex for the table…) */
  const [jsonNote, setJsonNote] = useState<string | null>(null)
  const draftHistory = useRef(new DraftHistory())
  const [, setHistTick] = useState(0)
  const visualRef = useRef<HTMLDivElement>(null)

  // ---- scheme and draft
  const loadSchemes = useCallback(() => api.schemes().then((r) => {
    setSchemes(r.items)
    // The schemes the user may work on (the server lists only those): keep the chosen one if it is there.
    setSchemeId((id) => (id && r.items.some((s) => s.id === id) ? id : r.items[0]?.id || id || ''))
  }), [])
  useEffect(() => {
    loadSchemes().catch((e: Error) => setFatal(e.message))
  }, [loadSchemes])

  // ---- a fork's upstream: checked on opening a scheme, after publishing or merging, and when the tab comes back
  const upstreamReq = useRef(0)
  const checkUpstream = useCallback(() => {
    const seq = ++upstreamReq.current
    if (!schemeId) return
    api.upstream(schemeId).then((u) => seq === upstreamReq.current && setUpstream(u), () => seq === upstreamReq.current && setUpstream(null))
  }, [schemeId])
  useEffect(() => {
    setUpstream(null)
    checkUpstream()
    const onVisible = () => document.visibilityState === 'visible' && checkUpstream()
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener('focus', onVisible)
    return () => {
      document.removeEventListener('visibilitychange', onVisible)
      window.removeEventListener('focus', onVisible)
    }
  }, [checkUpstream])

  const fileAsked = useRef<string | null>(new URLSearchParams(location.search).get('file'))
  const applyDraft = useCallback((d: Draft, keepActive = true) => {
    const files = d.files.map((f) => f.file)
    const map = Object.fromEntries(d.files.map((f) => [f.file, f.text]))
    const { files: _f, ...m } = d
    void _f
    setMeta(m)
    setOrder(files)
    orderRef.current = files
    setTexts(map)
    textsRef.current = map
    setSaved(map)
    savedRef.current = map
    // a link naming a file (`?file=org.json`, e.g. from the staff app's 组织机构) opens it, once
    const asked = fileAsked.current
    fileAsked.current = null
    setActive((a) =>
      keepActive && files.includes(a) ? a
      : asked && files.includes(asked) ? asked
      : files.find((f) => OPEN_FIRST_KIND !== undefined && kindOf(map[f] ?? '') === OPEN_FIRST_KIND) ?? files[0] ?? '')
    setResetNonce((n) => n + 1)
    // The texts came from elsewhere (another scheme, discard, import, merge, rollback): nothing to undo.
    draftHistory.current.clear()
    setHistTick((n) => n + 1)
  }, [])

  const reloadDraft = useCallback(async (keepActive = true) => {
    if (!schemeId) return
    const d = await api.draft(schemeId)
    applyDraft(d, keepActive)
  }, [schemeId, applyDraft])

  useEffect(() => {
    if (!schemeId) return
    const u = new URL(location.href)
    u.searchParams.set('scheme', schemeId)
    u.searchParams.delete('file')
    history.replaceState(null, '', u)
    reloadDraft(false).catch((e: Error) => setFatal(e.message))
  }, [schemeId, reloadDraft])

  // ---- live validation in the engine worker (debounced)
  const loadReq = useRef(0)
  const burstStart = useRef<number | null>(null)
  const perfPending = useRef<{ fired: number; burst: number | null; reply: LoadReply } | null>(null)
  const runLoad = useMemo(() => debounce(async () => {
    const seq = ++loadReq.current
    const fired = performance.now()
    const burst = burstStart.current
    burstStart.current = null
    setChecking(true)
    const files = orderRef.current.map((f) => ({ file: f, text: textsRef.current[f] ?? '' }))
    try {
      const r = await client.load(files)
      if (seq !== loadReq.current) return
      perfPending.current = { fired, burst, reply: r }
      setLoad(r)
      setLoadSeq((s) => s + 1)
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    } finally {
      if (seq === loadReq.current) setChecking(false)
    }
  }, 250), [client, t])
  useEffect(() => () => runLoad.cancel(), [runLoad])
  // After the reply's render is committed and painted: record the timing.
  useEffect(() => {
    const p = perfPending.current
    if (!p) return
    perfPending.current = null
    requestAnimationFrame(() => {
      setTimeout(() => {
        const end = performance.now()
        performance.measure('daiban:validate+preview', { start: p.fired, end })
        const entry: EditPerf = { validateAndPreviewMs: end - p.fired, editToPaintMs: p.burst === null ? NaN : end - p.burst, workerLoadMs: p.reply.loadMs, workerTotalMs: p.reply.totalMs, problems: p.reply.problems.length }
        ;(window.__daibanPerf ??= []).push(entry)
      }, 0)
    })
  }, [load])
  useEffect(() => {
    if (order.length) runLoad()
  }, [resetNonce, order.length, runLoad])

  // ---- saving (autosave after a pause, or Ctrl+S)
  const saveChain = useRef<Promise<void>>(Promise.resolve())
  const saveNow = useCallback((): Promise<void> => {
    const next = saveChain.current.then(async () => {
      const dirty = orderRef.current.filter((f) => textsRef.current[f] !== savedRef.current[f])
      if (!dirty.length || !schemeId) return
      setSaveState({ kind: 'saving' })
      try {
        for (const f of dirty) {
          const text = textsRef.current[f] ?? ''
          const r = await api.putFile(schemeId, f, text)
          savedRef.current = { ...savedRef.current, [f]: text }
          setSaved(savedRef.current)
          const { files: _x, ...m } = r.draft
          void _x
          setMeta(m)
        }
        setSaveState({ kind: 'idle' })
      } catch (e) {
        setSaveState({ kind: 'error', msg: (e as Error).message })
        throw e
      }
    })
    saveChain.current = next.catch(() => {})
    return next
  }, [schemeId])
  const autosave = useMemo(() => debounce(() => void saveNow().catch(() => {}), 1200), [saveNow])
  useEffect(() => () => autosave.cancel(), [autosave])
  const flush = useCallback(async () => {
    autosave.cancel()
    await saveNow()
  }, [autosave, saveNow])

  const dirtyFiles = order.filter((f) => texts[f] !== saved[f])
  useEffect(() => {
    const h = (e: BeforeUnloadEvent) => {
      if (orderRef.current.some((f) => textsRef.current[f] !== savedRef.current[f])) e.preventDefault()
    }
    window.addEventListener('beforeunload', h)
    const k = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        void flush().catch(() => {})
      }
    }
    window.addEventListener('keydown', k)
    return () => {
      window.removeEventListener('beforeunload', h)
      window.removeEventListener('keydown', k)
    }
  }, [flush])

  /** Every edit of the draft, typed or from a visual editor: one entry in the draft's history. */
  const applyText = useCallback((file: string, text: string, label: string, key: string, viewFile = file) => {
    if (textsRef.current[file] === text) return
    if (burstStart.current === null) burstStart.current = performance.now()
    draftHistory.current.record(textsRef.current, viewFile, label, key)
    textsRef.current = { ...textsRef.current, [file]: text }
    setTexts(textsRef.current)
    setHistTick((n) => n + 1)
    runLoad()
    autosave()
  }, [runLoad, autosave])
  const onChange = useCallback((file: string, text: string) => applyText(file, text, t('histJson', { file }), `json:${file}`), [applyText, t])
  /** A visual editor's write; `viewFile` is the editor's own file when it writes another one (undo shows the editor). */
  const onVisualChange = useCallback((file: string, next: unknown, label: string, opts?: { coalesceKey?: string }, viewFile = file) => {
    applyText(file, writeJson(textsRef.current[file] ?? '', next), label, opts?.coalesceKey ? `v:${file}:${opts.coalesceKey}` : `v:${file}:${performance.now()}`, viewFile)
  }, [applyText])
  const travel = useCallback((dir: 'undo' | 'redo') => {
    const e = dir === 'undo' ? draftHistory.current.undo(textsRef.current) : draftHistory.current.redo(textsRef.current)
    if (!e) return
    textsRef.current = e.texts as Record<string, string>
    setTexts(textsRef.current)
    setActive(e.file)
    setHistTick((n) => n + 1)
    message.info({ content: t(dir === 'undo' ? 'histUndone' : 'histRedone', { what: e.label }), key: 'history', duration: 1.5 })
    runLoad()
    autosave()
  }, [runLoad, autosave, t])
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
  const parsed = useMemo(() => parsedDraft(order, texts), [order, texts])

  // ---- cursor → the form / machine under it
  const indexCache = useRef<{ text: string; index: JsonIndex } | null>(null)
  const cursorIndex = useCallback((file: string) => {
    const text = texts[file] ?? ''
    if (indexCache.current?.text !== text) indexCache.current = { text, index: indexJson(text) }
    return indexCache.current.index
  }, [texts])
  // In a forms (workflow) file: the form (machine) under the cursor, else the file's first one.
  const underCursor = useCallback((element: { kind: string; list: string } | null) => {
    if (!element || !active || kindOf(texts[active] ?? '') !== element.kind) return null
    const at = (idx: JsonIndex, offset: number) => elementIdAt(idx, offset, element.list)
    const idx = cursorIndex(active)
    if (cursor?.file === active) {
      const id = at(idx, cursor.offset)
      if (id) return id
    }
    const first = idx.nodes.get(`/${element.list}/0`)
    return first ? at(idx, first.start) : null
  }, [active, texts, cursor, cursorIndex])
  // In a visual view the previews follow the element the editor shows (onFocusElement), else the cursor.
  const [visualElement, setVisualElement] = useState<{ file: string; id: string } | null>(null)
  const visualId = mode === 'visual' && visualElement?.file === active ? visualElement.id : null
  const cursorFormId = useMemo(() => (visualId && kindOf(texts[active] ?? '') === FORM_ELEMENT?.kind ? visualId : underCursor(FORM_ELEMENT)), [underCursor, visualId, texts, active])
  const cursorMachineId = useMemo(() => (visualId && kindOf(texts[active] ?? '') === MACHINE_ELEMENT?.kind ? visualId : underCursor(MACHINE_ELEMENT)), [underCursor, visualId, texts, active])

  // The preview tab follows the kind of the file being edited.
  useEffect(() => {
    const k = kindOf(textsRef.current[active] ?? '')
    const tb = k ? PREVIEW_OF_KIND[k] : undefined
    if (tb) setTab(tb)
  }, [active])

  const jumpTo = useCallback((file: string, pointer: string) => {
    if (!orderRef.current.includes(file)) {
      message.warning(`${file} ${pointer}`)
      return
    }
    setView('edit')
    setActive(file)
    setJump({ file, pointer, nonce: Date.now() })
  }, [])
  const openJson = useCallback((file: string, pointer?: string, note?: string) => {
    setJsonNote(note ?? null)
    setMode('json')
    if (pointer !== undefined) setJump({ file, pointer, nonce: Date.now() })
  }, [setMode])
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
      else openJson(jump.file, jump.pointer, t('noControl'))
    }
    tryReveal()
    return () => window.clearTimeout(h)
  }, [jump, mode, openJson, t])

  // ---- actions
  const validate = async () => {
    try {
      await flush()
      const r = await api.validate(schemeId)
      if (r.ok) message.success(t('validateOk'))
      else {
        Modal.error({ title: t('validateProblems', { n: r.problems.length }), width: 760, content: <ProblemList problems={r.problems} i18n={i18n} onJump={(f, p) => { Modal.destroyAll(); jumpTo(f, p) }} /> })
      }
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const discard = () => {
    Modal.confirm({
      title: t('discard'),
      content: t('discardConfirm'),
      okText: t('discard'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        autosave.cancel()
        const d = await api.discard(schemeId)
        applyDraft(d)
        message.success(t('discarded'))
      },
    })
  }
  const exportDraft = async () => {
    try {
      await flush()
      const b = makeBundle(schemeId, orderRef.current.map((f) => ({ file: f, text: textsRef.current[f] ?? '' })), 'draft')
      download(bundleFileName(b), JSON.stringify(b, null, 2))
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const exportVersion = async (ref: string, label: string) => {
    try {
      const r = await api.versionFiles(schemeId, ref)
      const b = makeBundle(schemeId, r.files, label)
      download(bundleFileName(b), JSON.stringify(b, null, 2))
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const fileInput = useRef<HTMLInputElement>(null)
  const importFile = async (f: File) => {
    const text = await f.text()
    const r = parseBundle(text, schemeId)
    const pick = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh)
    if (!r.bundle) {
      Modal.error({ title: t('importRefused'), content: <ul data-testid="import-errors">{r.errors.map((e, i) => <li key={i}>{pick(e)}</li>)}</ul> })
      return
    }
    const bundle = r.bundle
    Modal.confirm({
      title: t('importTitle'),
      width: 620,
      content: (
        <div>
          <p>{t('importConfirm', { n: bundle.files.length })}</p>
          <p style={{ fontFamily: 'monospace', fontSize: 12 }}>{bundle.files.map((x) => x.file).join('  ')}</p>
          {r.warnings.length > 0 && <><b>{t('importWarnings')}</b><ul>{r.warnings.map((w, i) => <li key={i}>{pick(w)}</li>)}</ul></>}
        </div>
      ),
      okText: t('importBtn'),
      cancelText: t('cancel'),
      onOk: async () => {
        try {
          autosave.cancel()
          await flush().catch(() => {})
          const res = await api.replaceDraft(schemeId, bundle.files)
          applyDraft(res.draft)
          message.success(t('importOk', { n: bundle.files.length }))
        } catch (e) {
          message.error(t('error', { msg: (e as Error).message + (problemsOf(e).length ? ` (${problemsOf(e).map((p) => p.message).join('; ')})` : '') }))
        }
      },
    })
  }

  // ---- render
  const problems: Problem[] = load?.problems ?? NO_PROBLEMS
  const perFile = useMemo(() => {
    const m = new Map<string, number>()
    for (const p of problems) if (p.file) m.set(p.file, (m.get(p.file) ?? 0) + 1)
    return m
  }, [problems])
  const grouped = useMemo(() => groupByFile(problems, order), [problems, order])
  const activeKind = kindOf(texts[active] ?? '')
  const activeDoc = parsed.files.find((f) => f.file === active)?.doc
  const canVisual = hasVisualEditor(activeKind) && activeDoc !== null && activeDoc !== undefined && typeof activeDoc === 'object'
  const showVisual = canVisual && mode === 'visual'
  const Visual = canVisual ? VISUAL_EDITORS[activeKind!] : undefined
  const activeProblems = useMemo(() => problems.filter((p) => p.file === active), [problems, active])
  const previewProps = { client, load, loadSeq, i18n, jumpTo }
  const kindOfFile = new Map(parsed.files.map((x) => [x.file, x.kind ?? kindOf(texts[x.file] ?? '')]))
  const fileTitle = (f: string) => {
    const k = kindOfFile.get(f) ?? null
    const title = kindTitle(k, lang)
    // several files of one kind (forms-intake, forms-handling…): the file's own title or its name's tail
    const same = order.filter((g) => kindOfFile.get(g) === k)
    if (same.length < 2) return title
    // the names of its elements (the forms it holds), else the file name's tail
    const list = KIND_CATALOG.find((x) => x.kind === k)?.designer.element
    const doc = parsed.files.find((x) => x.file === f)?.doc as Record<string, unknown> | null | undefined
    const els = list && Array.isArray(doc?.[list]) ? (doc![list] as Array<{ name?: string; nameEn?: string }>) : []
    const names = els.map((e) => (lang === 'en' ? e.nameEn ?? e.name : e.name)).filter(Boolean)
    return `${title} · ${names.length ? names.slice(0, 2).join('、') + (names.length > 2 ? '…' : '') : f.replace(/\.json$/, '')}`
  }

  if (fatal) return <div style={{ padding: 40 }}><Typography.Title level={4}>{t('error', { msg: fatal })}</Typography.Title></div>

  const statusTag = meta && (
    <Space size={4} data-testid="draft-state">
      <Tooltip title={t('basedOn', { version: meta.baseVersion }) + (meta.updatedAt && meta.updatedBy ? ' · ' + t('savedBy', { who: meta.updatedBy, when: new Date(meta.updatedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) }) : '')}>
        {meta.pristine && dirtyFiles.length === 0 ? <Tag color="green">{t('pristine')}</Tag> : <Tag color="orange">{t('modified')}</Tag>}
      </Tooltip>
      <Tooltip title={meta.updatedAt && meta.updatedBy ? t('savedBy', { who: meta.updatedBy, when: new Date(meta.updatedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) }) : t('basedOn', { version: meta.baseVersion })}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="draft-who" className="daiban-wide-only">
          {t('basedOn', { version: meta.baseVersion })}
          {meta.updatedAt && meta.updatedBy ? ` · ${meta.updatedBy} ${new Date(meta.updatedAt).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' })}` : ''}
        </Typography.Text>
      </Tooltip>
      {saveState.kind === 'saving' ? <Tag color="processing">{t('saving')}</Tag> : saveState.kind === 'error' ? <Tooltip title={saveState.msg}><Tag color="error">{t('saveFailed', { msg: '' })}</Tag></Tooltip> : dirtyFiles.length ? <Tag color="warning" data-testid="unsaved">{t('unsaved')}</Tag> : <Tag data-testid="saved">{t('saved')}</Tag>}
    </Space>
  )

  return (
    <I18nContext.Provider value={i18n}>
      <Layout style={{ height: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 16px', background: '#fff', borderBottom: '1px solid #f0f0f0', height: 52, lineHeight: '52px' }}>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap', fontSize: 17 }}>{t('appTitle')}</Typography.Title>
          <Select size="small" style={{ width: 150 }} value={schemeId || undefined} onChange={setSchemeId} options={schemes.map((s) => ({ value: s.id, label: `${s.name}` }))} aria-label={t('scheme')} data-testid="scheme-select" />
          {upstream?.forked && (upstream.upstream === null ? (
            <Tag data-testid="upstream-badge" data-state="missing">{t('upstreamMissing', { id: upstream.forkPoint?.id ?? '' })}</Tag>
          ) : upstream.hasChanges ? (
            <Tooltip title={t('upstreamHasTip', { id: upstream.upstream.id, version: upstream.upstream.version, from: upstream.forkPoint?.version ?? '' })}>
              <Tag color={upstream.mergedInDraft ? 'blue' : 'orange'} icon={<BranchesOutlined />} style={{ cursor: 'pointer' }} onClick={() => setUpstreamOpen(true)} data-testid="upstream-badge" data-state={upstream.mergedInDraft ? 'merged' : 'changes'}>
                {upstream.mergedInDraft ? t('upstreamInDraft') : t('upstreamHas')}
              </Tag>
            </Tooltip>
          ) : (
            <Tooltip title={t('upstreamNoneTip', { id: upstream.upstream.id, version: upstream.forkPoint?.version ?? '' })}>
              <Tag icon={<BranchesOutlined />} data-testid="upstream-badge" data-state="current">{t('upstreamNone')}</Tag>
            </Tooltip>
          ))}
          <Menu mode="horizontal" selectedKeys={[view]} onClick={(e) => setView(e.key as View)} style={{ flex: '0 0 auto', minWidth: 236, borderBottom: 'none', lineHeight: '50px' }} items={[{ key: 'edit', label: t('tabEdit') }, { key: 'impact', label: t('tabImpact') }, { key: 'versions', label: t('tabVersions') }]} />
          <div style={{ flex: 1, minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap' }}>{statusTag}</div>
          <Space size={4} style={{ flex: '0 0 auto' }}>
            <Tooltip title={draftHistory.current.undoLabel ? t('histUndo', { what: draftHistory.current.undoLabel }) : t('histNothing')}><Button size="small" icon={<UndoOutlined />} onClick={() => travel('undo')} disabled={!draftHistory.current.undoLabel} data-testid="undo" aria-label={t('histUndoShort')} /></Tooltip>
            <Tooltip title={draftHistory.current.redoLabel ? t('histRedo', { what: draftHistory.current.redoLabel }) : t('histNothing')}><Button size="small" icon={<RedoOutlined />} onClick={() => travel('redo')} disabled={!draftHistory.current.redoLabel} data-testid="redo" aria-label={t('histRedoShort')} /></Tooltip>
            <Tooltip title={t('save')}><Button size="small" icon={<SaveOutlined />} onClick={() => void flush().catch(() => {})} disabled={!dirtyFiles.length} aria-label={t('save')} /></Tooltip>
            {/* the header's 52 px line height would make the input as tall */}
            <span style={{ lineHeight: 'normal', display: 'inline-flex' }}><DraftSearch files={parsed.files} lang={lang} onPick={(file, pointer) => jumpTo(file, pointer)} /></span>
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => void validate()}>{t('validate')}</Button>
            <Button size="small" type="primary" icon={<CloudUploadOutlined />} onClick={() => setPublishOpen(true)} data-testid="publish-open">{t('publish')}</Button>
            <Tooltip title={t('forkBtn')}><Button size="small" icon={<ForkOutlined />} onClick={() => setForkOpen(true)} disabled={!schemes.some((s) => s.id === schemeId)} data-testid="fork-open" aria-label={t('forkBtn')} /></Tooltip>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'discard', icon: <RollbackOutlined />, label: t('discard'), danger: true, disabled: !!meta?.pristine && !dirtyFiles.length },
                  { key: 'import', icon: <UploadOutlined />, label: t('importBtn') },
                  { key: 'export', icon: <DownloadOutlined />, label: t('exportBtn') },
                ],
                onClick: ({ key }) => (key === 'discard' ? discard() : key === 'import' ? fileInput.current?.click() : void exportDraft()),
              }}
            >
              <Button size="small" icon={<MoreOutlined />} data-testid="more-actions" aria-label={t('moreActions')} />
            </Dropdown>
            <Tooltip title={`${session.user.displayName || session.user.username} (${session.user.username})`}><Typography.Text data-testid="designer-user" style={{ whiteSpace: 'nowrap', maxWidth: 80, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'middle' }}><UserOutlined /> {session.user.displayName || session.user.username}</Typography.Text></Tooltip>
            <Tooltip title={t('signOut')}><Button size="small" icon={<LogoutOutlined />} onClick={signOut} data-testid="designer-logout" aria-label={t('signOut')} /></Tooltip>
            <Button size="small" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">{t('lang')}</Button>
          </Space>
          <input ref={fileInput} type="file" accept=".json,application/json" style={{ display: 'none' }} data-testid="import-input" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f) }} />
        </Layout.Header>
        <Layout.Content style={{ minHeight: 0, overflow: 'hidden' }}>
          {!meta ? <div style={{ padding: 40, textAlign: 'center' }}><Spin /> {t('loading')}</div> : view === 'impact' ? (
            <div style={{ padding: 12, height: '100%', overflow: 'auto' }}><Suspense fallback={spin}><ImpactView schemeId={schemeId} i18n={i18n} beforeRun={flush} onJump={jumpTo} /></Suspense></div>
          ) : view === 'versions' ? (
            <div style={{ padding: 12, height: '100%', overflow: 'auto' }}><Suspense fallback={spin}><VersionsView schemeId={schemeId} i18n={i18n} refreshKey={versionsKey} flush={flush} onExport={(r, l) => void exportVersion(r, l)} onRolledBack={() => { void reloadDraft(); setVersionsKey((k) => k + 1) }} /></Suspense></div>
          ) : (
            <div style={{ display: 'flex', height: '100%' }}>
              <div style={{ width: 210, borderRight: '1px solid #f0f0f0', overflow: 'auto', background: '#fff' }} data-testid="file-list">
                <div style={{ padding: '8px 12px', fontWeight: 600, color: '#595959' }}>{t('files')}</div>
                <Menu
                  mode="inline"
                  selectedKeys={[active]}
                  onClick={(e) => {
                    setActive(e.key)
                    setJsonNote(null)
                  }}
                  style={{ borderInlineEnd: 'none' }}
                  items={order.map((f) => ({
                    key: f,
                    label: (
                      <span style={{ display: 'flex', alignItems: 'center', gap: 6, lineHeight: 1.25 }} data-file={f} title={f}>
                        <span style={{ flex: 1, overflow: 'hidden', display: 'flex', flexDirection: 'column' }}>
                          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{texts[f] !== saved[f] ? '● ' : ''}{fileTitle(f)}</span>
                          <span style={{ fontSize: 11, color: '#595959', overflow: 'hidden', textOverflow: 'ellipsis' }}>{f}</span>
                        </span>
                        {perFile.get(f) ? <Badge count={perFile.get(f)} size="small" /> : null}
                      </span>
                    ),
                  }))}
                />
              </div>
              <Splitter style={{ flex: 1, minWidth: 0 }}>
                <Splitter.Panel defaultSize="52%" min="25%">
                  <Splitter orientation="vertical">
                    <Splitter.Panel min={200}>
                      <div style={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
                        {hasVisualEditor(activeKind) && (
                          <div style={{ padding: '4px 8px', borderBottom: '1px solid #f0f0f0', display: 'flex', gap: 8, alignItems: 'center', background: '#fff' }}>
                            <Segmented
                              size="small"
                              value={showVisual ? 'visual' : 'json'}
                              onChange={(v) => {
                                setJsonNote(null)
                                setMode(v as Mode)
                              }}
                              data-testid="view-mode"
                              options={[
                                { value: 'visual', label: <span data-testid="mode-visual">{t('modeVisual')}</span>, disabled: !canVisual },
                                { value: 'json', label: <span data-testid="mode-json">JSON</span> },
                              ]}
                            />
                            <Typography.Text style={{ fontSize: 12, color: '#595959' }} ellipsis>{canVisual ? t('modeHint') : t('modeBroken')}</Typography.Text>
                          </div>
                        )}
                        {!showVisual && jsonNote && <Alert type="info" showIcon closable onClose={() => setJsonNote(null)} message={jsonNote} style={{ margin: 4 }} data-testid="json-note" />}
                        {showVisual && Visual ? (
                          <div ref={visualRef} style={{ flex: 1, minHeight: 0, overflow: 'auto', padding: 8, background: '#fff' }} data-testid="visual-editor" data-kind={activeKind ?? ''} data-file={active}>
                            <Suspense fallback={spin}>
                              <ProblemsProvider problems={activeProblems} lang={lang}>
                                <Visual
                                  key={`${schemeId}/${active}`}
                                  file={active}
                                  doc={activeDoc as Record<string, unknown>}
                                  onChange={(next, label, opts) => onVisualChange(active, next, label, opts)}
                                  onChangeFile={(file, next, label, opts) => onVisualChange(file, next, label, opts, active)}
                                  onFocusElement={(id) => setVisualElement((v) => (v?.file === active && v.id === id ? v : { file: active, id }))}
                                  openFile={(f, p) => (p ? jumpTo(f, p) : setActive(f))}
                                  problems={activeProblems}
                                  draft={parsed}
                                  info={load?.info ?? null}
                                  client={client}
                                  i18n={i18n}
                                  openJson={(pointer, note) => openJson(active, pointer, note)}
                                />
                              </ProblemsProvider>
                            </Suspense>
                          </div>
                        ) : (
                          <div style={{ flex: 1, minHeight: 0 }} data-testid="editor">
                            <Suspense fallback={<div style={{ padding: 16 }}><Spin /> {t('editorLoading')}</div>}>
                              {active && <CodeEditor schemeId={schemeId} files={order} texts={texts} active={active} problems={problems} lang={lang} resetNonce={resetNonce} jump={jump} onChange={onChange} onSave={() => void flush().catch(() => {})} onCursor={(file, offset) => setCursor({ file, offset })} onUndo={() => travel('undo')} onRedo={() => travel('redo')} />}
                            </Suspense>
                          </div>
                        )}
                      </div>
                    </Splitter.Panel>
                    <Splitter.Panel defaultSize={170} min={60}>
                      <div style={{ height: '100%', overflow: 'auto', background: '#fff' }} data-testid="problems-panel">
                        <div style={{ padding: '4px 8px', borderBottom: '1px solid #f0f0f0', fontSize: 12, display: 'flex', gap: 8, alignItems: 'center' }}>
                          <b>{t('problems')}</b>
                          {checking ? <Tag color="processing">{t('liveChecking')}</Tag> : load?.ok ? <Tag color="success" data-testid="live-ok">{t('liveOk', { ms: Math.round(load.loadMs) })}</Tag> : load ? <Tag color="error" data-testid="live-bad">{t('liveBad', { n: problems.length })}</Tag> : null}
                        </div>
                        {grouped.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noProblems')} style={{ margin: 8 }} /> : grouped.map((g) => (
                          <div key={g.file}>
                            <div style={{ padding: '2px 8px', background: '#fafafa', fontSize: 12, fontWeight: 600 }}>{g.file || t('problemsOther')}</div>
                            <ProblemList problems={g.problems} i18n={i18n} onJump={jumpTo} />
                          </div>
                        ))}
                      </div>
                    </Splitter.Panel>
                  </Splitter>
                </Splitter.Panel>
                <Splitter.Panel min="25%">
                  <div style={{ height: '100%', display: 'flex', flexDirection: 'column', background: '#fff' }}>
                    <Tabs
                      activeKey={tab}
                      onChange={(k) => setTab(k as PreviewTab)}
                      size="small"
                      style={{ padding: '0 12px', flex: '0 0 auto' }}
                      items={[
                        { key: 'form', label: t('pvForm') },
                        { key: 'rules', label: t('pvRules') },
                        { key: 'workflow', label: t('pvWorkflow') },
                        { key: 'deadline', label: t('pvDeadline') },
                        { key: 'scoring', label: t('pvScoring') },
                      ]}
                    />
                    <div style={{ flex: 1, minHeight: 0, overflow: tab === 'workflow' ? 'hidden' : 'auto', padding: '0 12px 12px' }} data-testid="preview">
                      <Suspense fallback={spin}>
                      {tab === 'form' && <FormPreview {...previewProps} cursorFormId={cursorFormId} />}
                      {tab === 'rules' && <RuleTester {...previewProps} />}
                      {tab === 'workflow' && <WorkflowDiagram {...previewProps} cursorMachineId={cursorMachineId} />}
                      {tab === 'deadline' && <DeadlineCalc {...previewProps} />}
                      {tab === 'scoring' && <ScoringSim {...previewProps} />}
                      </Suspense>
                    </div>
                  </div>
                </Splitter.Panel>
              </Splitter>
            </div>
          )}
        </Layout.Content>
      </Layout>
      {publishOpen && <Suspense fallback={null}><PublishModal
        open={publishOpen}
        schemeId={schemeId}
        i18n={i18n}
        flush={flush}
        onClose={() => setPublishOpen(false)}
        onJump={jumpTo}
        onPublished={(v, bumped) => {
          setPublishOpen(false)
          message.success(t('publishOk', { version: v.version }) + (bumped ? t('publishBumped', { version: bumped }) : ''))
          setVersionsKey((k) => k + 1)
          void reloadDraft()
          checkUpstream()
        }}
      /></Suspense>}
      {forkOpen && schemes.some((s) => s.id === schemeId) && <Suspense fallback={null}><ForkModal
        source={schemes.find((s) => s.id === schemeId)!}
        i18n={i18n}
        onClose={() => setForkOpen(false)}
        onForked={(r) => {
          setForkOpen(false)
          message.success(t('forkOk', { name: r.scheme.name, id: r.scheme.id, version: r.scheme.version }))
          void flush().catch(() => {}).finally(() => {
            void loadSchemes().then(() => setSchemeId(r.scheme.id))
          })
        }}
      /></Suspense>}
      {upstreamOpen && upstream && <Suspense fallback={null}><UpstreamDrawer
        status={upstream}
        i18n={i18n}
        flush={flush}
        onClose={() => setUpstreamOpen(false)}
        onJump={jumpTo}
        onMerged={(d, n) => {
          setUpstreamOpen(false)
          autosave.cancel()
          applyDraft(d)
          message.success(t('upstreamMerged', n))
          checkUpstream()
        }}
      /></Suspense>}
    </I18nContext.Provider>
  )
}
