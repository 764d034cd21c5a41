/**
 * Duty, training and supervision, one facade over the services the HTTP routes and the scheduler
 * use: the roster, grid attendance, staffing, recurring obligations, the officer assessment,
 * service complaints, office phones and the public notice board. Everything reads the scheme's
 * optional `duty` definition and the accounts; time always comes from the injected clock.
 */
import type { CompiledScheme } from '../../engine'
import type { Reminder, Store } from '../store'
import { exclusiveJobs } from '../store/shared'
import type { SchemeRegistry } from '../schemes/registry'
import type { CaseService } from '../cases/service'
import { ServiceError } from '../errors'
import { dutyMsg as M } from './messages'
import { today as localToday, type Clock } from '../clock'
import { grantForScheme } from '../auth/policy'
import { activePeople, ContactBook, type AccountDirectory, type Person } from './people'
import { RosterService } from './roster'
import { AttendanceService } from './attendance'
import { checkStaffing, StaffingRecords, type StaffingReport } from './staffing'
import { ObligationService } from './obligations'
import { OfficerAssessmentService } from './officers'
import { ComplaintService } from './complaints'
import { buildNotice } from './notice'
import { silentLogger, type Logger } from '../log'

export interface DutyServiceDeps {
  store: Store
  schemes: SchemeRegistry
  cases: CaseService
  clock: Clock
  /** The people: `AccountService` (anything with `list()` of accounts) */
  accounts: AccountDirectory
  /** The server's default scheme: where grants naming no scheme apply (see runtime/auth/policy.ts) */
  defaultScheme?: string
  /** Told about obligation reminders newly raised (e.g. to notify the responsible roles); best effort */
  onRaised?: (reminders: Reminder[]) => void | Promise<void>
  /** Where failures of the background pass go (default: nowhere) */
  log?: Logger
}

export class DutyService {
  readonly roster: RosterService
  readonly attendance: AttendanceService
  readonly obligations: ObligationService
  readonly officers: OfficerAssessmentService
  readonly complaints: ComplaintService
  readonly contacts: ContactBook
  readonly staffingRecords: StaffingRecords
  private timer: NodeJS.Timeout | null = null
  private running: Promise<Reminder[]> | null = null
  private readonly log: Logger

  constructor(private readonly d: DutyServiceDeps) {
    this.log = d.log ?? silentLogger
    const people = (schemeId: string) => this.people(schemeId)
    this.roster = new RosterService(d.store, people)
    this.attendance = new AttendanceService(d.store, people)
    this.obligations = new ObligationService(d.store, people)
    this.officers = new OfficerAssessmentService(d.store, people)
    this.complaints = new ComplaintService(d.store, d.schemes, d.cases, d.clock, () => d.accounts.list())
    this.contacts = new ContactBook(d.store)
    this.staffingRecords = new StaffingRecords(d.store)
  }

  /**
   * The active accounts working in a scheme, stable order, each with only its grants in that
   * scheme (a town's roster, staffing, roll calls and notice board never list another town's staff).
   */
  async people(schemeId: string): Promise<Person[]> {
    const dflt = this.d.defaultScheme ?? schemeId
    return (await activePeople(this.d.accounts)).flatMap((p) => {
      const grants = p.grants.filter((g) => grantForScheme(g, schemeId, dflt))
      return grants.length ? [{ ...p, grants }] : []
    })
  }

  /** The newest published version of a scheme (404 when unknown). */
  async scheme(schemeId: string): Promise<CompiledScheme> {
    const v = await this.d.schemes.latest(schemeId).catch(() => {
      throw new ServiceError('NOT_FOUND', M('noScheme', { id: schemeId }))
    })
    return this.d.schemes.get(schemeId, v.hash)
  }

  today(scheme?: CompiledScheme): string {
    return localToday(this.d.clock, scheme?.manifest.timezone)
  }

  nowIso(): string {
    return this.d.clock.now().toISOString()
  }

  async staffing(scheme: CompiledScheme): Promise<StaffingReport> {
    return checkStaffing(scheme, await this.people(scheme.manifest.id))
  }

  /** Check staffing now and record the result (dated today): the record the assessment reads. */
  async recordStaffing(scheme: CompiledScheme, by: string) {
    const report = await this.staffing(scheme)
    const record = await this.staffingRecords.record(scheme, report, this.today(scheme), by, this.nowIso())
    return { record, report }
  }

  /** The public notice board: definitions, officers' names and office phones, today's shifts. */
  async notice(scheme: CompiledScheme) {
    const people = await this.people(scheme.manifest.id)
    const date = this.today(scheme)
    const phones = await this.contacts.phones(people.map((p) => p.username))
    let onDuty: Array<{ name: string; people: string[] }> | null = null
    if (scheme.defs.duty?.roster) {
      const d = await this.roster.onDuty(scheme, date)
      if (d.rosterGenerated && d.workday) onDuty = d.shifts.map((s) => ({ name: s.name, people: s.people.map((p) => p.name) }))
    }
    return buildNotice(scheme, people, phones, onDuty, date)
  }

  /** One pass over every scheme with obligations: create started tasks, raise due reminders once. */
  tick(): Promise<Reminder[]> {
    if (!this.running) this.running = this.exclusivePass().finally(() => (this.running = null))
    return this.running
  }

  /** Instances sharing a PostgreSQL store take turns (runtime/store/shared.ts); one finding the pass taken skips it. */
  private async exclusivePass(): Promise<Reminder[]> {
    const jobs = exclusiveJobs(this.d.store)
    if (!jobs) return this.pass()
    const r = await jobs.runExclusive('duty', () => this.pass())
    return r.ran ? r.value : []
  }

  private async pass(): Promise<Reminder[]> {
    const raised: Reminder[] = []
    for (const id of await this.d.schemes.schemeIds()) {
      let scheme: CompiledScheme
      try {
        scheme = await this.scheme(id)
      } catch (err) {
        this.log.warn({ err, schemeId: id }, 'duty: scheme not loaded; its obligations are skipped this pass')
        continue
      }
      if (!scheme.defs.duty?.obligations.length) continue
      raised.push(...(await this.obligations.tick(scheme, this.today(scheme), this.nowIso())))
    }
    if (raised.length && this.d.onRaised) {
      try {
        await this.d.onRaised(raised)
      } catch (err) {
        // notifications are best effort; the reminders are stored
        this.log.error({ err, reminders: raised.length }, 'duty: notifying about raised obligation reminders failed')
      }
    }
    return raised
  }

  start(intervalMs = 60 * 60_000): void {
    const run = () => void this.tick().catch((err: unknown) => this.log.error({ err }, 'duty: obligations pass failed; retrying at the next one'))
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
