/**
 * Duty, training and supervision (`#/duty…`): the overview with who is on duty today, the month
 * roster with swaps, grid workers' days at their points and the staffing check, the recurring
 * duties with their evidence, the officers' half-year assessment, and complaints about the
 * service. Print pages (`#/print/duty/roster/<month>`, `#/print/duty/notice`) have no chrome.
 * What the user may not do is hidden (the server checks every request again).
 */
import { lazy, Suspense } from 'react'
import { Button, Skeleton, Space, Tabs } from 'antd'
import { PrinterOutlined } from '@ant-design/icons'
import { match, navigate, type Location } from '../router'
import { useCan } from '../session'
import { DutyProvider } from './shared'
import { useT } from './messages'
import './duty.css'
import { NoAccess } from '../a11y/NoAccess'

const Overview = lazy(() => import('./Overview'))
const RosterScreen = lazy(() => import('./Roster'))
const StaffingScreen = lazy(() => import('./Staffing'))
const Obligations = lazy(() => import('./Obligations'))
const OccurrencePage = lazy(() => import('./Obligations').then((m) => ({ default: m.OccurrencePage })))
const Officers = lazy(() => import('./Officers'))
const Complaints = lazy(() => import('./Complaints'))
const Print = lazy(() => import('./Print'))

type TabKey = 'overview' | 'roster' | 'staffing' | 'obligations' | 'officers' | 'complaints'

function tabOf(path: string): TabKey {
  const seg = path.split('/')[2] ?? ''
  return (['roster', 'staffing', 'obligations', 'officers', 'complaints'] as const).find((k) => k === seg) ?? 'overview'
}

export default function DutyArea({ loc }: { loc: Location }) {
  const t = useT()
  const can = useCan()
  if (!can('duty.read')) return <NoAccess title={t('title')} message={t('noAccess')} />
  const tab = tabOf(loc.path)
  const tabs: Array<{ key: TabKey; label: string; show: boolean }> = [
    { key: 'overview', label: t('tab.overview'), show: true },
    { key: 'roster', label: t('tab.roster'), show: true },
    { key: 'staffing', label: t('tab.staffing'), show: true },
    { key: 'obligations', label: t('tab.obligations'), show: true },
    // the assessment reads report data; complaints are cases
    { key: 'officers', label: t('tab.officers'), show: can('report.read') },
    { key: 'complaints', label: t('tab.complaints'), show: can('case.read') },
  ]
  const occ = match('/duty/obligations/:occ', loc.path)
  let body
  if (occ) body = <OccurrencePage id={occ.occ!} />
  else if (tab === 'roster') body = <RosterScreen month={loc.query.get('month')} />
  else if (tab === 'staffing') body = <StaffingScreen week={loc.query.get('week')} />
  else if (tab === 'obligations') body = <Obligations query={loc.query} />
  else if (tab === 'officers' && can('report.read')) body = <Officers period={loc.query.get('period')} />
  else if (tab === 'complaints' && can('case.read')) body = <Complaints status={loc.query.get('status')} />
  else body = <Overview />
  return (
    <div data-testid="duty-area" className="duty-area">
      <div className="page-title">
        <h1>{t('title')}</h1>
        <Space wrap size={8}>
          <Button icon={<PrinterOutlined />} href="#/print/duty/notice" data-testid="print-notice">
            {t('print.notice')}
          </Button>
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === 'overview' ? '/duty' : `/duty/${k}`)}
        items={tabs.filter((x) => x.show).map((x) => ({ key: x.key, label: <span data-testid={`duty-tab-${x.key}`}>{x.label}</span> }))}
        size="small"
      />
      <DutyProvider>
        <Suspense fallback={<Skeleton active />}>{body}</Suspense>
      </DutyProvider>
    </div>
  )
}

/** Print pages: `/print/duty/roster/<YYYY-MM>` (the month on A4) and `/print/duty/notice` (the poster). */
export function DutyPrint({ loc }: { loc: Location }) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <Print loc={loc} />
    </Suspense>
  )
}
