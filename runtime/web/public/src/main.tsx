/**
 * The public page (网上信访 / 查询进度 / 公示 / 投诉建议), a separate Vite entry served at `/public/`.
 * No sign-in. Mobile first. The first screen (header, tabs, the notice and time limits) is plain
 * React without antd, so a phone on a slow network shows it after a small download; antd and the
 * rjsf forms come in the tabs' lazy chunks (./AntdScope wraps them), the petition form's fetched at
 * once, in parallel with the scheme's info. The notice board prints as the A4 poster hung at each
 * service point. Chinese by default; the header's switch turns the page to English (remembered).
 */
import { StrictMode, Suspense, lazy, useEffect, useRef, useState, type ComponentType, type KeyboardEvent, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { errorText, getInfo, getNotice, type Notice, type PublicInfo, type Receipt } from './api'
import { LangProvider, useI18n } from './i18n'
import { currentLang, htmlLang } from './lang'
import { MAIN_ID, SkipLink } from './a11y'
import './public.css'

/** A lazy part wrapped in antd's provider; both chunks fetched together, `preload()` starts them early. */
function withAntd<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loading: Promise<{ default: ComponentType<P> }> | undefined
  const preload = () =>
    (loading ??= Promise.all([import('./AntdScope'), load()]).then(([{ default: Scope }, { default: Inner }]) => ({
      default: (props: P) => (
        <Scope>
          <Inner {...props} />
        </Scope>
      ),
    })))
  return Object.assign(lazy(preload), { preload })
}

const PetitionForm = withAntd(() => import('./PetitionForm'))
const ReceiptView = withAntd(() => import('./Receipt'))
const StatusLookup = withAntd(() => import('./StatusLookup'))
const NoticeTab = withAntd(() => import('./NoticeTab'))
const ComplaintForm = withAntd(() => import('./ComplaintForm'))

type Tab = 'petition' | 'status' | 'notice' | 'complaint'
const TABS: Tab[] = ['petition', 'status', 'notice', 'complaint']
const tabFromHash = (): Tab => TABS.find((t) => t !== 'petition' && location.hash === `#${t}`) ?? 'petition'

/** Loading placeholder (antd's Skeleton is not on the first screen). */
function Placeholder({ rows = 4 }: { rows?: number }) {
  return (
    <div className="pub-skeleton" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="pub-skeleton-line" />
      ))}
    </div>
  )
}

function ErrorBox({ text, onRetry }: { text: string; onRetry?: () => void }) {
  const { t } = useI18n()
  return (
    <div className="pub-box pub-box-error" role="alert">
      <span>{text}</span>
      {onRetry ? (
        <button type="button" className="pub-btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  )
}

/** The channel's notice (the scheme's free text: Chinese only) and the time limits. */
function Notice({ info }: { info: PublicInfo }) {
  const { t, label } = useI18n()
  return (
    <section className="pub-notice" data-testid="notice">
      <p className="pub-notice-text" lang="zh-CN">
        {info.notice}
      </p>
      <div className="pub-limits-title">{t('limits.title')}</div>
      <ul className="pub-limits" data-testid="time-limits">
        {info.timeLimits.map((l) => (
          <li key={l.id}>
            <span>{label(l)}</span>
            <b>{t(l.unit === 'workday' ? 'days.workday' : 'days.calendar', { n: l.days })}</b>
          </li>
        ))}
      </ul>
    </section>
  )
}

function PublicApp() {
  const i18n = useI18n()
  const { t, lang } = i18n
  const [tab, setTab] = useState<Tab>(tabFromHash)
  const [info, setInfo] = useState<PublicInfo | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [receipt, setReceipt] = useState<Receipt | null>(null)
  const [fillKey, setFillKey] = useState(0)
  const [lookupCode, setLookupCode] = useState('')
  // tabs opened so far keep their panel (a form half filled survives a look at another tab)
  const visited = useRef(new Set<Tab>())
  visited.current.add(tab)

  useEffect(() => {
    const onHash = () => setTab(tabFromHash())
    addEventListener('hashchange', onHash)
    return () => removeEventListener('hashchange', onHash)
  }, [])
  const load = () => {
    setLoadError(null)
    getInfo().then(setInfo, (e: unknown) => setLoadError(e ?? new Error()))
  }
  useEffect(load, [])
  useEffect(() => {
    document.title = info ? t('app.docTitle', { town: info.town }) : t('app.title')
  }, [info, t])

  const go = (t: Tab) => {
    setTab(t)
    history.replaceState(null, '', t === 'petition' ? '#' : `#${t}`)
    scrollTo(0, 0)
  }

  // the notice board (公示) also carries the complaint form: loaded when either tab is first opened
  const [notice, setNotice] = useState<Notice | null>(null)
  const [noticeFailure, setNoticeFailure] = useState<unknown>(null)
  const noticeError = noticeFailure ? errorText(noticeFailure, i18n, 'load.failed') : null
  const needNotice = tab === 'notice' || tab === 'complaint'
  const loadNotice = () => {
    setNoticeFailure(null)
    getNotice().then(setNotice, (e: unknown) => setNoticeFailure(e ?? new Error()))
  }
  useEffect(() => {
    if (needNotice && !notice) loadNotice()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needNotice])
  const online = notice?.complain?.online ?? null
  const complaint = noticeError ? (
    <ErrorBox text={noticeError} onRetry={loadNotice} />
  ) : !notice ? (
    <Placeholder />
  ) : online ? (
    <Suspense fallback={<Placeholder rows={6} />}>
      <ComplaintForm schema={online.form} notice={online.notice} />
    </Suspense>
  ) : (
    <div className="pub-box pub-box-info">{t('complaint.closed')}</div>
  )

  const petition = loadError ? (
    <ErrorBox text={errorText(loadError, i18n, 'load.failed')} onRetry={load} />
  ) : !info ? (
    <Placeholder rows={8} />
  ) : receipt ? (
    <Suspense fallback={<Placeholder rows={8} />}>
      <ReceiptView
        receipt={receipt}
        onLookup={() => {
          setLookupCode(receipt.trackingCode)
          go('status')
        }}
        onAnother={() => {
          setReceipt(null)
          setFillKey((k) => k + 1)
          scrollTo(0, 0)
        }}
      />
    </Suspense>
  ) : (
    <>
      <Notice info={info} />
      <Suspense fallback={<Placeholder rows={8} />}>
        <PetitionForm
          key={fillKey}
          form={info.form}
          onDone={(r) => {
            setReceipt(r)
            scrollTo(0, 0)
          }}
        />
      </Suspense>
    </>
  )

  const panels: Record<Tab, () => ReactNode> = {
    petition: () => petition,
    status: () => (
      <Suspense fallback={<Placeholder />}>
        <StatusLookup key={lookupCode} initialCode={lookupCode} />
      </Suspense>
    ),
    notice: () => (
      <Suspense fallback={<Placeholder rows={10} />}>
        <NoticeTab notice={notice} error={noticeError} onRetry={loadNotice} />
      </Suspense>
    ),
    complaint: () => complaint,
  }

  return (
    <div className="pub-page">
      <SkipLink />
      <header className="pub-header">
        <button
          type="button"
          className="pub-lang"
          onClick={() => i18n.setLang(lang === 'zh' ? 'en' : 'zh')}
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          title={t('lang.switchLabel')}
          data-testid="lang-switch"
        >
          {t('lang.switch')}
        </button>
        <div className="pub-town">{info?.town ?? '\u00a0'}</div>
        <h1 data-testid="app-title">{t('app.title')}</h1>
      </header>
      <main id={MAIN_ID} tabIndex={-1}>
        <TabBar active={tab} onChange={go} />
        {TABS.filter((k) => k === tab || visited.current.has(k)).map((k) => (
          <div key={k} className="pub-tab" role="tabpanel" id={`pub-panel-${k}`} aria-labelledby={`pub-tab-${k}`} hidden={k !== tab}>
            {panels[k]()}
          </div>
        ))}
      </main>
    </div>
  )
}

/** The four tabs (WAI-ARIA tabs: arrow keys move between them); a tab's panel stays once opened. */
function TabBar({ active, onChange }: { active: Tab; onChange: (t: Tab) => void }) {
  const { t } = useI18n()
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({})
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    e.preventDefault()
    const next = TABS[(TABS.indexOf(active) + step + TABS.length) % TABS.length]!
    onChange(next)
    refs.current[next]?.focus()
  }
  return (
    <nav className="pub-tabs" role="tablist" onKeyDown={onKey}>
      {TABS.map((k) => (
        <button
          key={k}
          ref={(el) => {
            refs.current[k] = el
          }}
          type="button"
          role="tab"
          id={`pub-tab-${k}`}
          aria-selected={k === active}
          aria-controls={`pub-panel-${k}`}
          tabIndex={k === active ? 0 : -1}
          className={k === active ? 'pub-tabs-tab active' : 'pub-tabs-tab'}
          onClick={() => onChange(k)}
        >
          <span data-testid={`tab-${k}`}>{t(`tab.${k}`)}</span>
        </button>
      ))}
    </nav>
  )
}

/** `<html lang>` follows the page's language. */
function HtmlLang({ children }: { children: ReactNode }) {
  const { lang } = useI18n()
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang)
  }, [lang])
  return <>{children}</>
}

// the default tab's form: fetched now, alongside the scheme's info
if (tabFromHash() === 'petition') void PetitionForm.preload()
document.documentElement.lang = htmlLang(currentLang())
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <HtmlLang>
        <PublicApp />
      </HtmlLang>
    </LangProvider>
  </StrictMode>,
)
