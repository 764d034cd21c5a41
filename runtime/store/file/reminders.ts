/**
 * Counters (nextSequence) and reminders of the file store: held in memory, each change one journal
 * line; the checkpoint snapshots them (./checkpoint.ts), recovery replays them (./recovery.ts).
 */
import type { Reminder } from '../types'
import type { FileCore } from './core'
import { checkReminder } from './lines'

export class FileCounters {
  values = new Map<string, number>()

  constructor(private readonly core: FileCore) {}

  reset(): void {
    this.values = new Map()
  }

  async nextSequence(name: string): Promise<number> {
    const core = this.core
    core.assertWritable()
    if (typeof name !== 'string' || name === '') throw new TypeError('nextSequence: name must be a non-empty string')
    // reserved synchronously, so concurrent callers never share a value; a crash may skip one
    const value = (this.values.get(name) ?? 0) + 1
    this.values.set(name, value)
    return core.track(core.commit({ op: 'seq', name, value }, [], null, () => {}).then(() => value))
  }
}

export class FileReminders {
  all = new Map<string, Reminder>()
  private byCase = new Map<string, Set<string>>()
  private pending = new Set<string>()

  constructor(private readonly core: FileCore) {}

  reset(): void {
    this.all = new Map()
    this.byCase = new Map()
    this.pending = new Set()
  }

  put(r: Reminder): void {
    this.all.set(r.id, r)
    let ids = this.byCase.get(r.caseId)
    if (!ids) this.byCase.set(r.caseId, (ids = new Set()))
    ids.add(r.id)
  }

  async raiseReminders(reminders: Reminder[]): Promise<Reminder[]> {
    const core = this.core
    core.assertWritable()
    if (!Array.isArray(reminders)) throw new TypeError('raiseReminders: reminders must be an array')
    const fresh: Reminder[] = []
    const seen = new Set<string>()
    reminders.forEach((value, i) => {
      const r = checkReminder(value, i)
      if (seen.has(r.id) || this.all.has(r.id) || this.pending.has(r.id)) return
      seen.add(r.id)
      fresh.push(r)
    })
    if (fresh.length === 0) return []
    for (const r of fresh) this.pending.add(r.id)
    const run = core
      .commit({ op: 'rem', reminders: fresh }, [], null, () => {
        for (const r of fresh) this.put(r)
      })
      .then(() => fresh.map((r) => ({ ...r })))
      .finally(() => {
        for (const r of fresh) this.pending.delete(r.id)
      })
    return core.track(run)
  }

  async listReminders(filter: { caseId?: string; open?: boolean }): Promise<Reminder[]> {
    this.core.assertOpen()
    const f = filter ?? {}
    let source: Iterable<Reminder>
    if (f.caseId !== undefined) {
      const ids = this.byCase.get(f.caseId)
      source = ids ? [...ids].map((id) => this.all.get(id)!).filter(Boolean) : []
    } else {
      source = this.all.values()
    }
    const out: Reminder[] = []
    for (const r of source) {
      const isOpen = !r.acknowledgedBy
      if (f.open === true && !isOpen) continue
      if (f.open === false && isOpen) continue
      out.push({ ...r })
    }
    return out
  }

  /** Acknowledges an open reminder. False when the id is unknown or it was already acknowledged. */
  async acknowledgeReminder(id: string, by: string): Promise<boolean> {
    const core = this.core
    core.assertWritable()
    if (typeof by !== 'string' || by === '') throw new TypeError('acknowledgeReminder: by must be a non-empty string')
    return core.track(
      core.fileLocks.run('reminder:' + id, async () => {
        core.assertNotFailed()
        const r = this.all.get(id)
        if (!r || r.acknowledgedBy) return false
        await core.commit({ op: 'ack', id, by, at: new Date().toISOString() }, [], null, () => {
          this.all.set(id, { ...r, acknowledgedBy: by })
        })
        return true
      }),
    )
  }
}
