/**
 * The designer: draft files in Monaco or visual editors with live engine validation, previews beside
 * the editor, drafts/publish/versions/impact/forks against the server's designer API. The state
 * lives in hooks (./app): the working copy (useDraft), saving (useAutosave), the engine worker
 * (useWorkerValidation), a fork's upstream (useUpstream); this file lays them out and wires them.
 */
import { lazy, Suspense, useCallback, useMemo, useRef, useState, useEffect } from 'react'
import { Layout, Splitter, Spin, Typography, message } from 'antd'
import { api, setApiLang, signInUrl, type SessionInfo } from './api'
import { translate, I18nContext, type I18n, type Lang } from './i18n'
import { workerClient } from './engine/client'
import { groupByFile, type Problem } from './lib/problems'
import { kindOf } from './lib/kinds'
import { clearDrafts } from '../../runtime/web/kit/drafts'
import { parsedDraft } from './draft/parsed'
import { useSchemes } from './app/useSchemes'
import { useUpstream } from './app/useUpstream'
import { useDraft } from './app/useDraft'
import { useWorkerValidation } from './app/useWorkerValidation'
import { useAutosave } from './app/useAutosave'
import { useDraftEdits } from './app/useDraftEdits'
import { useMode } from './app/useMode'
import { useFollow } from './app/useFollow'
import { useJump } from './app/useJump'
import { draftActions } from './app/actions'
import { AppHeader, type View } from './app/AppHeader'
import { FileList, fileTitle } from './app/FileList'
import { EditorPane } from './app/EditorPane'
import { ProblemsPanel } from './app/ProblemsPanel'
import { PreviewPane, spin } from './app/PreviewPane'
import { a11yT } from './app/messages'

export type { EditPerf } from './app/useWorkerValidation'

// Loaded when first shown.
const ImpactView = lazy(() => import('./panels/ImpactView'))
const VersionsView = lazy(() => import('./panels/VersionsView'))
const PublishModal = lazy(() => import('./panels/PublishModal'))
const ForkModal = lazy(() => import('./panels/ForkModal'))
const UpstreamDrawer = lazy(() => import('./panels/UpstreamDrawer'))

/** A stable empty list, so memos keyed on the problems do not rerun while there are none. */
const NO_PROBLEMS: Problem[] = []
export default function App({ lang, setLang, session }: { lang: Lang; setLang(l: Lang): void; session: SessionInfo }) {
  const i18n: I18n = useMemo(() => ({ lang, setLang, t: (k, p) => translate(lang, k, p) }), [lang, setLang])
  const { t } = i18n
  useEffect(() => setApiLang(lang), [lang])
  const signOut = () => {
    // the user's unfinished staff-app forms go with the session (review finding 14)
    clearDrafts(session.user.username)
    void api
      .logout()
      .catch(() => {})
      .finally(() => location.assign(signInUrl()))
  }

  const client = useMemo(() => workerClient(), [])
  const [fatal, setFatal] = useState<string | null>(null)
  const [view, setView] = useState<View>('edit')
  const [publishOpen, setPublishOpen] = useState(false)
  const [forkOpen, setForkOpen] = useState(false)
  const [versionsKey, setVersionsKey] = useState(0)
  const visualRef = useRef<HTMLDivElement>(null)

  const { schemes, schemeId, setSchemeId, loadSchemes } = useSchemes(setFatal)
  const { upstream, checkUpstream, drawerOpen: upstreamOpen, setDrawerOpen: setUpstreamOpen } = useUpstream(schemeId)
  const draft = useDraft(schemeId, setFatal)
  const { meta, order, texts, saved, active, setActive, applyDraft, reloadDraft, dirtyFiles } = draft
  const { mode, setMode, jsonNote, setJsonNote } = useMode()
  const { load, loadSeq, checking, runLoad, noteEdit } = useWorkerValidation(client, draft, t)
  const { saveState, autosave, flush } = useAutosave(schemeId, draft)
  const { onChange, onVisualChange, travel } = useDraftEdits(draft, { noteEdit, runLoad, autosave }, t)
  const parsed = useMemo(() => parsedDraft(order, texts), [order, texts])
  const { tab, setTab, setCursor, cursorFormId, cursorMachineId, focusElement } = useFollow({ texts, textsRef: draft.textsRef, active, mode })
  const showEdit = useCallback(() => setView('edit'), [])
  const { jump, jumpTo, openJson } = useJump({
    orderRef: draft.orderRef,
    setActive,
    showEdit,
    mode,
    setMode,
    setJsonNote,
    visualRef,
    noControlNote: t('noControl'),
  })
  const actions = draftActions({
    schemeId,
    i18n,
    orderRef: draft.orderRef,
    textsRef: draft.textsRef,
    flush,
    cancelAutosave: () => autosave.cancel(),
    applyDraft,
    jumpTo,
  })
  const save = () => void flush().catch(() => {})

  // Each screen has one <h1> (read by screen readers, not shown: the header and the file list say it);
  // a navigation (another view, file or scheme chosen) moves the focus to it.
  const at = a11yT(lang)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const [navigated, setNavigated] = useState(0)
  const navigate = useCallback(() => setNavigated((n) => n + 1), [])
  useEffect(() => {
    if (navigated) headingRef.current?.focus({ preventScroll: true })
  }, [navigated])
  const goView = (v: View) => {
    setView(v)
    navigate()
  }

  const problems: Problem[] = load?.problems ?? NO_PROBLEMS
  const perFile = useMemo(() => {
    const m = new Map<string, number>()
    for (const p of problems) if (p.file) m.set(p.file, (m.get(p.file) ?? 0) + 1)
    return m
  }, [problems])
  const grouped = useMemo(() => groupByFile(problems, order), [problems, order])
  const activeKind = kindOf(texts[active] ?? '')
  const activeProblems = useMemo(() => problems.filter((p) => p.file === active), [problems, active])
  const previewProps = { client, load, loadSeq, i18n, jumpTo }
  const kindOfFile = new Map(parsed.files.map((x) => [x.file, x.kind ?? kindOf(texts[x.file] ?? '')]))
  const titleOf = (f: string) => fileTitle(f, { order, kindOfFile, docOf: (g) => parsed.files.find((x) => x.file === g)?.doc, lang })

  if (fatal)
    return (
      <main style={{ padding: 40 }}>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('error', { msg: fatal })}
        </Typography.Title>
      </main>
    )
  const heading =
    view === 'impact'
      ? at('headingImpact')
      : view === 'versions'
        ? at('headingVersions')
        : at('headingEdit', { file: active ? `${titleOf(active)} (${active})` : '' })

  return (
    <I18nContext.Provider value={i18n}>
      <a
        className="daiban-skip"
        href="#daiban-main"
        onClick={(e) => {
          e.preventDefault()
          headingRef.current?.focus()
        }}
      >
        {at('skipToMain')}
      </a>
      <Layout style={{ height: '100vh' }}>
        <AppHeader
          i18n={i18n}
          setLang={setLang}
          session={session}
          signOut={signOut}
          schemes={schemes}
          schemeId={schemeId}
          setSchemeId={(id) => {
            setSchemeId(id)
            navigate()
          }}
          upstream={upstream}
          openUpstream={() => setUpstreamOpen(true)}
          view={view}
          setView={goView}
          meta={meta}
          dirty={dirtyFiles.length > 0}
          saveState={saveState}
          draftHistory={draft.draftHistory}
          travel={travel}
          save={save}
          files={parsed.files}
          jumpTo={jumpTo}
          validate={() => void actions.validate()}
          openPublish={() => setPublishOpen(true)}
          openFork={() => setForkOpen(true)}
          discard={actions.discard}
          importFile={(f) => void actions.importFile(f)}
          exportDraft={() => void actions.exportDraft()}
        />
        <Layout.Content style={{ minHeight: 0, overflow: 'hidden' }} id="daiban-main">
          <h1 ref={headingRef} tabIndex={-1} className="daiban-sr-only" data-testid="screen-heading">
            {heading}
          </h1>
          {!meta ? (
            <div style={{ padding: 40, textAlign: 'center' }}>
              <Spin /> {t('loading')}
            </div>
          ) : view === 'impact' ? (
            <div style={{ padding: 12, height: '100%', overflow: 'auto' }}>
              <Suspense fallback={spin}>
                <ImpactView schemeId={schemeId} i18n={i18n} beforeRun={flush} onJump={jumpTo} />
              </Suspense>
            </div>
          ) : view === 'versions' ? (
            <div style={{ padding: 12, height: '100%', overflow: 'auto' }}>
              <Suspense fallback={spin}>
                <VersionsView
                  schemeId={schemeId}
                  i18n={i18n}
                  refreshKey={versionsKey}
                  flush={flush}
                  onExport={(r, l) => void actions.exportVersion(r, l)}
                  onRolledBack={() => {
                    void reloadDraft()
                    setVersionsKey((k) => k + 1)
                  }}
                />
              </Suspense>
            </div>
          ) : (
            <div style={{ display: 'flex', height: '100%' }}>
              <FileList
                order={order}
                texts={texts}
                saved={saved}
                active={active}
                perFile={perFile}
                titleOf={titleOf}
                i18n={i18n}
                onOpen={(f) => {
                  setActive(f)
                  setJsonNote(null)
                  navigate()
                }}
              />
              <Splitter style={{ flex: 1, minWidth: 0 }}>
                <Splitter.Panel defaultSize="52%" min="25%">
                  <Splitter orientation="vertical">
                    <Splitter.Panel min={200}>
                      <EditorPane
                        schemeId={schemeId}
                        active={active}
                        activeKind={activeKind}
                        parsed={parsed}
                        mode={mode}
                        setMode={setMode}
                        jsonNote={jsonNote}
                        setJsonNote={setJsonNote}
                        visualRef={visualRef}
                        problems={problems}
                        activeProblems={activeProblems}
                        load={load}
                        client={client}
                        i18n={i18n}
                        order={order}
                        texts={texts}
                        resetNonce={draft.resetNonce}
                        jump={jump}
                        onChange={onChange}
                        onVisualChange={onVisualChange}
                        focusElement={focusElement}
                        openFile={setActive}
                        jumpTo={jumpTo}
                        openJson={openJson}
                        save={save}
                        travel={travel}
                        setCursor={setCursor}
                      />
                    </Splitter.Panel>
                    <Splitter.Panel defaultSize={170} min={60}>
                      <ProblemsPanel checking={checking} load={load} problems={problems} grouped={grouped} i18n={i18n} onJump={jumpTo} />
                    </Splitter.Panel>
                  </Splitter>
                </Splitter.Panel>
                <Splitter.Panel min="25%">
                  <PreviewPane tab={tab} setTab={setTab} preview={previewProps} cursorFormId={cursorFormId} cursorMachineId={cursorMachineId} />
                </Splitter.Panel>
              </Splitter>
            </div>
          )}
        </Layout.Content>
      </Layout>
      {publishOpen && (
        <Suspense fallback={null}>
          <PublishModal
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
          />
        </Suspense>
      )}
      {forkOpen && schemes.some((s) => s.id === schemeId) && (
        <Suspense fallback={null}>
          <ForkModal
            source={schemes.find((s) => s.id === schemeId)!}
            i18n={i18n}
            onClose={() => setForkOpen(false)}
            onForked={(r) => {
              setForkOpen(false)
              message.success(t('forkOk', { name: r.scheme.name, id: r.scheme.id, version: r.scheme.version }))
              void flush()
                .catch(() => {})
                .finally(() => {
                  void loadSchemes().then(() => setSchemeId(r.scheme.id))
                })
            }}
          />
        </Suspense>
      )}
      {upstreamOpen && upstream && (
        <Suspense fallback={null}>
          <UpstreamDrawer
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
          />
        </Suspense>
      )}
    </I18nContext.Provider>
  )
}
