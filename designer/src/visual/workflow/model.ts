/**
 * The workflow editor's model, pure: a machine's states with their display names and the events
 * each accepts (with targets), the event catalogue's members an administrator changes (name, roles,
 * form, notices, clock control), and the clocks deadlines.json starts and stops on an event or a
 * state — read here, written only in the deadlines file.
 */
import { collectTransitions, pathKey, within } from '../../../../engine/workflow/statetree'
import { workflowSchema } from '../../../../engine/scheme/schemas/workflow'
import type { DraftFiles } from '../kit'

export type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown) => (typeof v === 'string' ? v : '')

export const machinesOf = (doc: unknown): Obj[] => (isObj(doc) && Array.isArray(doc.machines) ? doc.machines.filter(isObj) : [])

export interface StateRow {
  /** Dotted path, the key of `stateInfo` (closed.excluded) */
  key: string
  depth: number
  name: string
  nameEn: string
  stage: string
  /** Pointer of the state node in the machine (…/config/states/closed/states/excluded) */
  pointer: string
  initial: boolean
  final: boolean
  /** Events in the state's own `on`, in file order, each with the targets its transitions go to */
  events: Array<{ event: string; targets: Array<string | null> }>
}

/** The machine's states (root excluded), in document order, with names from `stateInfo`. */
export function statesOf(machine: Obj): StateRow[] {
  const config = isObj(machine.config) ? machine.config : {}
  const info = isObj(machine.stateInfo) ? machine.stateInfo : {}
  const { states, transitions } = collectTransitions(config, '/config')
  const out: StateRow[] = []
  for (const st of states.values()) {
    if (!st.path.length) continue
    const key = pathKey(st.path)
    const si = isObj(info[key]) ? info[key] : {}
    const parent = states.get(pathKey(st.path.slice(0, -1)))
    const events = new Map<string, Array<string | null>>()
    for (const t of transitions) {
      if (pathKey(t.source) !== key) continue
      const targets = events.get(t.event) ?? []
      targets.push(t.target === null ? null : t.target === undefined ? (t.targetText ?? '?') : pathKey(t.target))
      events.set(t.event, targets)
    }
    out.push({
      key,
      depth: st.path.length - 1,
      name: str(si.name),
      nameEn: str(si.nameEn),
      stage: str(si.stage),
      pointer: st.pointer,
      initial: parent?.node.initial === st.path[st.path.length - 1],
      final: st.node.type === 'final',
      events: [...events].map(([event, targets]) => ({ event, targets: [...new Set(targets)] })),
    })
  }
  return out
}

/** Events of the catalogue no state accepts (listed apart, so every event can be edited). */
export function unplacedEvents(machine: Obj): string[] {
  const placed = new Set(statesOf(machine).flatMap((s) => s.events.map((e) => e.event)))
  return Object.keys(isObj(machine.events) ? machine.events : {}).filter((e) => !placed.has(e))
}

/** In how many states the event is accepted (editing it changes it in all of them). */
export function statesAccepting(machine: Obj, event: string): string[] {
  return statesOf(machine)
    .filter((s) => s.events.some((e) => e.event === event))
    .map((s) => s.key)
}

/** The machine with state `key`'s display member set: an emptied nameEn is removed; a new entry is made when needed. */
export function setStateInfo(doc: Obj, mi: number, key: string, member: 'name' | 'nameEn', value: string): Obj {
  const next = structuredClone(doc)
  const m = machinesOf(next)[mi]!
  if (!isObj(m.stateInfo)) m.stateInfo = {}
  const info = m.stateInfo as Obj
  const entry = isObj(info[key]) ? (info[key] as Obj) : undefined
  if (member === 'nameEn' && !value) {
    if (entry) delete entry.nameEn
    return next
  }
  if (entry) entry[member] = value
  else info[key] = member === 'name' ? { name: value } : { name: key, nameEn: value }
  return next
}

/** The machine with event `ev`'s member set, or removed when `value` is undefined. */
export function setEventMember(doc: Obj, mi: number, ev: string, member: string, value: unknown): Obj {
  const next = structuredClone(doc)
  const m = machinesOf(next)[mi]!
  const e = (m.events as Obj)[ev] as Obj
  if (value === undefined) delete e[member]
  else e[member] = value
  return next
}

// ---------------------------------------------------------------- schema enums

const eventItem = () =>
  (workflowSchema.properties.machines.items.properties.events as unknown as { additionalProperties: { properties: Record<string, Obj> } }).additionalProperties
    .properties
/** The clock controls an event may carry (pause, resume, restart), from the engine's schema. */
export const clockControls = (): string[] => [...((eventItem().clockControl?.enum as string[] | undefined) ?? [])]
const notifyItem = () => (eventItem().notify as { items: { properties: Record<string, Obj> } }).items.properties
/** Notice kinds and recipients, from the engine's schema. */
export const notifyKinds = (): string[] => [...((notifyItem().kind?.enum as string[] | undefined) ?? [])]
export const notifyRecipients = (): string[] => [...(((notifyItem().to?.items as Obj | undefined)?.enum as string[] | undefined) ?? [])]
export const notifyMax = (): number => Number((eventItem().notify as Obj).maxItems ?? 10)

export interface Notice {
  kind: string
  to: string[]
  when?: { field: string; value: string | number | boolean }
  message: string
  messageEn?: string
  [k: string]: unknown
}

/** A notice list as written: empty `when`/`messageEn` left out; no notices → the member is removed (undefined). */
export function cleanNotices(list: Notice[]): Notice[] | undefined {
  if (!list.length) return undefined
  return list.map((n) => {
    const out: Notice = { ...n }
    if (!out.when || !out.when.field) delete out.when
    if (!out.messageEn) delete out.messageEn
    return out
  })
}

// ---------------------------------------------------------------- clocks (deadlines.json, read only here)

export interface ClockRef {
  file: string
  index: number
  id: string
  name: string
  nameEn: string
}

/** Clocks of machine `machineId` in the draft's deadlines files that `ev` starts or stops. */
export function clocksOfEvent(draft: DraftFiles, machineId: string, ev: string): { starts: ClockRef[]; stops: ClockRef[] } {
  const starts: ClockRef[] = []
  const stops: ClockRef[] = []
  eachClock(draft, machineId, (c, ref) => {
    const start = isObj(c.start) ? c.start : {}
    const stop = isObj(c.stop) ? c.stop : {}
    if (Array.isArray(start.events) && start.events.includes(ev)) starts.push(ref)
    if (Array.isArray(stop.events) && stop.events.includes(ev)) stops.push(ref)
  })
  return { starts, stops }
}

/** Clocks started on entering the state (or a state inside it) and stopped by entering it. */
export function clocksOfState(draft: DraftFiles, machineId: string, state: string): { starts: ClockRef[]; stops: ClockRef[] } {
  const starts: ClockRef[] = []
  const stops: ClockRef[] = []
  eachClock(draft, machineId, (c, ref) => {
    const start = isObj(c.start) ? c.start : {}
    const stop = isObj(c.stop) ? c.stop : {}
    if (typeof start.state === 'string' && within(state, start.state)) starts.push(ref)
    if (Array.isArray(stop.states) && stop.states.some((s) => typeof s === 'string' && within(state, s))) stops.push(ref)
  })
  return { starts, stops }
}

function eachClock(draft: DraftFiles, machineId: string, fn: (c: Obj, ref: ClockRef) => void): void {
  for (const f of draft.files) {
    if (f.kind !== 'deadlines' || !isObj(f.doc) || !Array.isArray(f.doc.clocks)) continue
    f.doc.clocks.forEach((c, index) => {
      if (!isObj(c) || c.machine !== machineId) return
      fn(c, { file: f.file, index, id: str(c.id), name: str(c.name) || str(c.id), nameEn: str(c.nameEn) })
    })
  }
}

/** The form fields of form `id` (for a notice's "only when"), from the draft's forms files. */
export function formFieldsOf(draft: DraftFiles, id: string): Array<{ name: string; title: string; type: string }> {
  for (const doc of draft.docsOf<Obj>('forms')) {
    const form = (Array.isArray(doc.forms) ? doc.forms : []).find((f) => isObj(f) && f.id === id) as Obj | undefined
    const props = form && isObj(form.schema) && isObj(form.schema.properties) ? form.schema.properties : undefined
    if (props)
      return Object.entries(props)
        .filter(([, p]) => isObj(p))
        .map(([name, p]) => ({ name, title: str((p as Obj).title) || name, type: str((p as Obj).type) }))
  }
  return []
}
