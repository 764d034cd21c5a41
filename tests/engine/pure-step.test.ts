/**
 * The case machine stepped without actors (engine/workflow/transition.ts `restore` + `step`, as
 * the case service does since #20) gives what an XState actor gave: along every path of the
 * Galutu workflow table (tests/cases/workflow-paths.json), each step's persisted snapshot, state
 * and refusal equal those of an actor restored from the same stored JSON, started, sent the event
 * and stopped (the service before). Also: a state the machine lost, a finished case, and the
 * memoised initial state staying as built.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createActor, type Snapshot } from 'xstate'
import { initialSnapshot, prepareEvent, restore, step, stateToPath, type CaseEvent, type CompiledScheme } from '../../engine'
import { intake, type PathStep } from '../runtime/harness'
import { loadGalutu, readCases } from '../helpers/scheme'

const table = await readCases<{ paths: Array<{ name: string; steps: PathStep[] }> }>('workflow-paths.json')
let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

/** The actor way, as the service did before: restore, start, check, send, persist, stop. */
function byActor(persisted: unknown, event: CaseEvent): { ok: true; snapshot: unknown; state: string } | { ok: false; code: string } {
  const actor = createActor(scheme.machine('case'), { snapshot: persisted as Snapshot<unknown> })
  actor.start()
  try {
    const before = actor.getSnapshot()
    if (before.status === 'done' || !before.can(event)) return { ok: false, code: 'REFUSED' }
    actor.send(event)
    const after = actor.getSnapshot()
    if (after.status === 'error') return { ok: false, code: 'ERROR' }
    return { ok: true, snapshot: actor.getPersistedSnapshot(), state: stateToPath(after.value) }
  } finally {
    actor.stop()
  }
}

const stored = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown

describe('a pure step equals an actor step', () => {
  it.each(table.paths.map((p) => [p.name, p.steps] as const))('%s', async (_name, steps) => {
    let persisted = stored(initialSnapshot(scheme, 'case'))
    let compared = 0
    for (const [i, s] of steps.entries()) {
      const r = restore(scheme, 'case', persisted)
      if (!r.ok) throw new Error(`step ${i}: ${JSON.stringify(r.problems)}`)
      const form = i === 0 ? { ...intake(), ...s.form } : s.form
      const prepared = await prepareEvent(scheme, 'case', r.result.context, { type: s.type, at: s.at, by: 'officer1', form })
      if (!prepared.ok) {
        expect(s.refused, `step ${i} ${s.type}: ${JSON.stringify(prepared.problems)}`).toBeDefined()
        continue
      }
      const pure = step(scheme, 'case', r.result, prepared.event)
      const actor = byActor(persisted, prepared.event)
      expect(pure.ok, `step ${i} ${s.type}`).toBe(actor.ok)
      if (pure.ok && actor.ok) {
        expect(stored(pure.result.snapshot)).toEqual(stored(actor.snapshot))
        expect(pure.result.state).toBe(actor.state)
        if (s.expect?.state) expect(pure.result.state).toBe(s.expect.state)
        persisted = stored(pure.result.snapshot)
        compared++
      } else if (!pure.ok) {
        expect(s.refused, `step ${i} ${s.type} refused: ${pure.problems[0]?.code}`).toBe(pure.problems[0]?.code)
      }
    }
    expect(compared).toBeGreaterThan(0)
  })
})

describe('restore and step refuse what an actor could not do', () => {
  it('a state the workflow no longer has is STATE_MISSING', () => {
    const snap = { ...(stored(initialSnapshot(scheme, 'case')) as Record<string, unknown>), value: 'noSuchState' }
    const r = restore(scheme, 'case', snap)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.code).toBe('STATE_MISSING')
  })

  it('a finished (archived) case accepts no event (EVENT_NOT_ALLOWED)', async () => {
    const go = async (persisted: unknown, type: string, form: Record<string, unknown>) => {
      const r = restore(scheme, 'case', persisted)
      if (!r.ok) throw new Error(JSON.stringify(r.problems))
      const prepared = await prepareEvent(scheme, 'case', r.result.context, { type, at: '2026-03-02', by: 'o', form })
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems))
      return step(scheme, 'case', r.result, prepared.event)
    }
    const archive = { archivedOn: '2026-03-02', archiveNumber: 'GLT-DA-1', keeper: '档案员', intakeForm: true, disposalForms: true, replies: true }
    const excluded = await go(null, 'REGISTER', intake({ inJudicialProcess: true }))
    if (!excluded.ok) throw new Error(JSON.stringify(excluded.problems))
    expect(excluded.result.state).toBe('closed.excluded')
    const archived = await go(stored(excluded.result.snapshot), 'ARCHIVE', archive)
    if (!archived.ok) throw new Error(JSON.stringify(archived.problems))
    expect(archived.result.done).toBe(true)
    const again = await go(stored(archived.result.snapshot), 'ARCHIVE', archive)
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.problems[0]!.code).toBe('EVENT_NOT_ALLOWED')
  })

  it('the initial state is built once and no step changes it', async () => {
    const before = stored(initialSnapshot(scheme, 'case'))
    const fresh = createActor(scheme.machine('case')).start()
    expect(before).toEqual(stored(fresh.getPersistedSnapshot()))
    fresh.stop()
    const prepared = await prepareEvent(scheme, 'case', null, { type: 'REGISTER', at: '2026-03-02', by: 'o', form: intake() })
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems))
    const r = restore(scheme, 'case', null)
    if (!r.ok) throw new Error('initial state')
    const s = step(scheme, 'case', r.result, prepared.event)
    expect(s.ok).toBe(true)
    expect(stored(initialSnapshot(scheme, 'case'))).toEqual(before)
    expect(initialSnapshot(scheme, 'case')).toBe(initialSnapshot(scheme, 'case'))
  })
})
