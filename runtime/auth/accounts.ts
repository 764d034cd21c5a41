/**
 * Accounts and sessions. Accounts hold roles from the org definition of a scheme, each in a
 * jurisdiction (a village or a unit); a person can hold several, in one or several schemes (see
 * ./policy for how a grant names its scheme). Sessions are server-side (in the
 * store, so they work across instances), referenced by an httpOnly SameSite cookie and carrying a
 * CSRF token. No default password exists anywhere: the first administrator comes from
 * `daiban user add --admin` or from a one-time setup token printed at first start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { VersionedCache, type AuditEntry, type Store } from '../store'
import { fieldProblem, ServiceError } from '../errors'
import { authMsg as M } from './messages'
import { dummyHash, hashPassword, verifyPassword, type PasswordHash } from './passwords'
import { passwordFieldProblem, passwordProblem } from './password-policy'
import { ALL_SCHEMES, type Policy, type Principal, type RoleGrant } from './policy'
import { aboutSchemes } from './audit-scope'

export interface Account {
  username: string
  displayName: string
  grants: RoleGrant[]
  password: PasswordHash
  disabled: boolean
  createdAt: string
  passwordChangedAt: string
}

export interface Session {
  id: string
  username: string
  csrf: string
  createdAt: string
  expiresAt: string
  /** The client address at sign-in */
  client?: string
  /** The browser's User-Agent at sign-in, cut short */
  agent?: string
  /** Last request seen on this session (updated at most once a minute) */
  lastSeenAt?: string
}

/** A session as the account manager sees it: never its id, only a handle to end it by. */
export interface SessionListing {
  handle: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  client: string
  agent: string
}

/** A one-time password reset token, stored under its hash. */
interface ResetToken {
  username: string
  expiresAt: string
  issuedBy: string
}

const USERNAME = /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,32}$/
export const SESSION_TTL_MS = 12 * 60 * 60_000
/** Failed sign-ins per (user name, client address) before a temporary lockout. */
export const MAX_FAILURES = 5
export const LOCKOUT_MS = 15 * 60_000
/** How long a password reset link stays usable. */
export const RESET_TTL_MS = 24 * 60 * 60_000
/**
 * The cached account list is read afresh at least this often even when the version document did not
 * change (a writer that died between its account write and the bump).
 */
const LIST_MAX_AGE_MS = 60_000
/** A session's last-seen time is written at most this often. */
const TOUCH_MS = 60_000

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
/** The handle of a stored session (hash of its store key): enough to end it, not to use it. */
const handleOf = (h: string) => sha(`handle:${h}`).slice(0, 24)
const RESET_INVALID = M('resetInvalid')

/**
 * Bumped after every write to an account: the cached list (AccountService.list) is current while
 * this document holds the value it was read under, also when another instance wrote.
 */
export const ACCOUNTS_VERSION_KEY = 'accounts-version'

type Listed = Omit<Account, 'password'>

export class AccountService {
  private readonly failures = new Map<string, { count: number; until: number }>()
  /** The account list, current while ACCOUNTS_VERSION_KEY holds what it was read under (see list()). */
  private readonly listed: VersionedCache<'all', Listed[]>
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly policy: () => Policy,
  ) {
    this.listed = new VersionedCache(store, () => ACCOUNTS_VERSION_KEY, { maxAgeMs: LIST_MAX_AGE_MS, maxEntries: 1 })
  }

  private key(u: string) {
    return `accounts/${u.toLowerCase()}`
  }

  /**
   * Every account (without passwords). Read on hot paths (each notification fan-out, each officer
   * check), so kept in memory: one read of the version document checks it is current — this
   * instance's writes and other instances' (on a shared database) bump that document — and only a
   * changed version (or a list older than LIST_MAX_AGE_MS) reads the accounts again. The entries are
   * shared: callers must not change them.
   */
  async list(): Promise<Listed[]> {
    const all = await this.listed.get('all', async () => {
      const names = (await this.store.getDoc<string[]>('accounts-index')) ?? []
      const out: Listed[] = []
      for (const n of names) {
        const a = await this.store.getDoc<Account>(this.key(n))
        if (a) {
          const { password: _p, ...rest } = a
          out.push(rest)
        }
      }
      return out
    })
    return all.slice()
  }

  /** After every write to an account document or the index (its own or through the service's methods). */
  private async changed(): Promise<void> {
    await this.listed.bump(ACCOUNTS_VERSION_KEY)
  }

  async get(username: string): Promise<Account | null> {
    return this.store.getDoc<Account>(this.key(username))
  }

  async count(): Promise<number> {
    return ((await this.store.getDoc<string[]>('accounts-index')) ?? []).length
  }

  /**
   * An entry of the audit log about accounts, scoped to the schemes of the grants involved (their
   * auditors read it). Never a password: only what changed around it.
   */
  private async audit(action: string, actor: string, grants: RoleGrant[], changes?: unknown): Promise<void> {
    const e: AuditEntry = { at: this.now().toISOString(), actor, caseId: null, action, ...aboutSchemes(this.policy().schemesTouched(grants)) }
    if (changes !== undefined) e.changes = changes
    await this.store.appendAudit([e])
  }

  /**
   * Refuses a password that is too short or guessable: for this account, its user name and display
   * name (and the server's scheme ids) count as words an attacker tries first.
   */
  private async checkPassword(pw: unknown, who: { username: string; displayName?: string }, pointer: string): Promise<void> {
    const words = [who.username, who.displayName ?? '', 'daiban', '代办', ...this.policy().schemeIds()]
    const p = await passwordProblem(pw, words)
    if (p) throw new ServiceError('INVALID_INPUT', { zh: p.zh, en: p.en }, [passwordFieldProblem(p, pointer)])
  }

  /** Every grant checked against the org of its own scheme; all problems at once. */
  private checkGrants(grants: unknown): RoleGrant[] {
    if (!Array.isArray(grants) || grants.length === 0 || grants.length > 20)
      throw new ServiceError('INVALID_INPUT', M('grantsCount'), [fieldProblem('REQUIRED', '/grants', M('grantsCount'))])
    const policy = this.policy()
    const out: RoleGrant[] = []
    const problems: Array<{ code: string; pointer: string; message: string; params?: Record<string, string> }> = []
    grants.forEach((g, i) => {
      const r = policy.checkGrant(g, i)
      if ('problem' in r) problems.push(r.problem)
      else if (!out.some((x) => JSON.stringify(x) === JSON.stringify(r.grant))) out.push(r.grant)
    })
    if (problems.length)
      throw new ServiceError(
        'INVALID_INPUT',
        { zh: problems.map((p) => p.message).join('；'), en: problems.map((p) => p.params?.messageEn ?? p.message).join('; ') },
        problems,
      )
    return out
  }

  /**
   * Add grants to an account (kept when already held), e.g. the grants a user held in a scheme,
   * copied to a fork they just created.
   */
  async addGrants(username: string, grants: RoleGrant[], by: string): Promise<Omit<Account, 'password'>> {
    const a = await this.get(username)
    if (!a) throw new ServiceError('NOT_FOUND', M('noAccount'))
    const key = (g: RoleGrant) => JSON.stringify([g.role, g.scheme ?? null, g.village ?? null, g.unit ?? null])
    const checked = grants.length ? this.checkGrants(grants) : []
    const missing = (held: RoleGrant[]) => {
      const have = new Set(held.map(key))
      return checked.filter((g) => !have.has(key(g)))
    }
    if (!missing(a.grants).length) {
      const { password: _p, ...rest } = a
      return rest
    }
    // Atomic against other instances: the grants are added to the account as it is now.
    let add: RoleGrant[] = []
    const next = await this.store.updateDoc<Account>(this.key(username), (cur) => {
      if (!cur) throw new ServiceError('NOT_FOUND', M('noAccount'))
      add = missing(cur.grants)
      return add.length ? { ...cur, grants: [...cur.grants, ...add] } : cur
    })
    if (add.length) await this.changed()
    if (add.length) await this.audit('account.update', by, add, { username, grants: { added: add } })
    const { password: _p, ...rest } = next
    return rest
  }

  /** The administrator grant of a first account: every scheme when the role allows it, else the default scheme. */
  adminGrants(adminRole = 'admin'): RoleGrant[] {
    const all = this.policy().checkGrant({ role: adminRole, scheme: ALL_SCHEMES }, 0)
    return 'grant' in all ? [all.grant] : [{ role: adminRole }]
  }

  /**
   * @param authorize may refuse the (checked) grants, e.g. outside the schemes the caller manages
   * @param by who creates it, for the audit log (`setup`, `cli`, or the account manager)
   */
  async create(
    input: { username: unknown; displayName?: unknown; password: unknown; grants: unknown },
    authorize?: (grants: RoleGrant[]) => void,
    by = 'system',
  ): Promise<Omit<Account, 'password'>> {
    const username = typeof input.username === 'string' ? input.username.trim() : ''
    if (!USERNAME.test(username)) throw new ServiceError('INVALID_INPUT', M('badUsername'), [fieldProblem('INVALID_INPUT', '/username', M('badUsernameField'))])
    const displayName = typeof input.displayName === 'string' && input.displayName.trim() ? input.displayName.trim().slice(0, 50) : username
    await this.checkPassword(input.password, { username, displayName }, '/password')
    const grants = this.checkGrants(input.grants)
    authorize?.(grants)
    if (await this.get(username)) throw new ServiceError('CONFLICT', M('usernameTaken', { username }))
    const nowIso = this.now().toISOString()
    const account: Account = {
      username,
      displayName,
      grants,
      password: await hashPassword(input.password as string),
      disabled: false,
      createdAt: nowIso,
      passwordChangedAt: nowIso,
    }
    // created atomically: of two instances creating the same name at once, one gets CONFLICT
    await this.store.updateDoc<Account>(this.key(username), (cur) => {
      if (cur) throw new ServiceError('CONFLICT', M('usernameTaken', { username }))
      return account
    })
    await this.store.updateDoc<string[]>('accounts-index', (names) => (names?.includes(username) ? names : [...(names ?? []), username]))
    await this.changed()
    await this.audit('account.create', by, grants, { username, displayName, grants })
    const { password: _p, ...rest } = account
    return rest
  }

  async update(
    username: string,
    input: { displayName?: unknown; grants?: unknown; disabled?: unknown },
    by: string,
    authorize?: (grants: RoleGrant[]) => void,
  ): Promise<Omit<Account, 'password'>> {
    if (!(await this.get(username))) throw new ServiceError('NOT_FOUND', M('noAccount'))
    const change: Partial<Pick<Account, 'grants' | 'displayName' | 'disabled'>> = {}
    if (input.grants !== undefined) {
      change.grants = this.checkGrants(input.grants)
      authorize?.(change.grants)
    }
    if (typeof input.displayName === 'string' && input.displayName.trim()) change.displayName = input.displayName.trim().slice(0, 50)
    if (typeof input.disabled === 'boolean') change.disabled = input.disabled
    // Atomic against other instances: only the fields given change; a password changed meanwhile is kept.
    let before: Account | null = null
    const a = await this.store.updateDoc<Account>(this.key(username), (cur) => {
      if (!cur) throw new ServiceError('NOT_FOUND', M('noAccount'))
      before = cur
      return { ...cur, ...change }
    })
    await this.changed()
    // What changed, as from → to; disabling (or enabling) an account is an entry of its own kind.
    const was = before as Account | null
    const diff: Record<string, { from: unknown; to: unknown }> = {}
    if (was && was.displayName !== a.displayName) diff.displayName = { from: was.displayName, to: a.displayName }
    if (was && JSON.stringify(was.grants) !== JSON.stringify(a.grants)) diff.grants = { from: was.grants, to: a.grants }
    if (was && was.disabled !== a.disabled) diff.disabled = { from: was.disabled, to: a.disabled }
    if (Object.keys(diff).length) {
      const action = diff.disabled ? (a.disabled ? 'account.disable' : 'account.enable') : 'account.update'
      await this.audit(action, by, [...(was?.grants ?? []), ...a.grants], { username, ...diff })
    }
    if (a.disabled) await this.endSessionsOf(username)
    const { password: _p, ...rest } = a
    return rest
  }

  /** Sign in; a temporary lockout per (user name, client address) after repeated failures. */
  async signIn(username: unknown, password: unknown, client: string, agent?: string): Promise<{ session: Session; principal: Principal }> {
    const u = typeof username === 'string' ? username.trim() : ''
    const lockKey = `${u.toLowerCase()}|${client}`
    const now = this.now().getTime()
    const f = this.failures.get(lockKey)
    if (f && f.until > now) throw new ServiceError('RATE_LIMITED', M('tooManyAttempts', { minutes: Math.ceil((f.until - now) / 60_000) }))
    const a = u ? await this.get(u) : null
    const ok =
      a && !a.disabled && typeof password === 'string'
        ? await verifyPassword(password, a.password)
        : (await verifyPassword(String(password ?? ''), await dummyHash()), false)
    if (!ok || !a) {
      const count = (f && f.until <= now && f.until !== 0 ? 0 : (f?.count ?? 0)) + 1
      this.failures.set(lockKey, { count, until: count >= MAX_FAILURES ? now + LOCKOUT_MS : 0 })
      // about the account's schemes when the name is one; an unknown name concerns no scheme
      await this.audit('auth.failed', u || '(empty)', a?.grants ?? [], { client })
      throw new ServiceError('UNAUTHENTICATED', M('wrongPassword'))
    }
    this.failures.delete(lockKey)
    const session = await this.newSession(a.username, client, agent)
    await this.audit('auth.signin', a.username, a.grants, { client })
    return { session, principal: this.principal(a) }
  }

  principal(a: Account): Principal {
    return { username: a.username, displayName: a.displayName, grants: a.grants }
  }

  /** A new session of the account (sign-in, and the first administrator right after setup). */
  async newSession(username: string, client = 'unknown', agent?: string): Promise<Session> {
    const id = randomBytes(32).toString('base64url')
    const now = this.now()
    const s: Session = {
      id,
      username,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      client,
      ...(agent ? { agent: agent.slice(0, 200) } : {}),
      lastSeenAt: now.toISOString(),
    }
    // Stored under a hash of the id: a leaked store does not hand out live cookies.
    await this.store.putDoc(`sessions/${sha(id)}`, { ...s, id: '' })
    await this.store.updateDoc<string[]>(`user-sessions/${username.toLowerCase()}`, (list) => [...(list ?? []).slice(-19), sha(id)])
    return s
  }

  /** The session and principal behind a cookie value, or null (expired, ended, disabled). */
  async resolve(sessionId: string | undefined): Promise<{ session: Session; principal: Principal } | null> {
    if (!sessionId || sessionId.length > 100) return null
    const s = await this.store.getDoc<Session>(`sessions/${sha(sessionId)}`)
    if (!s || Date.parse(s.expiresAt) < this.now().getTime()) return null
    const a = await this.get(s.username)
    if (!a || a.disabled) return null
    await this.touch(sha(sessionId), s)
    return { session: { ...s, id: sessionId }, principal: this.principal(a) }
  }

  /** Records the session's last request, at most once a minute; never brings an ended session back. */
  private async touch(h: string, s: Session): Promise<void> {
    const now = this.now()
    if (s.lastSeenAt && now.getTime() - Date.parse(s.lastSeenAt) < TOUCH_MS) return
    try {
      await this.store.updateDoc<Session>(`sessions/${h}`, (cur) => (cur ? { ...cur, lastSeenAt: now.toISOString() } : cur) as Session)
    } catch {
      /* a read-only or busy store: the last-seen time is only informative */
    }
  }

  /** The live sessions of an account, newest first (for the account manager). */
  async sessionsOf(username: string): Promise<SessionListing[]> {
    const list = (await this.store.getDoc<string[]>(`user-sessions/${username.toLowerCase()}`)) ?? []
    const now = this.now().getTime()
    const out: SessionListing[] = []
    for (const h of list) {
      const s = await this.store.getDoc<Session>(`sessions/${h}`)
      if (!s || Date.parse(s.expiresAt) < now) continue
      out.push({
        handle: handleOf(h),
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt ?? s.createdAt,
        expiresAt: s.expiresAt,
        client: s.client ?? '',
        agent: s.agent ?? '',
      })
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Ends one session of an account, by the handle `sessionsOf` gave; false when there is none. */
  async endSession(username: string, handle: string, by: string): Promise<boolean> {
    const key = `user-sessions/${username.toLowerCase()}`
    const h = ((await this.store.getDoc<string[]>(key)) ?? []).find((x) => handleOf(x) === handle)
    if (!h || !(await this.store.getDoc<Session>(`sessions/${h}`))) return false
    await this.store.putDoc(`sessions/${h}`, null)
    await this.store.updateDoc<string[]>(key, (cur) => (cur ?? []).filter((x) => x !== h))
    const a = await this.get(username)
    await this.audit('account.session.end', by, a?.grants ?? [], { username })
    return true
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.putDoc(`sessions/${sha(sessionId)}`, null)
  }

  private async endSessionsOf(username: string, except?: string): Promise<void> {
    const key = `user-sessions/${username.toLowerCase()}`
    const list = (await this.store.getDoc<string[]>(key)) ?? []
    for (const h of list) if (h !== except) await this.store.putDoc(`sessions/${h}`, null)
    // Atomic against other instances: a session begun meanwhile (listed after the read above) is ended too.
    let late: string[] = []
    await this.store.updateDoc<string[]>(key, (cur) => {
      late = (cur ?? []).filter((h) => h !== except && !list.includes(h))
      return except ? [except] : []
    })
    for (const h of late) await this.store.putDoc(`sessions/${h}`, null)
  }

  async changePassword(username: string, oldPw: unknown, newPw: unknown, currentSession: string): Promise<void> {
    const a = await this.get(username)
    if (!a || typeof oldPw !== 'string' || !(await verifyPassword(oldPw, a.password)))
      throw new ServiceError('INVALID_INPUT', M('wrongOldPassword'), [fieldProblem('WRONG_PASSWORD', '/oldPassword', M('wrongOldPassword'))])
    await this.checkPassword(newPw, a, '/newPassword')
    const password = await hashPassword(newPw as string)
    const passwordChangedAt = this.now().toISOString()
    // Atomic against other instances: refused when the password changed since the old one was checked; other fields kept as they are now.
    await this.store.updateDoc<Account>(this.key(username), (cur) => {
      if (!cur || cur.password.salt !== a.password.salt || cur.password.hash !== a.password.hash)
        throw new ServiceError('INVALID_INPUT', M('wrongOldPassword'), [fieldProblem('WRONG_PASSWORD', '/oldPassword', M('wrongOldPassword'))])
      return { ...cur, password, passwordChangedAt }
    })
    await this.changed()
    await this.endSessionsOf(username, sha(currentSession))
    await this.audit('auth.password', username, a.grants, { username })
  }

  /**
   * An account manager (or `daiban user passwd`) sets a new password for someone who lost theirs;
   * every session of that account ends.
   * @param authorize may refuse, from the account's grants (e.g. outside the schemes the caller manages)
   */
  async resetPassword(username: string, newPw: unknown, by: string, authorize?: (grants: RoleGrant[]) => void): Promise<void> {
    const a = await this.get(username)
    if (!a) throw new ServiceError('NOT_FOUND', M('noAccount'))
    authorize?.(a.grants)
    await this.checkPassword(newPw, a, '/password')
    const password = await hashPassword(newPw as string)
    const passwordChangedAt = this.now().toISOString()
    const next = await this.store.updateDoc<Account>(this.key(username), (cur) => {
      if (!cur) throw new ServiceError('NOT_FOUND', M('noAccount'))
      return { ...cur, password, passwordChangedAt }
    })
    await this.changed()
    await this.endSessionsOf(username)
    await this.audit('account.password.reset', by, next.grants, { username })
  }

  /**
   * A one-time link for someone who lost their password: the token is shown once to the account
   * manager, usable once, until RESET_TTL_MS; a newer one replaces it. Stored only as a hash.
   * @param authorize may refuse, from the account's grants (outside the schemes the caller manages)
   */
  async issueResetToken(username: string, by: string, authorize?: (grants: RoleGrant[]) => void): Promise<{ token: string; expiresAt: string }> {
    const a = await this.get(username)
    if (!a) throw new ServiceError('NOT_FOUND', M('noAccount'))
    authorize?.(a.grants)
    const token = randomBytes(24).toString('base64url')
    const expiresAt = new Date(this.now().getTime() + RESET_TTL_MS).toISOString()
    const userKey = `user-reset/${a.username.toLowerCase()}`
    const previous = await this.store.getDoc<string>(userKey)
    if (previous) await this.store.putDoc(`reset-tokens/${previous}`, null)
    await this.store.putDoc(`reset-tokens/${sha(token)}`, { username: a.username, expiresAt, issuedBy: by } satisfies ResetToken)
    await this.store.putDoc(userKey, sha(token))
    await this.audit('account.password.link', by, a.grants, { username: a.username, expiresAt })
    return { token, expiresAt }
  }

  /** Whose reset link this is (to greet them by name), or the refusal when it cannot be used. */
  async resetTokenInfo(token: unknown): Promise<{ displayName: string; expiresAt: string }> {
    const t = await this.validReset(token)
    const a = await this.get(t.username)
    if (!a) throw new ServiceError('FORBIDDEN', RESET_INVALID)
    return { displayName: a.displayName, expiresAt: t.expiresAt }
  }

  private async validReset(token: unknown): Promise<ResetToken> {
    if (typeof token !== 'string' || token.length < 16 || token.length > 100) throw new ServiceError('FORBIDDEN', RESET_INVALID)
    const t = await this.store.getDoc<ResetToken>(`reset-tokens/${sha(token)}`)
    if (!t || Date.parse(t.expiresAt) < this.now().getTime()) throw new ServiceError('FORBIDDEN', RESET_INVALID)
    return t
  }

  /** Sets a new password with a reset link: the link is used up, every session of the account ends. */
  async redeemResetToken(token: unknown, newPw: unknown): Promise<{ username: string }> {
    const t = await this.validReset(token)
    const a = await this.get(t.username)
    if (!a || a.disabled) throw new ServiceError('FORBIDDEN', RESET_INVALID)
    await this.checkPassword(newPw, a, '/password')
    // Used up atomically: of two requests with the same link, one sets the password.
    let mine = false
    await this.store.updateDoc<ResetToken | null>(`reset-tokens/${sha(token as string)}`, (cur) => {
      mine = !!cur
      return null
    })
    if (!mine) throw new ServiceError('FORBIDDEN', RESET_INVALID)
    await this.store.updateDoc<string | null>(`user-reset/${a.username.toLowerCase()}`, (cur) => (cur === sha(token as string) ? null : cur))
    const password = await hashPassword(newPw as string)
    const passwordChangedAt = this.now().toISOString()
    await this.store.updateDoc<Account>(this.key(a.username), (cur) => {
      if (!cur) throw new ServiceError('FORBIDDEN', RESET_INVALID)
      return { ...cur, password, passwordChangedAt }
    })
    await this.changed()
    await this.endSessionsOf(a.username)
    await this.audit('auth.password.reset', a.username, a.grants, { username: a.username })
    return { username: a.username }
  }

  /** One-time setup token for the first administrator, while no account exists. */
  async setupToken(): Promise<string | null> {
    if ((await this.count()) > 0) return null
    let t = await this.store.getDoc<string>('setup-token')
    if (!t) {
      t = randomBytes(18).toString('base64url')
      await this.store.putDoc('setup-token', t)
    }
    return t
  }

  async setup(token: unknown, input: { username: unknown; displayName?: unknown; password: unknown }, adminRole: string): Promise<Omit<Account, 'password'>> {
    const t = await this.store.getDoc<string>('setup-token')
    if ((await this.count()) > 0 || !t || typeof token !== 'string' || token.length !== t.length || !timingSafeEqual(Buffer.from(token), Buffer.from(t))) {
      throw new ServiceError('FORBIDDEN', M('setupTokenInvalid'))
    }
    const a = await this.create({ ...input, grants: this.adminGrants(adminRole) }, undefined, 'setup')
    await this.store.putDoc('setup-token', null)
    return a
  }
}
