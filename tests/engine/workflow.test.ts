/**
 * The case workflow of the real scheme, step by step through prepareEvent + transition: triage
 * outcomes land in their states, the village clock runs to the hand-computed due date, guards
 * refuse what they should, and pausing moves the due date by the working days paused.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initialSnapshot, prepareEvent, transition, type CaseContext, type CompiledScheme, type StepResult } from '../../engine'
import { loadGalutu } from '../helpers/scheme'

let scheme: CompiledScheme
beforeAll(async () => {
  scheme = await loadGalutu()
})

const intake = {
  petitionerName: '测试',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇',
  receivedOn: '2026-09-29',
  category: '养老及其他农村牧区社会保险',
  level: 'village',
}

async function step(snapshot: unknown, context: CaseContext | null, type: string, at: string, form?: Record<string, unknown>) {
  const prepared = await prepareEvent(scheme, 'case', context, { type, at, by: 'officer1', form })
  if (!prepared.ok) return { ok: false as const, problems: prepared.problems }
  return transition(scheme, 'case', snapshot, prepared.event)
}

async function run(events: Array<[string, string, Record<string, unknown>?]>): Promise<StepResult> {
  let snap: unknown = initialSnapshot(scheme, 'case')
  let ctx: CaseContext | null = null
  let last: StepResult | null = null
  for (const [type, at, form] of events) {
    const r = await step(snap, ctx, type, at, form)
    if (!r.ok) throw new Error(`${type} on ${at}: ${JSON.stringify(r.problems)}`)
    snap = r.result.snapshot
    ctx = r.result.context
    last = r.result
  }
  return last!
}

describe('case workflow', () => {
  it.each([
    [{}, 'assigning'],
    [{ officer: '张三' }, 'handling'],
    [{ inEnforcementStage: true }, 'assigning'],
    [{ inJudicialProcess: true }, 'closed.excluded'],
    [{ answerableOnSpot: true }, 'closed.answeredOnSpot'],
    [{ legalChannel: 'arbitration' }, 'closed.legalChannel'],
    [{ acceptsProxy: false }, 'closed.declined'],
  ])('REGISTER %j → %s', async (extra, state) => {
    const r = await run([['REGISTER', '2026-09-29', { ...intake, ...extra }]])
    expect(r.state).toBe(state)
  })

  it('a proxied village matter starts its 5-working-day clock: due 2026-10-12', async () => {
    const r = await run([['REGISTER', '2026-09-29', { ...intake, officer: '张三' }]])
    expect(r.context.decision?.group).toBe('劳动社会保障组')
    expect(r.context.officer?.name).toBe('张三')
    expect(r.context.clocks.handling_village).toMatchObject({ status: 'running', startedOn: '2026-09-29', dueDate: '2026-10-12' })
    expect(Object.keys(r.context.clocks)).toEqual(['handling_village'])
  })

  it('a multi-department matter waits for the settled solution, then counts 30 working days from it', async () => {
    const registered = await run([['REGISTER', '2026-09-29', { ...intake, level: 'multi_department', officer: '张三' }]])
    expect(registered.context.clocks).toEqual({})
    const settled = await run([
      ['REGISTER', '2026-09-29', { ...intake, level: 'multi_department', officer: '张三' }],
      ['SETTLE_SOLUTION', '2026-10-09', { solutionSettledOn: '2026-10-09', solution: '协调社保部门补发' }],
    ])
    // 30 working days after 2026-10-09: 10-10, 10-12..16, 10-19..23, 10-26..30, 11-02..06, 11-09..13, 11-16..19.
    expect(settled.context.clocks.handling_multi_department).toMatchObject({ status: 'running', startedOn: '2026-10-09', dueDate: '2026-11-19' })
  })

  it('refuses an event the state does not accept', async () => {
    const registered = await run([['REGISTER', '2026-09-29', { ...intake, officer: '张三' }]])
    const r = await step(registered.snapshot, registered.context, 'ARCHIVE', '2026-09-30', { archivedOn: '2026-09-30' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.code).toMatch(/EVENT_NOT_ALLOWED|INPUT_INVALID/)
  })

  it('refuses CONCLUDE while a dispatched unit has not replied, then concludes and stops the clock', async () => {
    const dispatched = await run([
      ['REGISTER', '2026-09-29', { ...intake, officer: '张三' }],
      ['DISPATCH', '2026-09-30', { sentOn: '2026-09-30', units: ['shehuishiwu'], matter: '核实养老保险待遇' }],
    ])
    const conclude = { concludedOn: '2026-10-13', result: '已补发', resolved: true }
    const refused = await step(dispatched.snapshot, dispatched.context, 'CONCLUDE', '2026-10-13', conclude)
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.problems[0]!.code).toBe('GUARD_REFUSED')
    const done = await run([
      ['REGISTER', '2026-09-29', { ...intake, officer: '张三' }],
      ['DISPATCH', '2026-09-30', { sentOn: '2026-09-30', units: ['shehuishiwu'], matter: '核实养老保险待遇' }],
      ['RECORD_REPLY', '2026-10-09', { unit: 'shehuishiwu', repliedOn: '2026-10-09', result: '已核实' }],
      ['CONCLUDE', '2026-10-13', conclude],
    ])
    expect(done.state).toBe('feedback')
    // Concluded one day after the due date 2026-10-12: late.
    expect(done.context.clocks.handling_village).toMatchObject({ status: 'stopped', stoppedOn: '2026-10-13', late: true })
  })

  it('pausing Thursday 10-08 and resuming Monday 10-12 moves the due date by 3 working days', async () => {
    const r = await run([
      ['REGISTER', '2026-09-29', { ...intake, officer: '张三' }],
      ['PAUSE_CLOCK', '2026-10-08', { reason: 'awaiting_materials' }],
      ['RESUME_CLOCK', '2026-10-12', {}],
    ])
    // Paused working days in (10-08, 10-12]: 10-09, 10-10 (调休), 10-12 → 3; 10-12 + 3 → 10-15.
    expect(r.context.clocks.handling_village).toMatchObject({ status: 'running', pausedDays: 3, dueDate: '2026-10-15' })
  })

  it('pausing and resuming on the same day leaves the due date unchanged', async () => {
    const r = await run([
      ['REGISTER', '2026-09-29', { ...intake, officer: '张三' }],
      ['PAUSE_CLOCK', '2026-10-09', { reason: 'awaiting_materials' }],
      ['RESUME_CLOCK', '2026-10-09', {}],
    ])
    expect(r.context.clocks.handling_village).toMatchObject({ status: 'running', pausedDays: 0, dueDate: '2026-10-12' })
  })
})
