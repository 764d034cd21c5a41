/**
 * Administration (`#/admin/accounts`, `#/admin/org`), for account managers (`account.manage`):
 * the accounts and the organisation of the scheme worked in. The server checks every request again.
 */
import { lazy, Suspense } from 'react'
import { Alert, Skeleton } from 'antd'
import type { Location } from '../router'
import { useCan } from '../session'
import { useT } from './messages'

const Accounts = lazy(() => import('./Accounts'))
const Org = lazy(() => import('./Org'))

export default function AdminArea({ loc }: { loc: Location }) {
  const t = useT()
  const can = useCan()
  if (!can('account.manage')) return <Alert type="warning" showIcon title={t('noAccess')} data-testid="admin-no-access" />
  return <Suspense fallback={<Skeleton active />}>{loc.path.startsWith('/admin/org') ? <Org /> : <Accounts />}</Suspense>
}
