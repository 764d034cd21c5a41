/**
 * The public page (网上信访 / 查询进度 / 公示 / 投诉建议), a separate Vite entry served at `/public/`.
 * No sign-in. Mobile first. The rjsf forms are loaded lazily, only on their tabs; the notice board
 * prints as the A4 poster hung at each service point. Chinese by default; the header's switch
 * turns the page to English (remembered; antd's English locale is loaded only then).
 */
import { StrictMode, Suspense, lazy, useEffect, useState, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { Alert, Button, ConfigProvider, Result, Skeleton, Tabs, Typography, App as AntApp } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCN from 'antd/locale/zh_CN'
import { errorText, getInfo, getNotice, type Notice, type PublicInfo, type Receipt } from './api'
import { LangProvider, useI18n } from './i18n'
import { currentLang, htmlLang } from './lang'
import StatusLookup from './StatusLookup'
import './public.css'

const PetitionForm = lazy(() => import('./PetitionForm'))
const NoticeTab = lazy(() => import('./NoticeTab'))
const ComplaintForm = lazy(() => import('./ComplaintForm'))

type Tab = 'petition' | 'status' | 'notice' | 'complaint'
const TABS: Tab[] = ['petition', 'status', 'notice', 'complaint']
const tabFromHash = (): Tab => TABS.find((t) => t !== 'petition' && location.hash === `#${t}`) ?? 'petition'

/** The channel's notice (the scheme's free text: Chinese only) and the time limits. */
function Notice({ info }: { info: PublicInfo }) {
  const { t, label } = useI18n()
  return (
    <section className="pub-notice" data-testid="notice">
      <Typography.Paragraph lang="zh-CN">{info.notice}</Typography.Paragraph>
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

function ReceiptView({ receipt, onLookup, onAnother }: { receipt: Receipt; onLookup: () => void; onAnother: () => void }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  return (
    <div className="pub-receipt" data-testid="receipt">
      <Result status="success" title={t('receipt.title')} subTitle={t('receipt.sub', { number: receipt.number, date: receipt.receivedOn })} />
      <div className="pub-code-label">{t('receipt.codeLabel')}</div>
      <div className="pub-code" data-testid="tracking-code">
        {receipt.trackingCode}
      </div>
      <div className="pub-code-actions">
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(receipt.trackingCode).then(() => setCopied(true), () => setCopied(false))
          }}
        >
          {t(copied ? 'receipt.copied' : 'receipt.copy')}
        </Button>
      </div>
      <Alert type="warning" showIcon title={t('receipt.keep')} />
      <div className="pub-next">
        <div className="pub-limits-title">{t('receipt.next')}</div>
        <ol>
          <li>{t('receipt.next1')}</li>
          <li>{t('receipt.next2')}</li>
          <li>{t('receipt.next3')}</li>
          <li>{t('receipt.next4')}</li>
        </ol>
      </div>
      <div className="pub-actions">
        <Button type="primary" size="large" block onClick={onLookup} data-testid="go-status">
          {t('receipt.lookup')}
        </Button>
        <Button size="large" block onClick={onAnother}>
          {t('receipt.another')}
        </Button>
      </div>
    </div>
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
    <Alert type="error" showIcon title={noticeError} action={<Button onClick={loadNotice}>{t('common.retry')}</Button>} />
  ) : !notice ? (
    <Skeleton active />
  ) : online ? (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <ComplaintForm schema={online.form} notice={online.notice} />
    </Suspense>
  ) : (
    <Alert type="info" showIcon title={t('complaint.closed')} />
  )

  const petition = loadError ? (
    <Alert type="error" showIcon title={errorText(loadError, i18n, 'load.failed')} action={<Button onClick={load}>{t('common.retry')}</Button>} />
  ) : !info ? (
    <Skeleton active />
  ) : receipt ? (
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
  ) : (
    <>
      <Notice info={info} />
      <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
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

  return (
    <div className="pub-page">
      <header className="pub-header">
        <button
          type="button"
          className="pub-lang"
          onClick={() => i18n.setLang(lang === 'zh' ? 'en' : 'zh')}
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          aria-label={t('lang.switchLabel')}
          data-testid="lang-switch"
        >
          {t('lang.switch')}
        </button>
        <div className="pub-town">{info?.town ?? '\u00a0'}</div>
        <h1 data-testid="app-title">{t('app.title')}</h1>
      </header>
      <Tabs
        activeKey={tab}
        onChange={(k) => go(k as Tab)}
        centered
        size="large"
        items={[
          { key: 'petition', label: <span data-testid="tab-petition">{t('tab.petition')}</span>, children: <div className="pub-tab">{petition}</div> },
          {
            key: 'status',
            label: <span data-testid="tab-status">{t('tab.status')}</span>,
            children: (
              <div className="pub-tab">
                <StatusLookup key={lookupCode} initialCode={lookupCode} />
              </div>
            ),
          },
          {
            key: 'notice',
            label: <span data-testid="tab-notice">{t('tab.notice')}</span>,
            children: (
              <div className="pub-tab">
                <Suspense fallback={<Skeleton active />}>
                  <NoticeTab notice={notice} error={noticeError} onRetry={loadNotice} />
                </Suspense>
              </div>
            ),
          },
          { key: 'complaint', label: <span data-testid="tab-complaint">{t('tab.complaint')}</span>, children: <div className="pub-tab">{complaint}</div> },
        ]}
      />
    </div>
  )
}

/** antd in the page's language: zh_CN is bundled, en_US loaded the first time English is chosen. */
function Localized({ children }: { children: ReactNode }) {
  const { lang } = useI18n()
  const [enLocale, setEnLocale] = useState<Locale | null>(null)
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang)
    if (lang === 'en' && !enLocale) void import('antd/locale/en_US').then((m) => setEnLocale(m.default))
  }, [lang, enLocale])
  return (
    <ConfigProvider locale={lang === 'en' && enLocale ? enLocale : zhCN} theme={{ token: { fontSize: 16 } }}>
      {children}
    </ConfigProvider>
  )
}

document.documentElement.lang = htmlLang(currentLang())
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <Localized>
        <AntApp>
          <PublicApp />
        </AntApp>
      </Localized>
    </LangProvider>
  </StrictMode>,
)
