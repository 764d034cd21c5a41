/**
 * The staff workspace: a header (town, user, language), the menu (a side bar on wide screens, a
 * drawer on phones) and the screens, each loaded when first opened. Print views have no chrome.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import { App as AntApp, Alert, Button, ConfigProvider, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  FileAddOutlined,
  HomeOutlined,
  ImportOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { useI18n, type Lang, type MsgKey } from './i18n'
import { useT as adminT } from './admin/messages'
import { navigate, useLocation, type Location } from './router'
import { signedIn, signedOut, useCan, useSession } from './session'
import { afterSignIn } from './nextRoute'
import { screenOf } from './routes'
import { api, loadSchemeSummary, useAsync, useSchemeId } from './data'
import { ApiError } from './api'
import { SystemBanner } from './components/SystemBanner'
import { MAIN_ID, SkipLink, useFocusHeadingOnNavigate } from './a11y/focus'
import { useT as useA11yT } from './a11y/messages'
import { THEME } from './a11y/theme'

const Tasks = lazy(() => import('./screens/Tasks'))
const Register = lazy(() => import('./screens/Register'))
const CaseList = lazy(() => import('./screens/CaseList'))
const CasePage = lazy(() => import('./screens/CasePage'))
const Reminders = lazy(() => import('./screens/Reminders'))
const PrintView = lazy(() => import('./print/PrintView'))
// areas: each owns its folder (screens, api calls, words) and routes below its prefix
const ReportsArea = lazy(() => import('./reports'))
const ReportsPrint = lazy(() => import('./reports').then((m) => ({ default: m.ReportsPrint })))
const ChannelsArea = lazy(() => import('./channels'))
const DutyArea = lazy(() => import('./duty'))
const DutyPrint = lazy(() => import('./duty').then((m) => ({ default: m.DutyPrint })))
const AdminArea = lazy(() => import('./admin'))
const ResetPassword = lazy(() => import('./screens/Auth').then((m) => ({ default: m.ResetPassword })))
const NotificationBell = lazy(() => import('./channels/NotificationBell'))
const SchemeSwitcher = lazy(() => import('./components/SchemeSwitcher'))
const SignIn = lazy(() => import('./screens/Auth').then((m) => ({ default: m.SignIn })))
const Setup = lazy(() => import('./screens/Auth').then((m) => ({ default: m.Setup })))
const ChangePassword = lazy(() => import('./screens/Auth').then((m) => ({ default: m.ChangePassword })))

/** `label`: a key of the shell's words, or an area's own label in the chosen language */
const NAV: Array<{ key: string; path: string; label: MsgKey | ((lang: Lang) => string); icon: ReactNode; action?: string }> = [
  { key: 'tasks', path: '/', label: 'nav.tasks', icon: <HomeOutlined /> },
  { key: 'register', path: '/register', label: 'nav.register', icon: <FileAddOutlined />, action: 'case.register' },
  { key: 'cases', path: '/cases', label: 'nav.cases', icon: <ProfileOutlined />, action: 'case.list' },
  { key: 'reminders', path: '/reminders', label: 'nav.reminders', icon: <AlertOutlined />, action: 'reminder.read' },
  { key: 'reports', path: '/reports', label: 'nav.reports', icon: <BarChartOutlined />, action: 'report.read' },
  { key: 'intake', path: '/intake', label: 'nav.intake', icon: <ImportOutlined />, action: 'case.import' },
  { key: 'duty', path: '/duty', label: 'nav.duty', icon: <ScheduleOutlined />, action: 'duty.read' },
  { key: 'accounts', path: '/admin/accounts', label: (l) => adminT.translate(l, 'nav.accounts'), icon: <TeamOutlined />, action: 'account.manage' },
  { key: 'org', path: '/admin/org', label: (l) => adminT.translate(l, 'nav.org'), icon: <ApartmentOutlined />, action: 'account.manage' },
]

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`)

function navKey(path: string): string {
  if (path.startsWith('/register')) return 'register'
  if (path.startsWith('/cases')) return 'cases'
  if (path.startsWith('/reminders')) return 'reminders'
  for (const k of ['reports', 'intake', 'duty']) if (under(path, `/${k}`)) return k
  if (under(path, '/admin/org')) return 'org'
  if (under(path, '/admin')) return 'accounts'
  return 'tasks'
}

const Loading = () => (
  <div className="center-pad">
    <Spin />
  </div>
)

function Screen({ loc }: { loc: Location }) {
  const { t } = useI18n()
  // the route table (./routes.ts); print views are App's
  const r = screenOf(loc.path)
  if (r?.id === 'tasks') return <Tasks />
  if (r?.id === 'register') return <Register />
  if (r?.id === 'cases') return <CaseList query={loc.query} />
  if (r?.id === 'reminders') return <Reminders />
  if (r?.id === 'reports') return <ReportsArea loc={loc} />
  if (r?.id === 'intake') return <ChannelsArea loc={loc} />
  if (r?.id === 'duty') return <DutyArea loc={loc} />
  if (r?.id === 'admin') return <AdminArea loc={loc} />
  if (r?.id === 'case') return <CasePage id={r.params.id!} />
  return (
    <>
      <div className="page-title">
        <h1>{t('notFound')}</h1>
      </div>
      <Alert type="warning" showIcon title={t('notFound')} data-testid="not-found" />
    </>
  )
}

function UserButton() {
  const { t } = useI18n()
  const session = useSession()
  const [pw, setPw] = useState(false)
  if (session.status !== 'signedIn') return null
  const signOut = async () => {
    await api.logout().catch(() => {})
    signedOut()
    navigate('/login', { replace: true })
  }
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: <span data-testid="change-password-item">{t('auth.changePassword')}</span>,
              onClick: () => setPw(true),
            },
            { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('auth.signOut')}</span>, onClick: () => void signOut() },
          ],
        }}
      >
        <Button type="text" className="header-btn" icon={<UserOutlined />} title={session.user.username} data-testid="user-button">
          <span className="user-name">{session.user.displayName || session.user.username}</span>
        </Button>
      </Dropdown>
      {pw && (
        <Suspense fallback={null}>
          <ChangePassword open={pw} onClose={() => setPw(false)} />
        </Suspense>
      )}
    </>
  )
}

function Shell({ loc }: { loc: Location }) {
  const i18n = useI18n()
  const { t } = i18n
  const screens = Grid.useBreakpoint()
  const mobile = screens.md === false
  const [drawer, setDrawer] = useState(false)
  const schemeId = useSchemeId()
  const scheme = useAsync(() => loadSchemeSummary(schemeId), [schemeId])
  const town = scheme.data?.town
  const selected = navKey(loc.path)
  const can = useCan()
  const at = useA11yT()
  useFocusHeadingOnNavigate(loc.path)
  const items = NAV.filter((n) => !n.action || can(n.action)).map((n) => ({
    key: n.key,
    icon: n.icon,
    label: (
      <a href={`#${n.path}`} onClick={() => setDrawer(false)}>
        {typeof n.label === 'function' ? n.label(i18n.lang) : t(n.label)}
      </a>
    ),
  }))
  const menu = (
    <nav aria-label={at('nav')}>
      <Menu mode="inline" selectedKeys={[selected]} items={items} data-testid="nav" />
    </nav>
  )

  useEffect(() => {
    document.title = `${town ? `${town} · ` : ''}${t('appName')}`
  }, [town, t])

  return (
    <Layout className="shell">
      <SkipLink />
      <Layout.Header className="header">
        <Space size={8} className="header-left">
          {mobile && (
            <Button
              type="text"
              className="header-btn"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawer(true)}
              data-testid="menu-button"
            />
          )}
          <a href="#/" className="brand">
            {town ? <span className="town">{town}</span> : null}
            <span>{t('appName')}</span>
          </a>
        </Space>
        <Space size={4}>
          <Suspense fallback={null}>
            <SchemeSwitcher />
          </Suspense>
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <UserButton />
          <Button type="text" className="header-btn" onClick={() => i18n.setLang(i18n.lang === 'zh' ? 'en' : 'zh')} data-testid="lang-button">
            {t('lang.switch')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={176} theme="light" className="sider">
            {menu}
          </Layout.Sider>
        )}
        {mobile && (
          <Drawer open={drawer} placement="left" size={220} onClose={() => setDrawer(false)} title={t('appName')} styles={{ body: { padding: 0 } }}>
            {menu}
          </Drawer>
        )}
        <Layout.Content className="content" id={MAIN_ID}>
          <SystemBanner />
          <Suspense fallback={<Loading />}>
            <Screen key={schemeId} loc={loc} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}

export default function App() {
  const i18n = useI18n()
  const loc = useLocation()
  const [enLocale, setEnLocale] = useState<Locale | null>(null)
  useEffect(() => {
    dayjs.locale(i18n.lang === 'en' ? 'en' : 'zh-cn')
    document.documentElement.lang = i18n.lang === 'en' ? 'en' : 'zh-CN'
    if (i18n.lang === 'en' && !enLocale) void import('antd/locale/en_US').then((m) => setEnLocale(m.default))
  }, [i18n.lang, enLocale])
  const locale = i18n.lang === 'en' && enLocale ? enLocale : zhCN
  const route = screenOf(loc.path)
  const print = route?.id === 'print' ? route.params : null
  const session = useSession()
  const [meError, setMeError] = useState<unknown>(null)
  const [meTry, setMeTry] = useState(0)
  useEffect(() => {
    let live = true
    setMeError(null)
    api.me().then(
      (info) => live && signedIn(info),
      (e: unknown) => {
        if (!live) return
        if (e instanceof ApiError && e.status === 401) signedOut()
        else setMeError(e)
      },
    )
    return () => {
      live = false
    }
  }, [meTry])
  // signed in on the sign-in page (a bookmark, another tab): go on
  const nextParam = loc.query.get('next')
  useEffect(() => {
    if (session.status === 'signedIn' && loc.path === '/login') {
      const to = afterSignIn(nextParam)
      if ('app' in to) window.location.assign(to.app)
      else navigate(to.route, { replace: true })
    }
  }, [session.status, loc.path, nextParam])

  let body: ReactNode
  if (loc.path === '/setup') body = <Setup />
  else if (loc.path === '/reset') body = <ResetPassword token={loc.query.get('token') ?? ''} />
  else if (meError && session.status === 'loading')
    body = (
      <div className="center-pad">
        <Alert
          type="error"
          showIcon
          title={meError instanceof Error && meError.message ? meError.message : i18n.t('error.generic')}
          action={
            <Button size="small" onClick={() => setMeTry((n) => n + 1)}>
              {i18n.t('common.retry')}
            </Button>
          }
        />
      </div>
    )
  else if (session.status === 'loading') body = <Loading />
  else if (session.status === 'signedOut') body = <SignIn expired={!!session.expired} />
  else if (loc.path === '/login') body = <Loading />
  else if (print) body = <PrintView id={print.id!} kind={print.kind!} part={print.part} />
  else if (route?.id === 'reportsPrint') body = <ReportsPrint loc={loc} />
  else if (route?.id === 'dutyPrint') body = <DutyPrint loc={loc} />
  else body = <Shell loc={loc} />

  return (
    <ConfigProvider locale={locale} theme={THEME}>
      <AntApp>
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </AntApp>
    </ConfigProvider>
  )
}
