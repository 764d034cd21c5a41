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
import type { Store, Reminder } from '../store'
import type { SchemeRegistry } from '../schemes/registry'
import { today as localToday, type Clock } from '../clock'
import { dueReminders } from './reminders'
import { silentLogger, type Logger } from '../log'
import { exclusiveJobs } from '../store/shared'

export class Scheduler {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<Reminder[]> | null = null

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
    const raisedAt = this.clock.now().toISOString()
    const active = await this.store.allSummaries({ status: 'active' })
    const wanted: Reminder[] = []
    for (const s of active) {
      if (!s.clocks?.some((c) => c.status === 'running') || !s.schemeHash) continue
      let scheme
      try {
        scheme = await this.schemes.get(s.schemeId, s.schemeHash)
      } catch (err) {
        // one case's missing scheme version must not stop the others' reminders
        this.log.warn({ err, caseId: s.id, schemeId: s.schemeId, schemeHash: s.schemeHash }, 'scheduler: scheme version of a case not found; its reminders are skipped')
        continue
      }
      wanted.push(...dueReminders(scheme, s, localToday(this.clock, scheme.manifest.timezone), raisedAt))
    }
    if (!wanted.length) return []
    const raised = await this.store.raiseReminders(wanted)
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
