/**
 * The public page (网上信访 / 查询进度 / 公示 / 投诉建议), a separate Vite entry served at `/public/`.
 * No sign-in. Mobile first. The rjsf forms are loaded lazily, only on their tabs; the notice board
 * prints as the A4 poster hung at each service point.
 */
import { StrictMode, Suspense, lazy, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { Alert, Button, ConfigProvider, Result, Skeleton, Tabs, Typography, App as AntApp } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { ApiError, getInfo, getNotice, type Notice, type PublicInfo, type Receipt } from './api'
import StatusLookup from './StatusLookup'
import './public.css'

const PetitionForm = lazy(() => import('./PetitionForm'))
const NoticeTab = lazy(() => import('./NoticeTab'))
const ComplaintForm = lazy(() => import('./ComplaintForm'))

type Tab = 'petition' | 'status' | 'notice' | 'complaint'
const TABS: Tab[] = ['petition', 'status', 'notice', 'complaint']
const tabFromHash = (): Tab => TABS.find((t) => t !== 'petition' && location.hash === `#${t}`) ?? 'petition'

function Notice({ info }: { info: PublicInfo }) {
  return (
    <section className="pub-notice" data-testid="notice">
      <Typography.Paragraph>{info.notice}</Typography.Paragraph>
      <div className="pub-limits-title">办理时限</div>
      <ul className="pub-limits" data-testid="time-limits">
        {info.timeLimits.map((t) => (
          <li key={t.id}>
            <span>{t.name}</span>
            <b>
              {t.days} 个{t.unit === 'workday' ? '工作日' : '自然日'}
            </b>
          </li>
        ))}
      </ul>
    </section>
  )
}

function ReceiptView({ receipt, onLookup, onAnother }: { receipt: Receipt; onLookup: () => void; onAnother: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <div className="pub-receipt" data-testid="receipt">
      <Result status="success" title="提交成功" subTitle={`编号 ${receipt.number} · ${receipt.receivedOn}`} />
      <div className="pub-code-label">您的查询码</div>
      <div className="pub-code" data-testid="tracking-code">
        {receipt.trackingCode}
      </div>
      <div className="pub-code-actions">
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(receipt.trackingCode).then(() => setCopied(true), () => setCopied(false))
          }}
        >
          {copied ? '已复制' : '复制查询码'}
        </Button>
      </div>
      <Alert type="warning" showIcon title="请截图或抄下查询码。查询进度需要查询码和您留的手机号后四位，查询码丢失后无法找回。" />
      <div className="pub-next">
        <div className="pub-limits-title">接下来</div>
        <ol>
          <li>代办员会先甄别您反映的事项，符合代办条件的由代办员无偿全程代办。</li>
          <li>不予代办或应通过法定途径解决的，我们会告知您原因和途径。</li>
          <li>事项受理后，按层级在规定的工作日内办结，办结后会回访。</li>
          <li>随时可在“查询进度”中用查询码和手机号后四位查看办理情况。</li>
        </ol>
      </div>
      <div className="pub-actions">
        <Button type="primary" size="large" block onClick={onLookup} data-testid="go-status">
          查询办理进度
        </Button>
        <Button size="large" block onClick={onAnother}>
          再反映一件事
        </Button>
      </div>
    </div>
  )
}

function PublicApp() {
  const [tab, setTab] = useState<Tab>(tabFromHash)
  const [info, setInfo] = useState<PublicInfo | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
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
    getInfo().then(setInfo, (e: unknown) => setLoadError(e instanceof ApiError ? e.message : '加载失败，请刷新重试'))
  }
  useEffect(load, [])
  useEffect(() => {
    if (info) document.title = `网上信访 · ${info.town}`
  }, [info])

  const go = (t: Tab) => {
    setTab(t)
    history.replaceState(null, '', t === 'petition' ? '#' : `#${t}`)
    scrollTo(0, 0)
  }

  // the notice board (公示) also carries the complaint form: loaded when either tab is first opened
  const [notice, setNotice] = useState<Notice | null>(null)
  const [noticeError, setNoticeError] = useState<string | null>(null)
  const needNotice = tab === 'notice' || tab === 'complaint'
  const loadNotice = () => {
    setNoticeError(null)
    getNotice().then(setNotice, (e: unknown) => setNoticeError(e instanceof ApiError ? e.message : '加载失败，请刷新重试'))
  }
  useEffect(() => {
    if (needNotice && !notice) loadNotice()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needNotice])
  const online = notice?.complain?.online ?? null
  const complaint = noticeError ? (
    <Alert type="error" showIcon title={noticeError} action={<Button onClick={loadNotice}>重试</Button>} />
  ) : !notice ? (
    <Skeleton active />
  ) : online ? (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <ComplaintForm schema={online.form} notice={online.notice} />
    </Suspense>
  ) : (
    <Alert type="info" showIcon title="本地未开通网上投诉，请通过监督电话或意见箱反映。" />
  )

  const petition = loadError ? (
    <Alert type="error" showIcon title={loadError} action={<Button onClick={load}>重试</Button>} />
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
        <div className="pub-town">{info?.town ?? '\u00a0'}</div>
        <h1>信访代办 · 网上服务</h1>
      </header>
      <Tabs
        activeKey={tab}
        onChange={(k) => go(k as Tab)}
        centered
        size="large"
        items={[
          { key: 'petition', label: <span data-testid="tab-petition">网上信访</span>, children: <div className="pub-tab">{petition}</div> },
          {
            key: 'status',
            label: <span data-testid="tab-status">查询进度</span>,
            children: (
              <div className="pub-tab">
                <StatusLookup key={lookupCode} initialCode={lookupCode} />
              </div>
            ),
          },
          {
            key: 'notice',
            label: <span data-testid="tab-notice">公示</span>,
            children: (
              <div className="pub-tab">
                <Suspense fallback={<Skeleton active />}>
                  <NoticeTab notice={notice} error={noticeError} onRetry={loadNotice} />
                </Suspense>
              </div>
            ),
          },
          { key: 'complaint', label: <span data-testid="tab-complaint">投诉</span>, children: <div className="pub-tab">{complaint}</div> },
        ]}
      />
    </div>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { fontSize: 16 } }}>
      <AntApp>
        <PublicApp />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
)
