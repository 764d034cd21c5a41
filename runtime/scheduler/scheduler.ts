/**
 * The deadline scheduler. Nothing depends on an in-memory timer lasting days: each tick reads the
 * clocks stored on the active cases and raises whatever reminders are due by today, exactly once
 * (the store keeps reminder ids). A tick runs at start-up (catching up after downtime) and then
 * every `intervalMs`.
 *
 * Several instances on one database (PostgreSQL): a pass runs on one instance at a time, under
 * the store's job lock (`runExclusive`, a session advisory lock); an instance that finds it taken
 * skips its pass. Exactly once is what the reminders' ids already guarantee (a reminder is stored,
 * and its notifications sent, only by the insert that created it); the lock keeps the instances
 * from all scanning every active case each tick. An advisory lock rather than a table of job runs:
 * the passes are idempotent catch-ups, so a tick needs no agreed slot, and the lock dies with the
 * session of an instance that crashes mid-pass (nothing to expire or clean up).
 */
import type { CaseSummary, Store, Reminder } from '../store'
import type { CompiledScheme } from '../../engine'
import type { SchemeRegistry } from '../schemes/registry'
import { today as localToday, type Clock } from '../clock'
import { dueReminders } from './reminders'
import { silentLogger, type Logger } from '../log'
import { exclusiveJobs } from '../store/shared'

function hasRunningClock(s: CaseSummary): boolean {
  const clocks = s.clocks
  if (!clocks) return false
  for (const c of clocks) if (c.status === 'running') return true
  return false
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<Reminder[]> | null = null
  /** Per case, the version and local day whose reminders the last pass raised (skipped while both stay). */
  private raisedFor = new Map<string, { version: number; day: string }>()
  /** Per scheme version, the horizon as of a local day. */
  private readonly horizons = new Map<string, { today: string; horizon: string | null }>()
  private horizonKey = ''

  constructor(
    private readonly store: Store,
    private readonly schemes: SchemeRegistry,
    private readonly clock: Clock,
    private readonly onRaised: (r: Reminder[]) => void | Promise<void> = () => {},
    private readonly log: Logger = silentLogger,
  ) {}

  /**
   * One pass: returns the reminders newly raised. Concurrent calls share one pass; while another
   * instance runs its pass this one skips (returns none).
   */
  tick(): Promise<Reminder[]> {
    if (!this.running) this.running = this.exclusivePass().finally(() => (this.running = null))
    return this.running
  }

  private async exclusivePass(): Promise<Reminder[]> {
    const jobs = exclusiveJobs(this.store)
    if (!jobs) return this.pass()
    const r = await jobs.runExclusive('scheduler', () => this.pass())
    if (!r.ran) this.log.debug('scheduler: another instance is running its pass; skipped')
    return r.ran ? r.value : []
  }

  private async pass(): Promise<Reminder[]> {
    const now = this.clock.now()
    const raisedAt = now.toISOString()
    // each time zone's local date once per pass, not once per case
    const todays = new Map<string, string>()
    const todayIn = (tz: string) => {
      let t = todays.get(tz)
      if (t === undefined) todays.set(tz, (t = localToday(this.clock, tz)))
      return t
    }
    // read only the active cases that can be due: earliest running due date on or before the horizon
    const horizon = await this.horizon(todayIn)
    const filter = horizon === null ? { status: 'active' as const } : { status: 'active' as const, dueOnOrBefore: horizon }
    // read only: the store's own summaries where it offers them (no copy per pass)
    const active = this.store.readSummaries ? await this.store.readSummaries(filter) : await this.store.allSummaries(filter)
    const wanted: Reminder[] = []
    const evaluated = new Map<string, { version: number; day: string }>()
    // each scheme version looked up once per pass (null: it does not load); by scheme, then hash,
    // so the per-case lookups build no strings (most passes judge nothing and only look)
    const versions = new Map<string, Map<string, CompiledScheme | null>>()
    for (const s of active) {
      if (!s.schemeHash || !hasRunningClock(s)) continue
      let ofScheme = versions.get(s.schemeId)
      if (!ofScheme) versions.set(s.schemeId, (ofScheme = new Map()))
      let scheme = ofScheme.get(s.schemeHash)
      if (scheme === undefined) {
        try {
          scheme = await this.schemes.get(s.schemeId, s.schemeHash)
        } catch (err) {
          // one case's missing scheme version must not stop the others' reminders
          this.log.warn(
            { err, caseId: s.id, schemeId: s.schemeId, schemeHash: s.schemeHash },
            'scheduler: scheme version of a case not found; its reminders are skipped',
          )
          scheme = null
        }
        ofScheme.set(s.schemeHash, scheme)
      }
      if (scheme === null) continue
      const today = todayIn(scheme.manifest.timezone)
      // the same case version on the same day gives the same reminder ids: raised already
      const last = this.raisedFor.get(s.id)
      if (last !== undefined && last.version === s.version && last.day === today) {
        evaluated.set(s.id, last)
        continue
      }
      evaluated.set(s.id, { version: s.version, day: today })
      wanted.push(...dueReminders(scheme, s, today, raisedAt))
    }
    const raised = wanted.length ? await this.store.raiseReminders(wanted) : []
    this.raisedFor = evaluated
    if (raised.length) {
      try {
        await this.onRaised(raised)
      } catch (err) {
        // notifications are best effort; the reminders themselves are stored
        this.log.error({ err, reminders: raised.length }, 'scheduler: notifying about raised reminders failed')
      }
    }
    return raised
  }

  /**
   * The latest due date that can call for a reminder today: past it a running clock is neither
   * overdue nor within any published version's warning window (warnBefore in workdays or days, the
   * version's calendar and time zone). Null when it cannot be told (a date outside a calendar):
   * then every active case is read, as before.
   */
  private async horizon(todayIn: (tz: string) => string): Promise<string | null> {
    const versions: Array<{ schemeId: string; hash: string }> = []
    for (const id of await this.schemes.schemeIds())
      for (const v of (await this.schemes.versionIndex(id)).versions) versions.push({ schemeId: id, hash: v.hash })
    const key = versions.map((v) => v.hash).join(',')
    let max: string | null = ''
    for (const v of versions) {
      let scheme
      try {
        scheme = await this.schemes.get(v.schemeId, v.hash)
      } catch {
        continue // a version that does not load has no cases the scheduler can serve
      }
      const today = todayIn(scheme.manifest.timezone)
      const cached = this.horizons.get(v.hash)
      let h: string | null
      if (cached && cached.today === today) h = cached.horizon
      else {
        const warn = Math.max(0, ...[...scheme.clocks.values()].map((c) => c.warnBefore))
        try {
          // one day past each window: dueOnOrBefore is inclusive and a superset is harmless
          const a = scheme.calendar.addWorkdays(today, warn + 1)
          const b = scheme.calendar.addCalendarDays(today, warn + 1)
          h = a > b ? a : b
        } catch {
          h = null
        }
        this.horizons.set(v.hash, { today, horizon: h })
      }
      if (h === null) return null
      if (h > max) max = h
    }
    if (this.horizonKey !== key) {
      // forget versions no longer published
      const keep = new Set(versions.map((v) => v.hash))
      for (const k of this.horizons.keys()) if (!keep.has(k)) this.horizons.delete(k)
      this.horizonKey = key
    }
    return max === '' ? null : max
  }

  start(intervalMs = 60_000): void {
    const run = () => void this.tick().catch((err: unknown) => this.log.error({ err }, 'scheduler: tick failed; retrying at the next one'))
    run()
    this.timer = setInterval(run, intervalMs)
    this.timer.unref()
  }

  /** No further passes; resolves when the pass in flight (if any) has finished, so the store can close after it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => {})
  }
}
