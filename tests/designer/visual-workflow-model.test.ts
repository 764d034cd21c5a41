/** The workflow editor's model on the real Galutu workflow and deadlines: states, events, edits, clocks. */
import { describe, expect, it } from 'vitest'
import {
  cleanNotices,
  clockControls,
  clocksOfEvent,
  clocksOfState,
  formFieldsOf,
  machinesOf,
  notifyKinds,
  notifyRecipients,
  setEventMember,
  setStateInfo,
  statesAccepting,
  statesOf,
  unplacedEvents,
  type Obj,
} from '../../designer/src/visual/workflow/model'
import { changedLeaves, fileOf, galutuDraft } from './visual-org-wf-draft'

const wf = fileOf('workflow').doc as Obj
const deadlines = fileOf('deadlines').doc as {
  clocks: Array<{ id: string; machine: string; start: { events?: string[]; state?: string }; stop: { events?: string[]; states?: string[] } }>
}
const [caseM, complaint] = machinesOf(wf) as [Obj, Obj]

describe('statesOf', () => {
  const states = statesOf(caseM)
  const info = caseM.stateInfo as Record<string, { name: string; nameEn?: string }>
  it('lists every state of the machine with its stateInfo name, nested ones by dotted path', () => {
    expect(states.map((s) => s.key).sort()).toEqual(Object.keys(info).sort())
    for (const s of states) {
      expect(s.name).toBe(info[s.key]!.name)
      expect(s.nameEn).toBe(info[s.key]!.nameEn ?? '')
    }
    expect(states.find((s) => s.key === 'closed.excluded')!.depth).toBe(1)
    expect(states.find((s) => s.key === 'intake')!.initial).toBe(true)
    expect(states.find((s) => s.key === 'closed.excluded')!.initial).toBe(true)
    expect(states.find((s) => s.key === 'archived')!.final).toBe(true)
  })
  it("each state's events are its own `on`, in file order, with their targets", () => {
    const cfg = caseM.config as { states: Record<string, { on?: Record<string, unknown> }> }
    for (const s of states.filter((x) => x.depth === 0)) expect(s.events.map((e) => e.event)).toEqual(Object.keys(cfg.states[s.key]!.on ?? {}))
    const feedback = states.find((s) => s.key === 'feedback')!.events.find((e) => e.event === 'FEEDBACK')!
    expect(feedback.targets).toEqual(['review', 'bannerReview', 'followUp'])
    expect(states.find((s) => s.key === 'handling')!.events.find((e) => e.event === 'DISPATCH')!.targets).toEqual([null])
  })
  it('every catalogue event is in some state (none left apart) and ACCOMPANY is shared', () => {
    expect(unplacedEvents(caseM)).toEqual([])
    expect(statesAccepting(caseM, 'ACCOMPANY')).toEqual(['handling', 'feedback', 'review', 'bannerReview', 'reviewDecided', 'reReview'])
    expect(statesOf(complaint).map((s) => s.key)).toEqual(['received', 'open', 'replied'])
  })
})

describe('edits change only the member edited', () => {
  it('a state renamed', () => {
    const next = setStateInfo(wf, 0, 'handling', 'name', '办理中')
    expect(changedLeaves(wf, next)).toEqual(['/machines/0/stateInfo/handling/name'])
    expect(((machinesOf(wf)[0]!.stateInfo as Obj).handling as Obj).name).toBe('事项办理') // not mutated
  })
  it('an English name emptied is removed; a state without stateInfo gets an entry', () => {
    expect(changedLeaves(wf, setStateInfo(wf, 0, 'handling', 'nameEn', ''))).toEqual(['/machines/0/stateInfo/handling/nameEn'])
    const bare = structuredClone(wf)
    delete (machinesOf(bare)[0]!.stateInfo as Obj).archived
    const named = setStateInfo(bare, 0, 'archived', 'name', '归档完毕')
    expect((machinesOf(named)[0]!.stateInfo as Obj).archived).toEqual({ name: '归档完毕' })
  })
  it("an event's roles, form, clock control; undefined removes the member", () => {
    const roles = setEventMember(wf, 0, 'URGE', 'roles', ['town_officer', 'leader'])
    expect(changedLeaves(wf, roles).sort()).toEqual(
      ['/machines/0/events/URGE/roles/1', '/machines/0/events/URGE/roles/2', '/machines/0/events/URGE/roles/3'].sort(),
    )
    expect(changedLeaves(wf, setEventMember(wf, 0, 'URGE', 'clockControl', 'pause'))).toEqual(['/machines/0/events/URGE/clockControl'])
    expect(changedLeaves(wf, setEventMember(wf, 0, 'URGE', 'roles', undefined))).toEqual(['/machines/0/events/URGE/roles'])
  })
  it('notices: empty when and English text left out; none → the member is removed', () => {
    expect(cleanNotices([])).toBeUndefined()
    expect(cleanNotices([{ kind: 'info', to: ['officer'], message: '{number} 已催办', messageEn: '', when: { field: '', value: '' } }])).toEqual([
      { kind: 'info', to: ['officer'], message: '{number} 已催办' },
    ])
  })
})

describe('schema enums and forms', () => {
  it('come from the engine schema', () => {
    expect(clockControls()).toEqual(['pause', 'resume', 'restart'])
    expect(notifyKinds()).toEqual(['reply', 'review', 'info'])
    expect(notifyRecipients()).toEqual(['officer', 'nextActors', 'units'])
  })
  it("a form's fields from the draft (for a notice's condition)", () => {
    const f = formFieldsOf(galutuDraft(), 'feedback')
    expect(f.find((x) => x.name === 'reviewRequested')).toMatchObject({ type: 'boolean' })
  })
})

describe('clocks (read from deadlines.json)', () => {
  const draft = galutuDraft()
  const expectFor = (pred: (c: (typeof deadlines.clocks)[number]) => boolean) =>
    deadlines.clocks.filter((c) => c.machine === 'case' && pred(c)).map((c) => c.id)
  for (const ev of ['REGISTER', 'CONCLUDE', 'SETTLE_SOLUTION', 'REVIEW_DECISION', 'FOLLOW_UP', 'URGE']) {
    it(`${ev}: the clocks it starts and stops`, () => {
      const got = clocksOfEvent(draft, 'case', ev)
      expect(got.starts.map((c) => c.id)).toEqual(expectFor((c) => !!c.start.events?.includes(ev)))
      expect(got.stops.map((c) => c.id)).toEqual(expectFor((c) => !!c.stop.events?.includes(ev)))
    })
  }
  it('REGISTER starts four, CONCLUDE stops five; the follow-up clock starts on entering followUp', () => {
    expect(clocksOfEvent(draft, 'case', 'REGISTER').starts).toHaveLength(4)
    expect(clocksOfEvent(draft, 'case', 'CONCLUDE').stops).toHaveLength(5)
    expect(clocksOfState(draft, 'case', 'followUp').starts.map((c) => c.id)).toEqual(['follow_up'])
    expect(clocksOfEvent(draft, 'complaint', 'REPLY_COMPLAINT').stops.map((c) => [c.file, c.id, c.name])).toEqual([
      ['deadlines.json', 'service_complaint', '服务投诉处理时限'],
    ])
  })
})
