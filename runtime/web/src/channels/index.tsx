/**
 * Imports and repeat petitions (`#/intake…`): the import from the 12345 hotline and the platforms
 * (`#/intake`, permission case.import) and the 重复访 / 多头访 counts (`#/intake/repeats`, report.read).
 * What the user may not do is hidden; the server checks every request again.
 */
import { lazy, Suspense } from 'react'
import { Alert, Skeleton, Tabs } from 'antd'
import { navigate, type Location } from '../router'
import { useCan } from '../session'
import { useT } from './messages'

const ImportScreen = lazy(() => import('./ImportScreen'))
const Repeats = lazy(() => import('./Repeats'))

type TabKey = 'import' | 'repeats'

export default function ChannelsArea({ loc }: { loc: Location }) {
  const t = useT()
  const can = useCan()
  const tabs: Array<{ key: TabKey; label: string; path: string }> = []
  if (can('case.import')) tabs.push({ key: 'import', label: t('tab.import'), path: '/intake' })
  if (can('report.read')) tabs.push({ key: 'repeats', label: t('tab.repeats'), path: '/intake/repeats' })
  const wanted: TabKey = loc.path.startsWith('/intake/repeats') ? 'repeats' : 'import'
  const tab = tabs.find((x) => x.key === wanted)
  return (
    <div data-testid="intake-area">
      <div className="page-title">
        <h1>{t('title')}</h1>
      </div>
      {tabs.length > 1 ? (
        <Tabs
          activeKey={tab?.key}
          onChange={(k) => navigate(tabs.find((x) => x.key === k)!.path)}
          items={tabs.map((x) => ({ key: x.key, label: <span data-testid={`intake-tab-${x.key}`}>{x.label}</span> }))}
        />
      ) : null}
      {!tab ? (
        <Alert type="warning" showIcon title={t('noAccess')} />
      ) : (
        <Suspense fallback={<Skeleton active />}>{tab.key === 'import' ? <ImportScreen /> : <Repeats year={loc.query.get('year')} />}</Suspense>
      )}
    </div>
  )
}
