/**
 * 账号管理: the accounts of the schemes the user manages — search, create with role × village/unit
 * chosen from the org (a village role needs a village, a unit role a unit; never typed), edit the
 * name and grants, disable/enable, a one-time password reset link, and a user's sessions.
 */
import { useMemo, useState } from 'react'
import { App as AntApp, Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { KeyOutlined, MinusCircleOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons'
import { api, loadSchemeSummary, useAsync, useSchemeId } from '../data'
import { ApiError } from '../api'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import { errorMessage, LoadError } from '../components/Problem'
import { adminApi, resetUrl, type Account, type AccountSession, type Grant, type OrgWithRoles } from './api'
import { describeAgent, grantIn, grantText, roleOf, shanghaiTime, unitOf, villageOf } from './shared'
import { useT } from './messages'

interface Ctx {
  org: OrgWithRoles
  /** The org of every scheme the user works in, to name other schemes' grants */
  orgs: Record<string, OrgWithRoles>
  schemeId: string
  defaultScheme: string
  schemeNames: Record<string, string>
}

/** A grant as shown: the role and place in its scheme's words; another scheme's (or every scheme) in brackets. */
function showGrant(ctx: Ctx, g: Grant, label: ReturnType<typeof useI18n>['label'], t: ReturnType<typeof useT>): string {
  if (g.scheme === '*') return `${label(roleOf(ctx.org, g.role), g.role)}${t('grant.otherScheme', { scheme: t('grant.everyScheme') })}`
  if (grantIn(g, ctx.schemeId, ctx.defaultScheme)) return grantText(ctx.org, g, label)
  const sid = g.scheme ?? ctx.defaultScheme
  const org = ctx.orgs[sid]
  return `${org ? grantText(org, g, label) : g.role}${t('grant.otherScheme', { scheme: ctx.schemeNames[sid] ?? sid })}`
}

export default function Accounts() {
  const t = useT()
  const { label } = useI18n()
  const { message } = AntApp.useApp()
  const schemeId = useSchemeId()
  const session = useSession()
  const schemeIds = session.status === 'signedIn' ? session.schemes.map((s) => s.id) : []
  const data = useAsync(async () => {
    const [list, me, ...summaries] = await Promise.all([
      adminApi.accounts(),
      api.me(),
      ...[...new Set([schemeId, ...schemeIds])].map((id) => loadSchemeSummary(id)),
    ])
    const orgs = Object.fromEntries(summaries.map((s) => [s.id, s.org as OrgWithRoles]))
    return { accounts: list.items, org: orgs[schemeId]!, orgs, defaultScheme: me.defaultScheme }
  }, [schemeId, schemeIds.join()])
  const [q, setQ] = useState('')
  const [editing, setEditing] = useState<Account | 'new' | null>(null)
  const [resetFor, setResetFor] = useState<Account | null>(null)
  const [sessionsOf, setSessionsOf] = useState<Account | null>(null)

  const schemeNames = useMemo(() => Object.fromEntries((session.status === 'signedIn' ? session.schemes : []).map((s) => [s.id, s.town || s.name])), [session])
  const ctx: Ctx | null = data.data ? { org: data.data.org, orgs: data.data.orgs, schemeId, defaultScheme: data.data.defaultScheme, schemeNames } : null

  const grantLabel = (g: Grant): string => (ctx ? showGrant(ctx, g, label, t) : g.role)

  const rows = useMemo(() => {
    const all = data.data?.accounts ?? []
    const needle = q.trim().toLowerCase()
    if (!needle || !ctx) return all
    return all.filter((a) => {
      const words = [a.username, a.displayName]
      for (const g of a.grants) {
        const r = roleOf(ctx.org, g.role)
        words.push(g.role, r?.name ?? '', r?.nameEn ?? '', g.village ?? '', g.unit ?? '')
        const v = villageOf(ctx.org, g.village)
        const u = unitOf(ctx.org, g.unit)
        words.push(v?.nameEn ?? '', u?.name ?? '', u?.nameEn ?? '')
      }
      return words.some((w) => w.toLowerCase().includes(needle))
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.data, q, ctx?.org])

  if (data.error && !data.data) return <LoadError error={data.error} onRetry={data.reload} />

  const toggle = async (a: Account) => {
    try {
      await adminApi.update(a.username, { disabled: !a.disabled })
      void message.success(t(a.disabled ? 'accounts.enabledDone' : 'accounts.disabledDone', { name: a.displayName }))
      data.reload()
    } catch (e) {
      void message.error(errorMessage(e, t('accounts.title')))
    }
  }

  return (
    <div data-testid="accounts">
      <div className="page-title">
        <h1>{t('accounts.title')}</h1>
        <Space wrap size={8}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('accounts.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 320 }}
            data-testid="accounts-search"
          />
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEditing('new')} disabled={!ctx} data-testid="account-new">
            {t('accounts.new')}
          </Button>
        </Space>
      </div>
      <Table<Account>
        rowKey="username"
        size="middle"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('accounts.count', { n }) }}
        locale={{ emptyText: t('accounts.empty') }}
        scroll={{ x: 960 }}
        onRow={(a) => ({ 'data-testid': `account-row-${a.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('accounts.col.name'), dataIndex: 'displayName', width: 140 },
          {
            key: 'username',
            title: t('accounts.col.username'),
            dataIndex: 'username',
            width: 140,
            render: (u: string) => <Typography.Text code>{u}</Typography.Text>,
          },
          {
            key: 'grants',
            title: t('accounts.col.grants'),
            render: (_: unknown, a) => (
              <Space size={[4, 4]} wrap>
                {a.grants.map((g, i) => (
                  <Tag key={i}>{grantLabel(g)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('accounts.col.status'),
            width: 90,
            render: (_: unknown, a) => (a.disabled ? <Tag color="default">{t('accounts.disabled')}</Tag> : <Tag color="green">{t('accounts.active')}</Tag>),
          },
          { key: 'created', title: t('accounts.col.created'), width: 150, render: (_: unknown, a) => shanghaiTime(a.createdAt) },
          {
            key: 'actions',
            title: t('accounts.col.actions'),
            width: 340,
            fixed: 'right',
            render: (_: unknown, a) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(a)} data-testid={`account-edit-${a.username}`}>
                  {t('accounts.edit')}
                </Button>
                {a.disabled ? (
                  <Button type="link" size="small" onClick={() => void toggle(a)} data-testid={`account-enable-${a.username}`}>
                    {t('accounts.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('accounts.disableConfirm', { name: a.displayName })}
                    onConfirm={() => toggle(a)}
                    okText={t('accounts.disable')}
                    cancelText={t('form.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'confirm-disable' }}
                  >
                    <Button type="link" size="small" danger data-testid={`account-disable-${a.username}`}>
                      {t('accounts.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Button type="link" size="small" onClick={() => setResetFor(a)} data-testid={`account-reset-${a.username}`}>
                  {t('accounts.resetLink')}
                </Button>
                <Button type="link" size="small" onClick={() => setSessionsOf(a)} data-testid={`account-sessions-${a.username}`}>
                  {t('accounts.sessions')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && ctx && (
        <AccountForm
          ctx={ctx}
          account={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null)
            if (saved) data.reload()
          }}
        />
      )}
      {resetFor && <ResetLink account={resetFor} onClose={() => setResetFor(null)} />}
      {sessionsOf && <Sessions account={sessionsOf} onClose={() => setSessionsOf(null)} />}
    </div>
  )
}

interface FormValues {
  username: string
  displayName: string
  password: string
  /** `held`: a grant the account has (its scheme kept as it is) */
  grants: Array<{ role?: string; village?: string; unit?: string; scheme?: string; held?: boolean }>
}

/** Create or edit an account; the grants of this scheme are edited, those of other schemes kept. */
function AccountForm({ ctx, account, onClose }: { ctx: Ctx; account: Account | null; onClose: (saved: boolean) => void }) {
  const t = useT()
  const { label } = useI18n()
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<FormValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const mine = (account?.grants ?? []).filter((g) => g.scheme !== '*' && grantIn(g, ctx.schemeId, ctx.defaultScheme))
  const kept = (account?.grants ?? []).filter((g) => !mine.includes(g))
  const initial: FormValues = {
    username: account?.username ?? '',
    displayName: account?.displayName ?? '',
    password: '',
    grants: mine.length || account ? mine.map((g) => ({ ...g, held: true })) : [{}],
  }
  const roles = ctx.org.roles.map((r) => ({ value: r.id, label: label(r, r.id) }))
  const villages = ctx.org.villages.map((v) => ({ value: v.name, label: label(v, v.name) }))
  const units = ctx.org.units.map((u) => ({ value: u.id, label: label(u, u.id) }))

  const save = async () => {
    try {
      await form.validateFields()
    } catch {
      return
    }
    // the whole store: a row's scheme is no field of the form
    const v = form.getFieldsValue(true) as FormValues
    const grants: Grant[] = [
      ...v.grants.map((g) => {
        const scope = roleOf(ctx.org, g.role ?? '')?.scope
        // a new grant names its scheme; one held already keeps its form (none: the default scheme)
        const scheme = g.held ? g.scheme : ctx.schemeId
        return {
          role: g.role!,
          ...(scheme !== undefined ? { scheme } : {}),
          ...(scope === 'village' ? { village: g.village } : {}),
          ...(scope === 'unit' ? { unit: g.unit } : {}),
        } as Grant
      }),
      ...kept,
    ]
    setBusy(true)
    setError(null)
    try {
      if (account) {
        await adminApi.update(account.username, { displayName: v.displayName.trim(), grants })
        void message.success(t('form.saved'))
      } else {
        const created = await adminApi.create({ username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, grants })
        void message.success(t('form.created', { name: created.displayName }))
      }
      onClose(true)
    } catch (e) {
      setError(errorMessage(e, t('form.save')))
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(
          e.fields.flatMap((f) => {
            const m = /^\/grants\/(\d+)\/(role|village|unit)$/.exec(f.pointer)
            if (m) return Number(m[1]) < v.grants.length ? [{ name: ['grants', Number(m[1]), m[2]!] as never, errors: [f.message] }] : []
            const top = /^\/(username|displayName|password)$/.exec(f.pointer)
            return top ? [{ name: top[1] as never, errors: [f.message] }] : []
          }),
        )
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      width={640}
      title={account ? t('form.editTitle', { name: account.displayName }) : t('form.createTitle')}
      onCancel={() => onClose(false)}
      onOk={() => void save()}
      okText={account ? t('form.save') : t('form.create')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'account-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark data-testid="account-form">
        {!account && (
          <Form.Item
            name="username"
            label={t('form.username')}
            extra={t('form.usernameHint')}
            rules={[{ required: true, whitespace: true, message: t('form.required', { what: t('form.username') }) }]}
          >
            <Input autoComplete="off" data-testid="account-username" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('form.displayName')}
          extra={t('form.displayNameHint')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { what: t('form.displayName') }) }]}
        >
          <Input autoComplete="off" data-testid="account-displayName" />
        </Form.Item>
        {!account && (
          <Form.Item
            name="password"
            label={t('form.password')}
            extra={t('form.passwordHint')}
            rules={[{ required: true, message: t('form.required', { what: t('form.password') }) }]}
          >
            <Input.Password autoComplete="new-password" data-testid="account-password" />
          </Form.Item>
        )}
        <Form.Item label={t('form.grants')} extra={t('form.grantsHint')} required>
          <Form.List name="grants">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap data-testid={`grant-row-${f.name}`}>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('form.chooseRole') }]} style={{ marginBottom: 0 }}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        placeholder={t('form.role')}
                        options={roles}
                        style={{ width: 230 }}
                        onChange={() =>
                          form.setFieldValue(['grants', f.name], { ...form.getFieldValue(['grants', f.name]), village: undefined, unit: undefined })
                        }
                        data-testid={`grant-role-${f.name}`}
                      />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate={(a: FormValues, b: FormValues) => a.grants?.[f.name]?.role !== b.grants?.[f.name]?.role}>
                      {() => {
                        const scope = roleOf(ctx.org, form.getFieldValue(['grants', f.name, 'role']) as string)?.scope
                        if (scope === 'village')
                          return (
                            <Form.Item name={[f.name, 'village']} rules={[{ required: true, message: t('form.chooseVillage') }]} style={{ marginBottom: 0 }}>
                              <Select
                                showSearch
                                optionFilterProp="label"
                                placeholder={t('form.village')}
                                options={villages}
                                style={{ width: 220 }}
                                data-testid={`grant-village-${f.name}`}
                              />
                            </Form.Item>
                          )
                        if (scope === 'unit')
                          return (
                            <Form.Item name={[f.name, 'unit']} rules={[{ required: true, message: t('form.chooseUnit') }]} style={{ marginBottom: 0 }}>
                              <Select
                                showSearch
                                optionFilterProp="label"
                                placeholder={t('form.unit')}
                                options={units}
                                style={{ width: 220 }}
                                data-testid={`grant-unit-${f.name}`}
                              />
                            </Form.Item>
                          )
                        return scope === 'all' ? (
                          <span className="muted" style={{ lineHeight: '32px' }}>
                            {t('form.scopeAll')}
                          </span>
                        ) : null
                      }}
                    </Form.Item>
                    {fields.length > 1 && (
                      <Tooltip title={t('form.removeGrant')}>
                        <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('form.removeGrant')} />
                      </Tooltip>
                    )}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="grant-add">
                  {t('form.addGrant')}
                </Button>
                {kept.length > 0 && (
                  <Space size={[4, 4]} wrap>
                    {kept.map((g, i) => (
                      <Tag key={i}>{showGrant(ctx, g, label, t)}</Tag>
                    ))}
                  </Space>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="account-error" />}
      </Form>
    </Modal>
  )
}

/** The one-time reset link: made on request, shown once. */
function ResetLink({ account, onClose }: { account: Account; onClose: () => void }) {
  const t = useT()
  const { message } = AntApp.useApp()
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const make = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await adminApi.resetLink(account.username)
      setLink({ url: resetUrl(r.token), expiresAt: r.expiresAt })
    } catch (e) {
      setError(errorMessage(e, t('reset.generate')))
    } finally {
      setBusy(false)
    }
  }
  const copy = async () => {
    if (!link) return
    try {
      await navigator.clipboard.writeText(link.url)
      void message.success(t('reset.copied'))
    } catch {
      /* no clipboard (plain http): the field is selectable */
    }
  }
  return (
    <Modal
      open
      title={t('reset.title', { name: account.displayName })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="reset-close">
          {t('reset.close')}
        </Button>
      }
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="reset-dialog">
        <p style={{ margin: 0 }}>{t('reset.intro', { hours: 24 })}</p>
        {!link && (
          <Button type="primary" icon={<KeyOutlined />} loading={busy} onClick={() => void make()} data-testid="reset-generate">
            {t('reset.generate')}
          </Button>
        )}
        {link && (
          <>
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={link.url} onFocus={(e) => e.target.select()} data-testid="reset-link" aria-label={t('reset.link')} />
              <Button onClick={() => void copy()}>{t('reset.copy')}</Button>
            </Space.Compact>
            <span className="muted">{t('reset.expires', { at: shanghaiTime(link.expiresAt) })}</span>
            <Alert type="warning" showIcon title={t('reset.onceHint')} />
          </>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Modal>
  )
}

/** A user's live sessions: when they began, last activity, the client; each can be ended. */
function Sessions({ account, onClose }: { account: Account; onClose: () => void }) {
  const t = useT()
  const { message } = AntApp.useApp()
  const list = useAsync(() => adminApi.sessions(account.username), [account.username])
  const end = async (s: AccountSession) => {
    try {
      await adminApi.endSession(account.username, s.handle)
      void message.success(t('sessions.ended'))
    } catch (e) {
      void message.error(errorMessage(e, t('sessions.end')))
    }
    list.reload()
  }
  return (
    <Modal
      open
      width={760}
      title={t('sessions.title', { name: account.displayName })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="sessions-close">
          {t('reset.close')}
        </Button>
      }
      destroyOnHidden
    >
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<AccountSession>
          rowKey="handle"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('sessions.none') }}
          data-testid="sessions-table"
          columns={[
            { key: 'started', title: t('sessions.started'), render: (_: unknown, s) => shanghaiTime(s.createdAt) },
            { key: 'lastSeen', title: t('sessions.lastSeen'), render: (_: unknown, s) => shanghaiTime(s.lastSeenAt) },
            {
              key: 'client',
              title: t('sessions.client'),
              render: (_: unknown, s) => (
                <Tooltip title={s.agent || undefined}>
                  <span>{[describeAgent(s.agent), s.client].filter(Boolean).join(' · ') || t('sessions.unknownClient')}</span>
                </Tooltip>
              ),
            },
            { key: 'expires', title: t('sessions.expires'), render: (_: unknown, s) => shanghaiTime(s.expiresAt) },
            {
              key: 'end',
              title: '',
              width: 110,
              render: (_: unknown, s) => (
                <Popconfirm
                  title={t('sessions.endConfirm')}
                  onConfirm={() => end(s)}
                  okText={t('sessions.end')}
                  cancelText={t('form.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'confirm-end-session' }}
                >
                  <Button type="link" size="small" danger data-testid="session-end">
                    {t('sessions.end')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </Modal>
  )
}
