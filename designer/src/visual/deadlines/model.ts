/**
 * The time-limit table's model, React-free: what each Select offers (the workflow's events by their
 * Chinese names, the date fields of their forms by title, the rule sets that pick a clock), the
 * start date's three forms as one choice, and a new clock with a fresh id. Edits return changed
 * copies; members this table does not show (source, when, description…) are kept as they were.
 */
import type { SchemeInfo, MachineInfo, FormInfo } from '../../engine/protocol'
import type { Lang } from '../../i18n'

/** A clock as the file holds it; unknown members pass through. */
export interface Clock {
  id: string
  name: string
  nameEn?: string
  description?: string
  machine: string
  days: number
  unit: 'workday' | 'calendar'
  start: {
    events?: string[]
    state?: string
    dateField?: string
    dateFrom?: { event: string; field: string }
    when?: { field: string; equals: unknown }
    [k: string]: unknown
  }
  stop: { events?: string[]; states?: string[]; [k: string]: unknown }
  selectedBy?: string
  warnBefore: number
  urge: { after: number; every: number; [k: string]: unknown }
  source?: string
  [k: string]: unknown
}
export interface DeadlinesDoc {
  kind: 'deadlines'
  clocks: Clock[]
  [k: string]: unknown
}

export interface Option {
  value: string
  label: string
  /** Shown greyed with the reason (e.g. a field not on every starting event's form). */
  note?: string
}

const nameIn = (o: { name: string; nameEn?: string }, lang: Lang) => (lang === 'en' ? (o.nameEn ?? o.name) : o.name)

export const machineOf = (info: SchemeInfo | null, id: string): MachineInfo | undefined => info?.machines.find((m) => m.id === id)

export function machineOptions(info: SchemeInfo | null, lang: Lang): Option[] {
  return (info?.machines ?? []).map((m) => ({ value: m.id, label: nameIn(m, lang) }))
}

/** The machine's events by name, in the workflow's order. */
export function eventOptions(info: SchemeInfo | null, machine: string, lang: Lang): Option[] {
  const m = machineOf(info, machine)
  return m ? Object.entries(m.events).map(([id, e]) => ({ value: id, label: nameIn(e, lang) })) : []
}

export function stateOptions(info: SchemeInfo | null, machine: string, lang: Lang): Option[] {
  const m = machineOf(info, machine)
  return m?.stateInfo ? Object.entries(m.stateInfo).map(([id, s]) => ({ value: id, label: nameIn(s, lang) })) : []
}

export const eventName = (info: SchemeInfo | null, machine: string, event: string, lang: Lang): string => {
  const e = machineOf(info, machine)?.events[event]
  return e ? nameIn(e, lang) : event
}

/** Rule sets that produce a clock (what `selectedBy` may name). */
export function selectorOptions(info: SchemeInfo | null): Option[] {
  return (info?.ruleSets ?? []).filter((r) => r.produces === 'clock').map((r) => ({ value: r.id, label: r.name }))
}

/** The date fields of a form (type string, format date), by title. */
export function dateFields(form: FormInfo | undefined): Array<{ id: string; title: string }> {
  const props = (form?.schema as { properties?: Record<string, { type?: unknown; format?: string; title?: string }> } | undefined)?.properties ?? {}
  return Object.entries(props)
    .filter(([, p]) => p && p.format === 'date' && (p.type === 'string' || (Array.isArray(p.type) && p.type.includes('string'))))
    .map(([id, p]) => ({ id, title: p.title ?? id }))
}

const formOfEvent = (info: SchemeInfo | null, machine: string, event: string): FormInfo | undefined => {
  const f = machineOf(info, machine)?.events[event]?.form
  return f ? info?.forms.find((x) => x.id === f) : undefined
}

/**
 * The start date as one choice: '' the day of the starting event; `field:<id>` a date field of the
 * starting event's form (start.dateField); `from:<event>:<field>` a date field of another event's
 * form (start.dateFrom).
 */
export type StartChoice = string

export function startChoice(c: Clock): StartChoice {
  if (c.start.dateFrom) return `from:${c.start.dateFrom.event}:${c.start.dateFrom.field}`
  if (c.start.dateField) return `field:${c.start.dateField}`
  return ''
}

/**
 * What the start-date Select offers, grouped: the date fields of the starting events' forms (a
 * field missing from one of those forms is marked: the engine would refuse it), then the date
 * fields of every other event's form.
 */
export function startOptions(
  info: SchemeInfo | null,
  c: Clock,
  lang: Lang,
  words: { eventDay: string; notOn: string },
): Array<{ label: string; options: Option[] }> {
  const events = c.start.events ?? []
  const own = new Map<string, { title: string; on: string[] }>()
  for (const e of events) {
    for (const f of dateFields(formOfEvent(info, c.machine, e))) {
      const x = own.get(f.id) ?? { title: f.title, on: [] }
      x.on.push(e)
      own.set(f.id, x)
    }
  }
  const withForm = events.filter((e) => formOfEvent(info, c.machine, e))
  const ownOpts: Option[] = [{ value: '', label: words.eventDay }]
  for (const [id, f] of own) {
    const missing = withForm.filter((e) => !f.on.includes(e))
    ownOpts.push({
      value: `field:${id}`,
      label: f.title,
      ...(missing.length ? { note: words.notOn.replace('{events}', missing.map((e) => eventName(info, c.machine, e, lang)).join('、')) } : {}),
    })
  }
  // the current value stays listed even when the draft no longer has it
  if (c.start.dateField && !own.has(c.start.dateField))
    ownOpts.push({
      value: `field:${c.start.dateField}`,
      label: c.start.dateField,
      note: words.notOn.replace('{events}', events.map((e) => eventName(info, c.machine, e, lang)).join('、')),
    })
  const other: Option[] = []
  const m = machineOf(info, c.machine)
  for (const e of Object.keys(m?.events ?? {})) {
    for (const f of dateFields(formOfEvent(info, c.machine, e)))
      other.push({ value: `from:${e}:${f.id}`, label: `${eventName(info, c.machine, e, lang)} · ${f.title}` })
  }
  if (c.start.dateFrom && !other.some((o) => o.value === startChoice(c)))
    other.push({ value: startChoice(c), label: `${c.start.dateFrom.event} · ${c.start.dateFrom.field}` })
  return [
    { label: 'own', options: ownOpts },
    { label: 'other', options: other },
  ]
}

/** The clock with its start date set from a choice (dateField and dateFrom never both). */
export function withStartChoice(c: Clock, choice: StartChoice): Clock {
  const start = { ...c.start }
  delete start.dateField
  delete start.dateFrom
  if (choice.startsWith('field:')) start.dateField = choice.slice(6)
  else if (choice.startsWith('from:')) {
    const [, event, field] = choice.split(':') as [string, string, string]
    start.dateFrom = { event, field }
  }
  return { ...c, start }
}

/** Set a list member (start.events, stop.states…); an empty list is dropped unless the object needs one member. */
export function withList<K extends 'start' | 'stop'>(c: Clock, part: K, key: string, values: string[]): Clock {
  const obj: Record<string, unknown> = { ...c[part] }
  if (values.length) obj[key] = values
  else delete obj[key]
  // stop needs one member (minProperties 1): an empty events list says "nothing stops it" as the file did
  if (part === 'stop' && Object.keys(obj).length === 0) obj.events = []
  return { ...c, [part]: obj }
}

/** A fresh id `clock_N` not used by any clock. */
export function freshId(clocks: ReadonlyArray<{ id: string }>, stem = 'clock'): string {
  const used = new Set(clocks.map((c) => c.id))
  for (let n = clocks.length + 1; ; n++) if (!used.has(`${stem}_${n}`)) return `${stem}_${n}`
}

/**
 * A new clock like the last one of the same workflow (its events, warning and urging), with a
 * fresh id and a name the user then types.
 */
export function newClock(doc: DeadlinesDoc, info: SchemeInfo | null, name: string): Clock {
  const like = doc.clocks[doc.clocks.length - 1]
  const machine = like?.machine ?? info?.machines[0]?.id ?? ''
  const firstEvent = Object.keys(machineOf(info, machine)?.events ?? {})[0]
  return {
    id: freshId(doc.clocks),
    name,
    machine,
    days: like?.days ?? 15,
    unit: like?.unit ?? 'workday',
    start: like?.start.events?.length ? { events: [...like.start.events] } : firstEvent ? { events: [firstEvent] } : { events: [] },
    stop: like?.stop.events ? { events: [...like.stop.events] } : { events: [] },
    warnBefore: like?.warnBefore ?? 3,
    urge: { after: like?.urge.after ?? 0, every: like?.urge.every ?? 3 },
  }
}
