/**
 * Administration (`#/admin/accounts`, `#/admin/org`), for account managers (`account.manage`):
 * the accounts and the organisation of the scheme worked in. The server checks every request again.
 */
import { lazy, Suspense } from 'react'
import { Skeleton } from 'antd'
import type { Location } from '../router'
import { useCan } from '../session'
import { useT } from './messages'
import { NoAccess } from '../a11y/NoAccess'

const Accounts = lazy(() => import('./Accounts'))
const Org = lazy(() => import('./Org'))

export default function AdminArea({ loc }: { loc: Location }) {
  const t = useT()
  const can = useCan()
  if (!can('account.manage'))
    return <NoAccess title={t(loc.path.startsWith('/admin/org') ? 'nav.org' : 'nav.accounts')} message={t('noAccess')} testId="admin-no-access" />
  return <Suspense fallback={<Skeleton active />}>{loc.path.startsWith('/admin/org') ? <Org /> : <Accounts />}</Suspense>
}
