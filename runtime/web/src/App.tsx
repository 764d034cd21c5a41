/**
 * The staff workspace: a header (town, user, language), the menu (a side bar on wide screens, a
 * drawer on phones) and the screens, each loaded when first opened. Print views have no chrome.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import { App as AntApp, Alert, Button, ConfigProvider, Drawer, Grid, Input, Layout, Menu, Modal, Space, Spin, Tag } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { AlertOutlined, FileAddOutlined, HomeOutlined, MenuOutlined, ProfileOutlined, UserOutlined } from '@ant-design/icons'
import { useI18n, type MsgKey } from './i18n'
import { match, useLocation, type Location } from './router'
import { setUser, recentUsers, useUser } from './user'
import { api, loadSchemeSummary, SCHEME_ID, useAsync } from './data'

const Tasks = lazy(() => import('./screens/Tasks'))
const Register = lazy(() => import('./screens/Register'))
const CaseList = lazy(() => import('./screens/CaseList'))
const CasePage = lazy(() => import('./screens/CasePage'))
const Reminders = lazy(() => import('./screens/Reminders'))
const PrintView = lazy(() => import('./print/PrintView'))

const NAV: Array<{ key: string; path: string; label: MsgKey; icon: ReactNode }> = [
  { key: 'tasks', path: '/', label: 'nav.tasks', icon: <HomeOutlined /> },
  { key: 'register', path: '/register', label: 'nav.register', icon: <FileAddOutlined /> },
  { key: 'cases', path: '/cases', label: 'nav.cases', icon: <ProfileOutlined /> },
  { key: 'reminders', path: '/reminders', label: 'nav.reminders', icon: <AlertOutlined /> },
]

function navKey(path: string): string {
  if (path.startsWith('/register')) return 'register'
  if (path.startsWith('/cases')) return 'cases'
  if (path.startsWith('/reminders')) return 'reminders'
  return 'tasks'
}

const Loading = () => (
  <div className="center-pad">
    <Spin />
  </div>
)

function Screen({ loc }: { loc: Location }) {
  const { t } = useI18n()
  const p = loc.path
  if (p === '/' || p === '/tasks') return <Tasks />
  if (p === '/register') return <Register />
  if (p === '/cases') return <CaseList query={loc.query} />
  if (p === '/reminders') return <Reminders />
  const c = match('/cases/:id', p)
  if (c) return <CasePage id={c.id!} />
  return <Alert type="warning" showIcon title={t('notFound')} />
}

function UserButton() {
  const { t } = useI18n()
  const user = useUser()
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState(user)
  const save = (name: string) => {
    if (!name.trim()) return
    setUser(name)
    setOpen(false)
  }
  return (
    <>
      <Button
        type="text"
        className="header-btn"
        icon={<UserOutlined />}
        title={t('user.change')}
        data-testid="user-button"
        onClick={() => {
          setDraft(user)
          setOpen(true)
        }}
      >
        <span className="user-name">{user}</span>
      </Button>
      <Modal title={t('user.change')} open={open} onCancel={() => setOpen(false)} onOk={() => save(draft)} okText={t('user.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <p>{t('user.prompt')}</p>
        <Input value={draft} maxLength={64} autoFocus onChange={(e) => setDraft(e.target.value)} onPressEnter={() => save(draft)} data-testid="user-input" />
        {recentUsers().length > 0 && (
          <div style={{ marginTop: 12 }}>
            <span className="muted">{t('user.recent')}：</span>
            {recentUsers().map((u) => (
              <Tag key={u} className="clickable" onClick={() => save(u)}>
                {u}
              </Tag>
            ))}
          </div>
        )}
      </Modal>
    </>
  )
}

function HealthBanner() {
  const { t } = useI18n()
  const h = useAsync(() => api.health(), [])
  const warnings = h.data?.warnings ?? []
  if (!warnings.length) return null
  return <Alert type="warning" showIcon closable title={t('health.warning')} description={warnings.join('；')} style={{ marginBottom: 12 }} />
}

function Shell({ loc }: { loc: Location }) {
  const i18n = useI18n()
  const { t } = i18n
  const screens = Grid.useBreakpoint()
  const mobile = screens.md === false
  const [drawer, setDrawer] = useState(false)
  const scheme = useAsync(() => loadSchemeSummary(SCHEME_ID), [])
  const town = scheme.data?.town
  const selected = navKey(loc.path)
  const items = NAV.map((n) => ({ key: n.key, icon: n.icon, label: <a href={`#${n.path}`} onClick={() => setDrawer(false)}>{t(n.label)}</a> }))
  const menu = <Menu mode="inline" selectedKeys={[selected]} items={items} data-testid="nav" />

  useEffect(() => {
    document.title = `${town ? `${town} · ` : ''}${t('appName')}`
  }, [town, t])

  return (
    <Layout className="shell">
      <Layout.Header className="header">
        <Space size={8} className="header-left">
          {mobile && <Button type="text" className="header-btn" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawer(true)} data-testid="menu-button" />}
          <a href="#/" className="brand">
            {town ? <span className="town">{town}</span> : null}
            <span>{t('appName')}</span>
          </a>
        </Space>
        <Space size={4}>
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
        <Layout.Content className="content">
          <HealthBanner />
          <Suspense fallback={<Loading />}>
            <Screen loc={loc} />
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
  const print = match('/cases/:id/print/:kind', loc.path) ?? match('/cases/:id/print/:kind/:part', loc.path)

  return (
    <ConfigProvider locale={locale} theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 4 } }}>
      <AntApp>
        {print ? (
          <Suspense fallback={<Loading />}>
            <PrintView id={print.id!} kind={print.kind!} part={print.part} />
          </Suspense>
        ) : (
          <Shell loc={loc} />
        )}
      </AntApp>
    </ConfigProvider>
  )
}
