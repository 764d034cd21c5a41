/** Sign-in, first-start setup (#/setup, signs the new administrator in), a password reset link (#/reset?token=…) and the password change dialog. */
import { useEffect, useState, type FormEvent } from 'react'
import { App as AntApp, Alert, Button, Card, Input, Modal, Space } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { api } from '../data'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { signedIn } from '../session'
import { errorMessage } from '../components/Problem'
import { adminApi } from '../admin/api'
import { useT as useAdminT } from '../admin/messages'

function LangButton() {
  const i18n = useI18n()
  return (
    <Button type="link" size="small" onClick={() => i18n.setLang(i18n.lang === 'zh' ? 'en' : 'zh')} data-testid="lang-button">
      {i18n.t('lang.switch')}
    </Button>
  )
}

export function SignIn({ expired }: { expired?: boolean }) {
  const { t } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [setupNeeded, setSetupNeeded] = useState(false)

  useEffect(() => {
    api.setupNeeded().then(
      (r) => setSetupNeeded(r.needed),
      () => {},
    )
  }, [])

  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    if (!username.trim()) return setError(t('auth.required', { what: t('auth.username') }))
    if (!password) return setError(t('auth.required', { what: t('auth.password') }))
    setBusy(true)
    setError(null)
    try {
      const info = await api.login(username.trim(), password)
      signedIn(info) // the app then goes on: to `next`, or stays on the page asked for
    } catch (err) {
      setError(errorMessage(err, t('error.generic')))
      setBusy(false)
    }
  }

  return (
    <main className="auth-page">
      <Card
        className="auth-card"
        title={
          <h1 className="auth-title">
            {t('appName')} · {t('auth.title')}
          </h1>
        }
        extra={<LangButton />}
        data-testid="sign-in"
      >
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Space orientation="vertical" size={14} style={{ width: '100%' }}>
            {expired && !error && <Alert type="info" showIcon title={t('auth.expired')} />}
            {setupNeeded && <Alert type="warning" showIcon title={<a href="#/setup">{t('auth.setup.link')}</a>} />}
            <label className="auth-field">
              <span>{t('auth.username')}</span>
              <Input
                id="login-username"
                size="large"
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                data-testid="login-username"
              />
            </label>
            <label className="auth-field">
              <span>{t('auth.password')}</span>
              <Input.Password
                id="login-password"
                size="large"
                prefix={<LockOutlined />}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="login-password"
              />
            </label>
            {error && <Alert type="error" showIcon title={error} data-testid="login-error" />}
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="login-submit">
              {t('auth.signIn')}
            </Button>
          </Space>
        </form>
      </Card>
    </main>
  )
}

export function Setup() {
  const { t } = useI18n()
  const [f, setF] = useState({ token: '', username: '', displayName: '', password: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [needed, setNeeded] = useState<boolean | null>(null)
  useEffect(() => {
    api.setupNeeded().then(
      (r) => setNeeded(r.needed),
      () => setNeeded(true),
    )
  }, [])
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    for (const [k, label] of [
      ['token', 'auth.setup.token'],
      ['username', 'auth.username'],
      ['password', 'auth.password'],
    ] as const) {
      if (!f[k].trim()) return setError(t('auth.required', { what: t(label) }))
    }
    setBusy(true)
    setError(null)
    try {
      const info = await api.setup({
        token: f.token.trim(),
        username: f.username.trim(),
        password: f.password,
        ...(f.displayName.trim() ? { displayName: f.displayName.trim() } : {}),
      })
      // the server signed the new administrator in: straight to the 工作台
      signedIn(info)
      navigate('/', { replace: true })
    } catch (err) {
      setError(errorMessage(err, t('error.generic')))
      setBusy(false)
    }
  }

  return (
    <main className="auth-page">
      <Card className="auth-card" title={<h1 className="auth-title">{t('auth.setup.title')}</h1>} extra={<LangButton />} data-testid="setup">
        {needed === false ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button type="primary" block onClick={() => navigate('/login', { replace: true })}>
              {t('auth.signIn')}
            </Button>
          </Space>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <p className="muted" style={{ margin: 0 }}>
                {t('auth.setup.intro')}
              </p>
              <label className="auth-field">
                <span>{t('auth.setup.token')}</span>
                <Input value={f.token} onChange={set('token')} autoComplete="off" data-testid="setup-token" />
              </label>
              <label className="auth-field">
                <span>{t('auth.username')}</span>
                <Input value={f.username} onChange={set('username')} autoComplete="username" data-testid="setup-username" />
              </label>
              <label className="auth-field">
                <span>{t('auth.setup.displayName')}</span>
                <Input value={f.displayName} onChange={set('displayName')} data-testid="setup-displayName" />
              </label>
              <label className="auth-field">
                <span>{t('auth.password')}</span>
                <Input.Password value={f.password} onChange={set('password')} autoComplete="new-password" data-testid="setup-password" />
              </label>
              {error && <Alert type="error" showIcon title={error} data-testid="setup-error" />}
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
                {t('auth.setup.submit')}
              </Button>
            </Space>
          </form>
        )}
      </Card>
    </main>
  )
}

/** The page a password reset link opens: the account's name, a new password twice; then to sign-in. */
export function ResetPassword({ token }: { token: string }) {
  const { t } = useI18n()
  const at = useAdminT()
  const [who, setWho] = useState<{ displayName: string } | null>(null)
  const [f, setF] = useState({ next: '', again: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(token ? null : at('resetPage.noToken'))
  const [done, setDone] = useState(false)
  useEffect(() => {
    if (token) adminApi.checkReset(token).then(setWho, (e: unknown) => setError(errorMessage(e, t('error.generic'))))
  }, [token, t])
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!f.next) return setError(t('auth.required', { what: at('resetPage.password') }))
    if (f.next !== f.again) return setError(at('resetPage.mismatch'))
    setBusy(true)
    setError(null)
    try {
      await adminApi.reset(token, f.next)
      setDone(true)
    } catch (err) {
      setError(errorMessage(err, t('error.generic')))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="auth-page">
      <Card className="auth-card" title={<h1 className="auth-title">{at('resetPage.title')}</h1>} extra={<LangButton />} data-testid="reset-page">
        {done ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="success" showIcon title={at('resetPage.done')} data-testid="reset-done" />
            <Button type="primary" block onClick={() => navigate('/login', { replace: true })} data-testid="reset-to-sign-in">
              {at('resetPage.toSignIn')}
            </Button>
          </Space>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {who && (
                <p style={{ margin: 0 }} data-testid="reset-for">
                  {at('resetPage.for', { name: who.displayName })}
                </p>
              )}
              <label className="auth-field">
                <span>{at('resetPage.password')}</span>
                <Input.Password value={f.next} onChange={set('next')} autoComplete="new-password" disabled={!who} data-testid="reset-password" />
              </label>
              <label className="auth-field">
                <span>{at('resetPage.again')}</span>
                <Input.Password value={f.again} onChange={set('again')} autoComplete="new-password" disabled={!who} data-testid="reset-again" />
              </label>
              {error && <Alert type="error" showIcon title={error} data-testid="reset-error" />}
              <Button type="primary" htmlType="submit" block loading={busy} disabled={!who} data-testid="reset-submit">
                {at('resetPage.submit')}
              </Button>
            </Space>
          </form>
        )}
      </Card>
    </main>
  )
}

export function ChangePassword({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const { message } = AntApp.useApp()
  const [f, setF] = useState({ old: '', next: '', again: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }))
  const close = () => {
    setF({ old: '', next: '', again: '' })
    setError(null)
    onClose()
  }
  const save = async () => {
    if (!f.old) return setError(t('auth.required', { what: t('auth.oldPassword') }))
    if (!f.next) return setError(t('auth.required', { what: t('auth.newPassword') }))
    if (f.next !== f.again) return setError(t('auth.mismatch'))
    setBusy(true)
    setError(null)
    try {
      await api.changePassword(f.old, f.next)
      void message.success(t('auth.passwordChanged'))
      close()
    } catch (err) {
      setError(errorMessage(err, t('error.generic')))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      title={t('auth.changePassword')}
      open={open}
      onCancel={close}
      onOk={() => void save()}
      confirmLoading={busy}
      okText={t('user.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="change-password">
        <label className="auth-field">
          <span>{t('auth.oldPassword')}</span>
          <Input.Password value={f.old} onChange={set('old')} autoComplete="current-password" data-testid="pw-old" />
        </label>
        <label className="auth-field">
          <span>{t('auth.newPassword')}</span>
          <Input.Password value={f.next} onChange={set('next')} autoComplete="new-password" data-testid="pw-new" />
        </label>
        <label className="auth-field">
          <span>{t('auth.confirmPassword')}</span>
          <Input.Password value={f.again} onChange={set('again')} autoComplete="new-password" data-testid="pw-again" />
        </label>
        {error && <Alert type="error" showIcon title={error} data-testid="pw-error" />}
      </Space>
    </Modal>
  )
}

export default SignIn
