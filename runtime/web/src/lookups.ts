/** Names for ids, from the scheme version a case runs on: units, channels, events, states, forms. */
import type { CaseView, DispatchRecord, EventRecord, FormDef, WorkflowDef } from './api'
import type { SchemeBundle } from './data'
import type { I18n } from './i18n'
import { stageInfo, stateInfoOf } from './schemaUtil'
import { roleValue } from '../kit/forms/roles'

export interface Lookups {
  workflow: WorkflowDef | undefined
  unitName(id: string | null | undefined): string
  channelName(id: string | null | undefined): string
  levelName(id: string | null | undefined): string
  eventLabel(type: string): string
  formOfEvent(type: string): FormDef | undefined
  form(id: string | undefined): FormDef | undefined
  stateLabel(state: string): string
  stageLabel(stage: string): string
  /** The record that created a dispatch (its event's form labels the dispatch's fields) */
  dispatchRecord(d: DispatchRecord): EventRecord | undefined
}

export function lookups(bundle: SchemeBundle | undefined, machine: string, i18n: Pick<I18n, 'label'>, records: EventRecord[] = []): Lookups {
  const org = bundle?.scheme.org
  const byId = <T extends { id: string; name: string; nameEn?: string }>(list: T[] | undefined) => {
    const m = new Map((list ?? []).map((x) => [x.id, x]))
    return (id: string | null | undefined) => (id ? i18n.label(m.get(id), id) : '')
  }
  const workflow = bundle?.workflows.find((w) => w.id === machine) ?? bundle?.workflows[0]
  const form = (id: string | undefined) => (id ? bundle?.forms.find((f) => f.id === id) : undefined)
  return {
    workflow,
    unitName: byId(org?.units),
    channelName: byId(org?.channels),
    levelName: byId(org?.levels),
    eventLabel: (type) => i18n.label(workflow?.events[type], type),
    formOfEvent: (type) => form(workflow?.events[type]?.form),
    form,
    stateLabel: (state) => i18n.label(stateInfoOf(workflow, state)),
    stageLabel: (stage) => i18n.label(stageInfo(workflow, stage)),
    // the record whose form's units (or unit), date sent and matter, read by role, are the dispatch's
    dispatchRecord: (d) =>
      records.find((r) => {
        const schema = form(workflow?.events[r.event]?.form)?.schema
        const f = r.form ?? {}
        const many = roleValue(schema, f, 'units')
        const one = roleValue(schema, f, 'unit')
        const units = Array.isArray(many) ? many : typeof one === 'string' ? [one] : []
        return roleValue(schema, f, 'sentOn') === d.sentOn && roleValue(schema, f, 'matter') === d.matter && units.includes(d.unit)
      }),
  }
}

/** Stages the case went through, in order, and the one it is in. */
export function visitedStages(c: CaseView, wf: WorkflowDef | undefined): string[] {
  const out: string[] = []
  for (const r of c.context.records ?? []) {
    if (!r.state) continue
    const st = stateInfoOf(wf, r.state).stage
    if (!out.includes(st)) out.push(st)
  }
  if (!out.includes(c.stage)) out.push(c.stage)
  return out
}
