/**
 * Assessment and reports (`#/reports…`): the town dashboard (default), the monthly bulletin
 * (月通报), the yearly summary (年汇总), the letters (三函一约谈) and, for assessors, the entry of
 * the manual items. The period lives in the address (`?period=2026-10`), so a view can be
 * bookmarked and Back works. Print pages (`#/print/reports/…`) have no chrome.
 */
import { lazy, Suspense } from 'react'
import { Alert, Skeleton, Tabs } from 'antd'
import { loadToday, useAsync } from '../data'
import { navigate, type Location } from '../router'
import { useCan } from '../session'
import { localToday } from '../dates'
import { periodOr, withQuery } from './format'
import { useT } from './messages'
import './reports.css'
import { NoAccess } from '../a11y/NoAccess'

const Dashboard = lazy(() => import('./Dashboard'))
const Bulletin = lazy(() => import('./Bulletin'))
const Yearly = lazy(() => import('./Yearly'))
const Letters = lazy(() => import('./Letters'))
const Assess = lazy(() => import('./Assess'))
const Print = lazy(() => import('./Print'))

type TabKey = 'dashboard' | 'bulletin' | 'yearly' | 'letters' | 'assess'
const TABS: TabKey[] = ['dashboard', 'bulletin', 'yearly', 'letters', 'assess']

function tabOf(path: string): TabKey {
  const seg = path.split('/')[2] ?? ''
  return TABS.find((k) => k === seg) ?? 'dashboard'
}

export default function ReportsArea({ loc }: { loc: Location }) {
  const t = useT()
  const can = useCan()
  const today = useAsync(() => loadToday().catch(() => localToday()), [])
  if (!can('report.read')) return <NoAccess title={t('title')} message={t('noAccess')} />
  const tab = tabOf(loc.path)
  const tabs = TABS.filter((k) => k !== 'assess' || can('assessment.enter'))
  const path = tab === 'dashboard' ? '/reports' : `/reports/${tab}`
  const go = (patch: Record<string, string | null>) => navigate(withQuery(path, loc.query, patch))
  const raw = loc.query.get('period')
  const explain = loc.query.get('explain')

  let body = null
  if (!today.data) body = <Skeleton active />
  else if (tab === 'bulletin')
    body = (
      <Bulletin period={periodOr(raw, today.data)} onPeriod={(p) => go({ period: p, explain: null })} explain={explain} onExplain={(v) => go({ explain: v })} />
    )
  else if (tab === 'yearly')
    body = (
      <Yearly
        year={periodOr(raw, today.data, 'year')}
        onYear={(p) => go({ period: p, explain: null })}
        explain={explain}
        onExplain={(v) => go({ explain: v })}
      />
    )
  else if (tab === 'letters') body = <Letters period={periodOr(raw, today.data)} onPeriod={(p) => go({ period: p })} />
  else if (tab === 'assess' && can('assessment.enter'))
    body = (
      <Assess
        period={periodOr(raw, today.data, 'month')}
        onPeriod={(p) => go({ period: p })}
        village={loc.query.get('village')}
        onVillage={(v) => go({ village: v })}
      />
    )
  else if (tab === 'assess') body = <Alert type="warning" showIcon title={t('assess.noAccess')} />
  else body = <Dashboard period={periodOr(raw, today.data)} onPeriod={(p) => go({ period: p })} />

  // the period carries over between tabs (a year for the yearly summary, a month for entries)
  const tabHref = (k: TabKey) => {
    const q = new URLSearchParams()
    if (raw) q.set('period', k === 'yearly' ? raw.slice(0, 4) : k === 'assess' && raw.length === 4 ? '' : raw)
    if (!q.get('period')) q.delete('period')
    const s = q.toString()
    return `${k === 'dashboard' ? '/reports' : `/reports/${k}`}${s ? `?${s}` : ''}`
  }

  return (
    <div data-testid="reports-area">
      <div className="page-title">
        <h1>{t('title')}</h1>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(tabHref(k as TabKey))}
        items={tabs.map((k) => ({ key: k, label: <span data-testid={`reports-tab-${k}`}>{t(`tab.${k}`)}</span> }))}
      />
      <Suspense fallback={<Skeleton active />}>{body}</Suspense>
    </div>
  )
}

export function ReportsPrint({ loc }: { loc: Location }) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <Print loc={loc} />
    </Suspense>
  )
}
