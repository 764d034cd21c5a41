/** Messages between the designer and its engine worker (all plain, structured-cloneable data). */
import type { Problem } from '../lib/problems'

export interface DraftFileText {
  file: string
  text: string
}

export interface FormInfo {
  id: string
  name: string
  nameEn?: string
  description?: string
  /** With org options expanded (what the staff app renders) */
  schema: Record<string, unknown>
  uiSchema: Record<string, unknown>
  file: string
  pointer: string
}

export interface MachineInfo {
  id: string
  name: string
  nameEn?: string
  events: Record<string, { name: string; nameEn?: string; form?: string }>
  stateInfo?: Record<string, { name: string; nameEn?: string; stage?: string }>
  config: Record<string, unknown>
  file: string
  pointer: string
}

export interface ScoringInfo {
  id: string
  name: string
  nameEn?: string
  inputs: Record<string, unknown>
  grades: Array<{ name: string; nameEn?: string; min: number | null }>
}

export interface SchemeInfo {
  schemeId: string
  name: string
  version: string
  forms: FormInfo[]
  machines: MachineInfo[]
  scorings: ScoringInfo[]
  /** The triage rule set's facts form */
  factsForm: string | null
  ruleSets: Array<{ id: string; name: string; produces: string }>
  clocks: Array<{ id: string; name: string; nameEn?: string; days: number; unit: 'workday' | 'calendar' }>
  calendar: { from: string; to: string } | null
  groups: Array<{ id: string; name: string }>
  outcomes: Array<{ id: string; name: string }>
}

export interface LoadReply {
  /** The draft as typed compiles */
  ok: boolean
  problems: Problem[]
  /** Milliseconds spent in loadScheme */
  loadMs: number
  /** Milliseconds in the whole request inside the worker (load + preview info) */
  totalMs: number
  /** Preview information: from this text when its definitions validate, else from the last good draft */
  info: SchemeInfo | null
  /** True when `info` is from an earlier text */
  infoStale: boolean
  /** True when decide/score/calendar previews use an earlier (last compiling) text */
  compiledStale: boolean
  hasCompiled: boolean
}

export type Request =
  | { op: 'load'; files: DraftFileText[]; quick?: boolean }
  | { op: 'decide'; facts: unknown }
  | { op: 'score'; input: unknown; scoring?: string }
  | { op: 'addDays'; date: string; days: number; unit: 'workday' | 'calendar' }
  | { op: 'dayInfo'; date: string }

export interface DayInfo {
  date: string
  workday: boolean
  kind: 'weekday' | 'weekend' | 'holiday' | 'makeup'
  name?: string
}

export interface AddDaysReply {
  due: string | null
  problems: Problem[]
  start: DayInfo | null
  end: DayInfo | null
  /** Every day after the start up to the due date (at most 400) */
  days: DayInfo[]
  calendar: { from: string; to: string }
  /**
   * The due date is counted in working days into a year the calendar has as provisional (no State
   * Council notice yet): shown 暂定, as the engine's decision and the staff app's due dates say.
   */
  provisional?: boolean
}

export type Envelope = { id: number } & Request
export type ReplyEnvelope = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }
