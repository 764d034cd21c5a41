/**
 * A clock counting from another event's date (`start.dateFrom`, issue #16) names an event of its
 * workflow whose form has that field, and the field is a date; `dateFrom` and `dateField` are not
 * given together (the start date would be ambiguous).
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { formFields } from '../form-fields'

export const clockDates: CrossCheck = {
  name: 'a clock counts from a date field of an event of its workflow',
  kinds: ['deadlines', 'workflow', 'forms'],
  run: clockDatesExist,
}

function clockDatesExist({ s, at }: CheckContext): void {
  for (const c of s.defs.deadlines.clocks) {
    const from = c.start.dateFrom
    if (!from) continue
    if (c.start.dateField)
      at(c, '/start/dateFrom', 'SCHEMA', {
        detail: 'dateFrom 与 dateField 不能同时指定：起算日期只能有一个来源',
        detailEn: 'Give dateFrom or dateField, not both: the start date has one source',
      })
    const m = s.machineDefs.get(c.machine)
    if (!m) continue // UNKNOWN_MACHINE, from the deadlines kind
    const ev = m.events[from.event]
    if (!ev) {
      at(c, '/start/dateFrom/event', 'UNKNOWN_EVENT', { machine: m.id, event: from.event })
      continue
    }
    const f = ev.form ? s.form(ev.form) : undefined
    if (!f || !f.fields.has(from.field)) {
      at(c, '/start/dateFrom/field', 'UNKNOWN_FORM_FIELD', { form: ev.form ?? from.event, field: from.field })
      continue
    }
    const schema = formFields(f.schema)[from.field]
    if (schema && schema.format !== 'date')
      at(c, '/start/dateFrom/field', 'FIELD_TYPE', { form: f.def.id, field: from.field, type: '日期（format: date）', typeEn: 'a date (format: date)' })
  }
}
