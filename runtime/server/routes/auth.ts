/**
 * Sign-in, sign-out, the current user (and the schemes they work in), password change, first-start
 * setup, accounts, the audit log. An account manager manages the accounts of the schemes they hold
 * `account.manage` in: every grant they give or take away must be in such a scheme.
 */
import { Type } from '@sinclair/typebox'
import { SESSION_TTL_MS } from '../../auth/accounts'
import type { Principal, RoleGrant } from '../../auth/policy'
import { ServiceError } from '../../errors'
import { clearCookie, sessionCookie } from '../session-http'
import { verifyAuditChain } from '../../store/audit-chain'
import { HttpError } from '../errors'
import { access, route } from '../contract/route'
import { named, Obj, Opt, Str, OkBody, ListOf } from '../contract/schemas'
import { AuditEntry } from '../contract/models'
import type { RouteDeps } from './deps'

export interface SchemeOfUser {
  id: string
  name: string
  town: string
  /** action → may the user do it in this scheme */
  can: Record<string, boolean>
}

const open = { additionalProperties: true } as const
const Grant = named(
  'RoleGrant',
  Type.Object(
    {
      role: Type.String({ title: '角色', minLength: 1, maxLength: 64 }),
      scheme: Type.Optional(Type.String({ title: '方案', minLength: 1, maxLength: 64 })),
      village: Type.Optional(Type.String({ title: '嘎查村（社区）', minLength: 1, maxLength: 64 })),
      unit: Type.Optional(Type.String({ title: '单位', minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
)
const Principal = named('Principal', Type.Object({ username: Type.String(), displayName: Type.String(), grants: Type.Array(Grant) }, open))
const Account = named(
  'Account',
  Type.Object(
    {
      username: Type.String(),
      displayName: Type.String(),
      grants: Type.Array(Grant),
      disabled: Type.Boolean(),
      createdAt: Type.String(),
      passwordChangedAt: Type.String(),
    },
    open,
  ),
)
const SessionInfo = named(
  'SessionInfo',
  Type.Object({
    user: Principal,
    csrfToken: Type.String({ description: '写请求须在 x-csrf-token 头中带上' }),
    can: Type.Record(Type.String(), Type.Boolean(), { description: '操作 → 是否可做' }),
    schemes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), town: Type.String(), can: Type.Record(Type.String(), Type.Boolean()) }, open)),
    defaultScheme: Type.String(),
  }),
)
const Username = Type.String({ title: '用户名', titleEn: 'user name', minLength: 1, maxLength: 64 })
const Password = Type.String({ title: '密码', titleEn: 'password', minLength: 1, maxLength: 200 })
const DisplayName = Type.String({ title: '姓名', titleEn: 'display name', minLength: 1, maxLength: 64 })
const ResetTokenField = Type.String({ title: '重设链接', titleEn: 'reset link', minLength: 1, maxLength: 200 })
const AccountSession = named(
  'AccountSession',
  Type.Object({
    handle: Type.String({ description: '结束会话时使用的标识（不是会话本身）' }),
    createdAt: Type.String(),
    lastSeenAt: Type.String(),
    expiresAt: Type.String(),
    client: Type.String({ description: '登录时的客户端地址' }),
    agent: Type.String({ description: '登录时的浏览器标识' }),
  }),
)

export function authRoutes(d: RouteDeps) {
  const secure = d.secureCookies ?? false
  /** The schemes the user works in, first the one the workspace opens with, with what they may do in each. */
  const schemesOf = async (p: Principal): Promise<SchemeOfUser[]> => {
    const policy = d.policy()
    const out: SchemeOfUser[] = []
    for (const id of policy.schemesOf(p)) {
      try {
        const s = await d.schemes.get(id, (await d.schemes.latest(id)).hash)
        out.push({ id, name: s.manifest.name, town: s.manifest.town, can: policy.describe(p, id) })
      } catch {
        /* a scheme the registry no longer has */
      }
    }
    return out
  }
  /** The session answer: the user, the CSRF token, the schemes and `can` — in the scheme asked for, else in any ("somewhere"). */
  const sessionInfo = async (p: Principal, csrfToken: string, scheme?: string) => {
    const schemes = await schemesOf(p)
    const can = scheme ? (schemes.find((s) => s.id === scheme)?.can ?? d.policy().describe(p, scheme)) : d.policy().describe(p)
    return { user: p, csrfToken, can, schemes, defaultScheme: d.policy().defaultScheme }
  }
  /** The schemes whose accounts the manager may change: every scheme touched by these grants must be one. */
  const mayManage = (p: Principal, grants: RoleGrant[], en: boolean) => {
    const policy = d.policy()
    const outside = policy.schemesTouched(grants).filter((s) => !policy.can(p, 'account.manage', undefined, s))
    if (outside.length)
      throw new HttpError('FORBIDDEN', en ? `you do not manage accounts of ${outside.join(', ')}` : `您不能管理方案 ${outside.join('、')} 的账号`)
  }

  /** The account, when it is wholly inside the manager's schemes. */
  const managed = async (p: Principal, username: string, en: boolean) => {
    const a = await d.accounts.get(username)
    if (!a) throw new ServiceError('NOT_FOUND', en ? 'no such account' : '未找到账号')
    mayManage(p, a.grants, en)
    return a
  }

  return [
    route({
      id: 'signIn',
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      summary: '登录（设置会话 Cookie，返回 CSRF 令牌）',
      access: access.public('signIn'),
      body: Obj({ username: Username, password: Password }, { required: ['username', 'password'] }),
      responses: { 200: SessionInfo },
      handler: async ({ body, req, res }) => {
        const { session, principal } = await d.accounts.signIn(body.username, body.password, req.ip ?? 'unknown', req.get('user-agent'))
        res.setHeader('set-cookie', sessionCookie(session.id, { secure, maxAgeMs: SESSION_TTL_MS }))
        return sessionInfo(principal, session.csrf)
      },
    }),
    route({
      id: 'setupFirstAdmin',
      method: 'post',
      path: '/api/auth/setup',
      tag: 'auth',
      summary: '首次使用：凭一次性令牌创建第一个管理员，并使其登录（设置会话 Cookie）',
      access: access.public('signIn'),
      body: Obj(
        {
          token: Type.String({ title: '初始化令牌', titleEn: 'setup token', minLength: 1, maxLength: 200 }),
          username: Username,
          displayName: Opt(DisplayName),
          password: Password,
        },
        { required: ['token', 'username', 'password'] },
      ),
      responses: { 201: SessionInfo },
      handler: async ({ body, req, res }) => {
        const a = await d.accounts.setup(
          body.token,
          { username: body.username, displayName: body.displayName, password: body.password },
          d.adminRole ?? 'admin',
        )
        // signed in as on the sign-in page: no second login
        const session = await d.accounts.newSession(a.username, req.ip ?? 'unknown', req.get('user-agent'))
        res.setHeader('set-cookie', sessionCookie(session.id, { secure, maxAgeMs: SESSION_TTL_MS }))
        return sessionInfo({ username: a.username, displayName: a.displayName, grants: a.grants }, session.csrf)
      },
    }),
    route({
      id: 'checkResetLink',
      method: 'post',
      path: '/api/auth/reset/check',
      tag: 'auth',
      summary: '重设密码链接是否可用，及其账号的姓名',
      access: access.public('signIn'),
      body: Obj({ token: ResetTokenField }, { required: ['token'] }),
      responses: { 200: Type.Object({ displayName: Type.String(), expiresAt: Type.String() }) },
      handler: ({ body }) => d.accounts.resetTokenInfo(body.token),
    }),
    route({
      id: 'resetPasswordWithLink',
      method: 'post',
      path: '/api/auth/reset',
      tag: 'auth',
      summary: '凭一次性链接设置新密码（链接随即失效，该账号的会话全部结束）',
      access: access.public('signIn'),
      body: Obj({ token: ResetTokenField, password: { ...Password, title: '新密码', titleEn: 'new password' } }, { required: ['token', 'password'] }),
      responses: { 200: OkBody },
      handler: async ({ body }) => {
        await d.accounts.redeemResetToken(body.token, body.password)
        return { ok: true as const }
      },
    }),
    route({
      id: 'getSetupNeeded',
      method: 'get',
      path: '/api/auth/setup',
      tag: 'auth',
      summary: '是否尚无账号（需要初始化）',
      access: access.public(),
      responses: { 200: Type.Object({ needed: Type.Boolean() }) },
      handler: async () => ({ needed: (await d.accounts.count()) === 0 }),
    }),
    route({
      id: 'getSession',
      method: 'get',
      path: '/api/auth/me',
      tag: 'auth',
      summary: '当前用户、CSRF 令牌、所在方案与可做的操作',
      access: access.session(),
      query: Obj({ scheme: Opt(Str('按此方案给出 can')) }),
      responses: { 200: SessionInfo },
      handler: ({ user, req, query }) => sessionInfo(user, req.session!.csrf, query.scheme || undefined),
    }),
    route({
      id: 'signOut',
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      summary: '退出登录',
      access: access.session(),
      responses: { 200: OkBody },
      handler: async ({ req, res }) => {
        await d.accounts.signOut(req.session!.id)
        res.setHeader('set-cookie', clearCookie(secure))
        return { ok: true as const }
      },
    }),
    route({
      id: 'changePassword',
      method: 'post',
      path: '/api/auth/password',
      tag: 'auth',
      summary: '修改本人密码（其他会话随之失效）',
      access: access.session(),
      body: Obj(
        { oldPassword: { ...Password, title: '原密码', titleEn: 'current password' }, newPassword: { ...Password, title: '新密码', titleEn: 'new password' } },
        { required: ['oldPassword', 'newPassword'] },
      ),
      responses: { 200: OkBody },
      handler: async ({ user, req, body }) => {
        await d.accounts.changePassword(user.username, body.oldPassword, body.newPassword, req.session!.id)
        return { ok: true as const }
      },
    }),

    route({
      id: 'listAccounts',
      method: 'get',
      path: '/api/accounts',
      tag: 'accounts',
      summary: '账号（有授权在本人管理的方案中的）',
      access: access.anyScheme('account.manage'),
      responses: { 200: ListOf(Account) },
      handler: async ({ user }) => {
        const policy = d.policy()
        const mine = new Set(policy.schemeIds().filter((s) => policy.can(user, 'account.manage', undefined, s)))
        return { items: (await d.accounts.list()).filter((a) => policy.schemesTouched(a.grants).some((s) => mine.has(s))) }
      },
    }),
    route({
      id: 'createAccount',
      method: 'post',
      path: '/api/accounts',
      tag: 'accounts',
      summary: '新建账号（授权须在本人管理的方案中）',
      access: access.anyScheme('account.manage'),
      body: Obj(
        {
          username: Username,
          displayName: Opt(DisplayName),
          password: Password,
          grants: Type.Array(Grant, { title: '授权', titleEn: 'grants', maxItems: 50 }),
        },
        { required: ['username', 'password', 'grants'] },
      ),
      responses: { 201: Account },
      errors: [409],
      handler: async ({ body, user, locale }) =>
        d.accounts.create(
          { username: body.username, displayName: body.displayName, password: body.password, grants: body.grants },
          (grants) => mayManage(user, grants, locale === 'en'),
          user.username,
        ),
    }),
    route({
      id: 'updateAccount',
      method: 'patch',
      path: '/api/accounts/:username',
      tag: 'accounts',
      summary: '修改账号：姓名、授权、停用/启用',
      access: access.anyScheme('account.manage'),
      body: Obj(
        {
          displayName: Opt(DisplayName),
          grants: Opt(Type.Array(Grant, { title: '授权', titleEn: 'grants', maxItems: 50 })),
          disabled: Opt(Type.Boolean({ title: '停用', titleEn: 'disabled' })),
        },
        { minProperties: 1 },
      ),
      responses: { 200: Account },
      handler: async ({ params, body, user, locale }) => {
        const before = await d.accounts.get(params.username)
        if (!before) throw new ServiceError('NOT_FOUND', locale === 'en' ? 'no such account' : '未找到账号')
        // Only accounts wholly inside the manager's schemes; new grants too.
        mayManage(user, before.grants, locale === 'en')
        return d.accounts.update(params.username, body, user.username, (grants) => mayManage(user, grants, locale === 'en'))
      },
    }),

    route({
      id: 'issueResetLink',
      method: 'post',
      path: '/api/accounts/:username/reset-link',
      tag: 'accounts',
      summary: '为账号生成一次性重设密码链接（令牌只显示这一次）',
      access: access.anyScheme('account.manage'),
      responses: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String() }) },
      handler: async ({ params, user, locale }) =>
        d.accounts.issueResetToken(params.username, user.username, (grants) => mayManage(user, grants, locale === 'en')),
    }),
    route({
      id: 'listAccountSessions',
      method: 'get',
      path: '/api/accounts/:username/sessions',
      tag: 'accounts',
      summary: '账号当前的会话（开始时间、最近活动、客户端）',
      access: access.anyScheme('account.manage'),
      responses: { 200: ListOf(AccountSession) },
      handler: async ({ params, user, locale }) => {
        await managed(user, params.username, locale === 'en')
        return { items: await d.accounts.sessionsOf(params.username) }
      },
    }),
    route({
      id: 'endAccountSession',
      method: 'delete',
      path: '/api/accounts/:username/sessions/:handle',
      tag: 'accounts',
      summary: '结束账号的一个会话',
      access: access.anyScheme('account.manage'),
      responses: { 200: OkBody },
      handler: async ({ params, user, locale }) => {
        await managed(user, params.username, locale === 'en')
        if (!(await d.accounts.endSession(params.username, params.handle, user.username)))
          throw new ServiceError('NOT_FOUND', locale === 'en' ? 'no such session' : '未找到该会话（可能已结束）')
        return { ok: true as const }
      },
    }),

    route({
      id: 'searchAudit',
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      summary: '审计日志（只含本人可审计的方案；无 case.pii 时信访人信息遮蔽）',
      access: access.anyScheme('audit.read'),
      query: Obj({
        actor: Opt(Str('操作人')),
        action: Opt(Str('操作')),
        caseId: Opt(Str('案件')),
        from: Opt(Str('起（ISO 时间或日期）')),
        to: Opt(Str('止')),
        limit: Opt(Type.Integer({ minimum: 1, maximum: 500 })),
      }),
      responses: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(AuditEntry) }) },
      handler: ({ user, query }) => d.audit.search(user, query),
    }),
    route({
      id: 'verifyAudit',
      method: 'get',
      path: '/api/audit/verify',
      tag: 'audit',
      summary: '校验审计日志的哈希链',
      access: access.anyScheme('audit.read'),
      responses: {
        200: Type.Object({
          ok: Type.Boolean(),
          entries: Type.Integer(),
          brokenAt: Type.Optional(Type.Object({ seq: Type.Optional(Type.Integer()), reason: Type.String() }, open)),
        }),
      },
      handler: async () => verifyAuditChain(await d.store.listAllAudit()),
    }),
  ]
}
