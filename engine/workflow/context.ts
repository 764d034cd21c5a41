/** The case context every machine built from a workflow definition carries. Plain JSON only. */
import type { Decision } from '../decide/types'

export interface ClockState {
  clock: string
  name: string
  status: 'running' | 'paused' | 'stopped'
  startedOn: string
  /** The day the clock was set on the case (its event's day): later than startedOn for a back-dated start. Absent on cases from before it was kept. */
  setOn?: string
  days: number
  unit: 'workday' | 'calendar'
  /** Current due date (moves by the working days paused). */
  dueDate: string
  /** Working (or calendar) days paused so far. */
  pausedDays: number
  pausedSince: string | null
  pauses: Array<{ from: string; to: string | null; reason: string }>
  stoppedOn: string | null
  /** Stopped after its due date */
  late: boolean | null
}

export interface DispatchRecord {
  id: string
  unit: string
  sentOn: string
  matter: string
  requirement?: string
  leaderInstruction?: string
  replies: Array<{ repliedOn: string; result: string; at: string; by: string }>
  urgings: Array<{ at: string; by: string; content: string }>
}

export interface EventRecord {
  seq: number
  event: string
  at: string
  by: string
  form?: Record<string, unknown>
  /** State path after the event */
  state?: string
}

export interface CaseContext {
  facts: Record<string, unknown>
  decision: Decision | null
  officer: { name: string; chosenByPetitioner: boolean } | null
  dispatches: DispatchRecord[]
  records: EventRecord[]
  clocks: Record<string, ClockState>
  /** Outcome of handling, for reports: concluded, resolved, satisfied, escalated, reviews upheld */
  outcome: {
    concludedOn: string | null
    resolved: boolean | null
    satisfied: boolean | null
    escalatedTo: string | null
    reviewsUpheld: number
    archivedOn: string | null
  }
}

/** An event as the engine's machines receive it: type, the day it happens, who, the form, the decision. */
export interface CaseEvent {
  type: string
  /** Local date (Asia/Shanghai) the event happens on, supplied by the runtime's clock. */
  at: string
  /** Who sent it (account id or name). */
  by: string
  form?: Record<string, unknown>
  /** Attached by `prepareEvent` for events with `decide: true`. */
  decision?: Decision
}

export function emptyContext(): CaseContext {
  return {
    facts: {},
    decision: null,
    officer: null,
    dispatches: [],
    records: [],
    clocks: {},
    outcome: { concludedOn: null, resolved: null, satisfied: null, escalatedTo: null, reviewsUpheld: 0, archivedOn: null },
  }
}
