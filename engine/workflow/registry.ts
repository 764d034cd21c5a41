/**
 * Named guards and actions a workflow definition may use. One table each (style.md §6): adding a
 * behaviour means adding an entry here with its params schema; the scheme check refuses any name
 * not listed, and any params that do not fit.
 *
 * Every implementation is pure: it reads the context, the event (which carries the day it happens
 * on, who sent it, its form and, for deciding events, the rules' decision) and its params.
 *
 * An action reads its event's form by field role, never by field name (issue #16 §2): `read(role)`
 * is the value of the field the event's form declares for that role (engine/scheme/field-roles.ts),
 * and `reads` lists the roles it uses, so `validate` refuses a scheme whose event form lacks one
 * the action requires.
 */
import type { CaseContext, CaseEvent, DispatchRecord } from './context'
import type { RoleId } from '../scheme/field-roles'
import { decidedFacts } from '../decide/decided'

type Params = Record<string, unknown>
export interface GuardImpl {
  description: string
  params: Record<string, unknown>
  check: (ctx: CaseContext, event: CaseEvent, params: Params, evalGuard: (g: unknown) => boolean) => boolean
  /**
   * The guard's value before the event's form is known (which actions the case page offers): true
   * or false when the case alone decides it, undefined when the form does. Absent: undefined.
   */
  settle?: (ctx: CaseContext, params: Params, settleGuard: (g: unknown) => boolean | undefined) => boolean | undefined
}
/** The value of the event form's field playing a role (undefined when the form has no such field or value). */
export type ReadRole = (role: RoleId) => unknown

export interface ActionImpl {
  description: string
  params: Record<string, unknown>
  /** The roles it reads from its event's form: a required one must be declared by that form. */
  reads?: Partial<Record<RoleId, 'required' | 'optional'>>
  run: (ctx: CaseContext, event: CaseEvent, params: Params, read: ReadRole) => Partial<CaseContext>
}

const str = { type: 'string' }
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required })
const guardRef = { type: 'object', required: ['type'], properties: { type: str, params: { type: 'object' } }, additionalProperties: false }

/** A guard that reads the case alone: its value is known before the event's form. */
const caseOnly = (f: (ctx: CaseContext, p: Params) => boolean): Pick<GuardImpl, 'check' | 'settle'> => ({
  check: (ctx, _e, p) => f(ctx, p),
  settle: (ctx, p) => f(ctx, p),
})

const filled = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)

export const GUARDS: Record<string, GuardImpl> = {
  triageIs: {
    description: '甄别结果为指定值（由规则集在转移前判定） / the triage outcome decided by the rules equals params.outcome',
    params: obj({ outcome: str }, ['outcome']),
    check: (ctx, ev, p) => (ev.decision ?? ctx.decision)?.outcome === p.outcome,
  },
  formEquals: {
    description: '事件表单字段等于给定值 / a field of the event form equals params.value',
    params: obj({ field: str, value: {} }, ['field', 'value']),
    check: (_c, ev, p) => ev.form?.[String(p.field)] === p.value,
  },
  formHas: {
    description: '事件表单字段已填写 / a field of the event form is filled in',
    params: obj({ field: str }, ['field']),
    check: (_c, ev, p) => filled(ev.form?.[String(p.field)]),
  },
  allOf: {
    description: '全部条件成立 / every listed guard holds',
    params: obj({ guards: { type: 'array', minItems: 1, items: guardRef } }, ['guards']),
    check: (_c, _e, p, evalGuard) => (p.guards as unknown[]).every(evalGuard),
    settle: (_c, p, settleGuard) => {
      const v = (p.guards as unknown[]).map(settleGuard)
      return v.includes(false) ? false : v.every((x) => x === true) ? true : undefined
    },
  },
  anyOf: {
    description: '任一条件成立 / any listed guard holds',
    params: obj({ guards: { type: 'array', minItems: 1, items: guardRef } }, ['guards']),
    check: (_c, _e, p, evalGuard) => (p.guards as unknown[]).some(evalGuard),
    settle: (_c, p, settleGuard) => {
      const v = (p.guards as unknown[]).map(settleGuard)
      return v.includes(true) ? true : v.every((x) => x === false) ? false : undefined
    },
  },
  not: {
    description: '条件不成立 / the guard does not hold',
    params: obj({ guard: guardRef }, ['guard']),
    check: (_c, _e, p, evalGuard) => !evalGuard(p.guard),
    settle: (_c, p, settleGuard) => {
      const v = settleGuard(p.guard)
      return v === undefined ? undefined : !v
    },
  },
  factIn: {
    description:
      "案件事实（本事件之前，规则派生的取值优先于登记的取值）属于给定列表，例如事项层级 / a case fact (as before this event, as decided: a rule's derived value over the typed one) is one of params.values, e.g. the matter level",
    params: obj({ field: str, values: { type: 'array', minItems: 1, items: {} } }, ['field', 'values']),
    ...caseOnly((ctx, p) => (p.values as unknown[]).includes(decidedFacts(ctx.facts, ctx.decision)[String(p.field)])),
  },
  dispatchedTo: {
    description: '表单字段所指单位已派发处置单 / the unit named by a form field has a dispatch',
    params: obj({ field: str }, ['field']),
    check: (ctx, ev, p) => ctx.dispatches.some((d) => d.unit === ev.form?.[String(p.field)]),
    settle: (ctx) => (ctx.dispatches.length ? undefined : false),
  },
  allDispatchesReplied: {
    description: '所有处置单均已答复（未派发时视为成立） / every dispatch has a reply (true when none)',
    params: obj({}),
    ...caseOnly((ctx) => ctx.dispatches.every((d) => d.replies.length > 0)),
  },
  hasRunningClock: {
    description: '有正在计时的时限 / a clock is running',
    params: obj({}),
    ...caseOnly((ctx) => Object.values(ctx.clocks).some((c) => c.status === 'running')),
  },
  hasPausedClock: {
    description: '有暂停的时限 / a clock is paused',
    params: obj({}),
    ...caseOnly((ctx) => Object.values(ctx.clocks).some((c) => c.status === 'paused')),
  },
}

export const ACTIONS: Record<string, ActionImpl> = {
  assignOfficer: {
    description: '从表单中担任代办员角色的字段指定代办员 / set the proxy officer from the form field playing the officer role',
    params: obj({}),
    reads: { officer: 'required', officerChosenByPetitioner: 'optional' },
    run: (_c, _e, _p, read) => ({ officer: { name: String(read('officer') ?? ''), chosenByPetitioner: read('officerChosenByPetitioner') === true } }),
  },
  addDispatch: {
    description: '按处置单向每个单位派发 / add one dispatch per unit of the disposal form',
    params: obj({}),
    reads: { units: 'required', sentOn: 'optional', matter: 'optional', requirement: 'optional', leaderInstruction: 'optional' },
    run: (ctx, ev, _p, read) => {
      const units = (read('units') as string[] | undefined) ?? []
      const added: DispatchRecord[] = units.map((unit, i) => {
        const d: DispatchRecord = {
          id: `D${ctx.dispatches.length + i + 1}`,
          unit,
          sentOn: String(read('sentOn') ?? ev.at),
          matter: String(read('matter') ?? ''),
          replies: [],
          urgings: [],
        }
        if (read('requirement')) d.requirement = String(read('requirement'))
        if (read('leaderInstruction')) d.leaderInstruction = String(read('leaderInstruction'))
        return d
      })
      return { dispatches: [...ctx.dispatches, ...added] }
    },
  },
  recordReply: {
    description: '登记该单位最近一张处置单的答复 / record the reply on the unit’s latest dispatch',
    params: obj({}),
    reads: { unit: 'required', repliedOn: 'optional', result: 'optional' },
    run: (ctx, ev, _p, read) => {
      const unit = read('unit')
      const idx = ctx.dispatches.map((d) => d.unit).lastIndexOf(String(unit))
      if (idx < 0) return {}
      const dispatches = ctx.dispatches.map((d, i) =>
        i === idx
          ? { ...d, replies: [...d.replies, { repliedOn: String(read('repliedOn') ?? ev.at), result: String(read('result') ?? ''), at: ev.at, by: ev.by }] }
          : d,
      )
      return { dispatches }
    },
  },
  recordUrge: {
    description: '在该单位的处置单上记录催办 / record an urging on the unit’s dispatches',
    params: obj({}),
    reads: { unit: 'required', content: 'optional' },
    run: (ctx, ev, _p, read) => {
      const unit = read('unit')
      return {
        dispatches: ctx.dispatches.map((d) =>
          d.unit === unit ? { ...d, urgings: [...d.urgings, { at: ev.at, by: ev.by, content: String(read('content') ?? '') }] } : d,
        ),
      }
    },
  },
  markEscalated: {
    description: '记录已上报 / record the escalation',
    params: obj({ to: str }, ['to']),
    run: (ctx, _e, p) => ({ outcome: { ...ctx.outcome, escalatedTo: String(p.to) } }),
  },
  markConcluded: {
    description: '记录办结日期与是否化解 / record conclusion and whether resolved',
    params: obj({ resolvedField: str }, ['resolvedField']),
    reads: { concludedOn: 'optional' },
    run: (ctx, ev, p, read) => ({
      outcome: { ...ctx.outcome, concludedOn: String(read('concludedOn') ?? ev.at), resolved: ev.form?.[String(p.resolvedField)] === true },
    }),
  },
  markFeedback: {
    description: '记录信访人是否满意 / record satisfaction',
    params: obj({}),
    reads: { satisfied: 'required' },
    run: (ctx, _e, _p, read) => ({ outcome: { ...ctx.outcome, satisfied: read('satisfied') === true } }),
  },
  reopen: {
    description: '复查（复核）有理，退回办理 / review upheld: back to handling',
    params: obj({ stage: str }),
    run: (ctx) => ({ outcome: { ...ctx.outcome, concludedOn: null, resolved: null, satisfied: null, reviewsUpheld: ctx.outcome.reviewsUpheld + 1 } }),
  },
  markArchived: {
    description: '记录归档日期 / record the archive date',
    params: obj({}),
    reads: { archivedOn: 'optional' },
    run: (ctx, ev, _p, read) => ({ outcome: { ...ctx.outcome, archivedOn: String(read('archivedOn') ?? ev.at) } }),
  },
}

/** Delays by name. Empty on purpose: limits spanning days live in the deadlines definition and the
 * scheduler, which survive restarts; an in-memory `after` timer would not. */
export const DELAYS: Record<string, number> = {}
