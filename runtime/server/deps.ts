/** Wiring: the store, registry, services and scheduler the app and the CLI share. */
import path from 'node:path'
import { readdir } from 'node:fs/promises'
import type { Store } from '../store'
import { openConfiguredStore } from '../store/open'
import { SchemeRegistry } from '../schemes/registry'
import { CaseService } from '../cases/service'
import { Scheduler } from '../scheduler/scheduler'
import { DraftService } from '../drafts/service'
import { ForkService } from '../drafts/forks'
import { ReportService } from '../reports/service'
import { PublicService } from '../channels/public'
import { ChallengeService, challengeSecret } from '../channels/challenge'
import { ImportService } from '../channels/import'
import { SimilarService } from '../channels/similar'
import { NotificationService } from '../channels/notifications'
import { AccountService } from '../auth/accounts'
import { AuditService } from '../auth/audit'
import { Policy } from '../auth/policy'
import { DutyService } from '../duty/service'
import { systemClock, type Clock } from '../clock'
import { formatProblem } from '../../engine'
import { createLogger, type Logger } from '../log'

export interface Runtime {
  store: Store
  schemes: SchemeRegistry
  cases: CaseService
  scheduler: Scheduler
  drafts: DraftService
  /** Forks made from the designer, and what a fork's upstream changed since */
  forks: ForkService
  reports: ReportService
  accounts: AccountService
  /** The audit log as each reader may see it (scoped by scheme, petitioners' data masked) */
  audit: AuditService
  duty: DutyService
  /** The policy table over the roles of every scheme's org definition */
  policy: () => Policy
  defaultScheme: string
  channels: { publicService: PublicService; challenges: ChallengeService; imports: ImportService; similar: SimilarService; notifications: NotificationService }
  clock: Clock
  /** The structured logger (runtime/log.ts): the services' failures, and the HTTP request lines */
  logger: Logger
  close(): Promise<void>
}

export async function schemeFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true })
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => path.join(root, e.name))
    .sort()
}

export async function createRuntime(opts: {
  dataDir: string
  definitionsDir?: string
  schemeDirs?: string[]
  clock?: Clock
  store?: Store
  log?: (m: string) => void
  logger?: Logger
  challengeDifficulty?: number
  defaultScheme?: string
  schemeRefreshMs?: number
}): Promise<Runtime> {
  const clock = opts.clock ?? systemClock
  const logger = opts.logger ?? createLogger()
  const store = opts.store ?? (await openConfiguredStore({ dataDir: opts.dataDir }))
  const schemes = new SchemeRegistry(store, () => clock.now())
  const dirs = opts.schemeDirs ?? (opts.definitionsDir ? await schemeFolders(opts.definitionsDir) : [])
  const failed = await schemes.syncFolders(dirs)
  for (const f of failed) {
    // The CLI shows these to its user as text; the server logs them.
    if (opts.log)
      opts.log(
        `方案目录 ${f.dir} 有问题，未发布（已发布的旧版本照常运行）：\n${f.problems.map((p) => `  ${p.file ?? ''} ${p.pointer} ${formatProblem(p)}`).join('\n')}`,
      )
    else
      logger.warn(
        { dir: f.dir, problems: f.problems.map((p) => ({ file: p.file, pointer: p.pointer, code: p.code, message: formatProblem(p) })) },
        `方案目录 ${f.dir} 有问题，未发布（已发布的旧版本照常运行） / scheme folder not published`,
      )
  }
  const ids = await schemes.schemeIds()
  const defaultScheme = opts.defaultScheme ?? (ids.includes('galutu') ? 'galutu' : (ids[0] ?? 'galutu'))
  // Each scheme's roles and their permissions come from its own org definition; a grant names
  // its scheme (runtime/auth/policy.ts). A publish of any scheme refreshes that scheme's roles.
  const orgs: Record<string, import('../../engine').OrgDefinition> = {}
  try {
    for (const id of ids) orgs[id] = (await schemes.get(id, (await schemes.latest(id)).hash)).defs.org
  } catch (e) {
    // a published version this build cannot load (../schemes/registry.ts): the caller says so; a store opened here is closed (its lock released)
    if (!opts.store) await store.close()
    throw e
  }
  let policy = new Policy(orgs, defaultScheme)
  schemes.onPublish((v, s) => {
    policy = policy.withScheme(v.schemeId, s.defs.org)
  })
  // Instances sharing a PostgreSQL store see each other's publishes (and forks) within this period.
  const refresher = setInterval(
    () => void schemes.refresh().catch((err: unknown) => logger.warn({ err }, 'scheme refresh from the store failed; retrying')),
    opts.schemeRefreshMs ?? 15_000,
  )
  refresher.unref()
  // Sessions and lockouts run on wall-clock time, not on the (injectable) business clock.
  const accounts = new AccountService(
    store,
    () => new Date(),
    () => policy,
  )
  const cases = new CaseService(store, schemes, clock)
  const notifications = new NotificationService(store, () => clock.now(), {
    // a scheme's staff, with their roles in that scheme only
    people: async (schemeId) =>
      (await accounts.list()).flatMap((a) => {
        const grants = a.disabled ? [] : a.grants.filter((g) => policy.appliesIn(g, schemeId))
        const units = grants.flatMap((g) => (g.unit ? [g.unit] : []))
        return grants.length ? [{ username: a.username, displayName: a.displayName, roles: grants.map((g) => g.role), units }] : []
      }),
    schemes,
  })
  cases.sendsNotices((before, after, change) => notifications.plan(before, after, change))
  const scheduler = new Scheduler(
    store,
    schemes,
    clock,
    (raised) =>
      notifications.onReminders(raised, async (id) => {
        const c = (await store.getCase(id))?.summary
        return c ? { officer: c.officer, schemeId: c.schemeId } : null
      }),
    logger.child({ component: 'scheduler' }),
  )
  // one secret for every instance of the store, also when several start at once on a new database
  const secret = await challengeSecret(store)
  const channels = {
    publicService: new PublicService(store, schemes, cases, clock),
    challenges: new ChallengeService(store, secret, () => clock.now().getTime(), opts.challengeDifficulty ?? 16),
    imports: new ImportService(store, schemes, cases, { accounts: () => accounts.list(), policy: () => policy }),
    similar: new SimilarService(store, () => clock.now(), schemes),
    notifications,
  }
  const drafts = new DraftService(store, schemes, clock, opts.definitionsDir ?? null)
  const forks = new ForkService({ store, schemes, drafts, accounts, policy: () => policy, definitionsDir: opts.definitionsDir ?? null })
  const duty = new DutyService({ store, schemes, cases, clock, accounts, defaultScheme, log: logger.child({ component: 'duty' }) })
  return {
    store,
    schemes,
    cases,
    scheduler,
    drafts,
    forks,
    clock,
    channels,
    accounts,
    defaultScheme,
    duty,
    logger,
    audit: new AuditService({ store, schemes, policy: () => policy, now: () => clock.now() }),
    policy: () => policy,
    reports: new ReportService(store),
    async close() {
      clearInterval(refresher)
      await Promise.all([scheduler.stop(), duty.stop()])
      await store.close()
    },
  }
}
