/**
 * Dates that cannot exist. The kind schemas check a date's shape (YYYY-MM-DD), not the day:
 * `2027-02-30` in a calendar matched no day, so the holiday was silently not kept. Checked in the
 * calendar's holidays and make-up workdays, and in the defaults, constants and examples of form
 * fields whose format is `date`.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { isDate } from '../../calendar/date'
import { walkSchema } from '../kinds/check-kit'

export const realDates: CrossCheck = { name: 'every date in the calendar and in form fields exists', kinds: ['calendar', 'forms'], run: datesExist }

function datesExist({ s, at }: CheckContext): void {
  for (const year of Object.values(s.defs.calendar.years ?? {})) {
    for (const list of ['holidays', 'workdays'] as const) {
      year[list]?.forEach((d, i) => {
        if (!isDate(d.date)) at(year, `/${list}/${i}/date`, 'BAD_DATE', { value: d.date })
      })
    }
  }
  for (const f of s.defs.forms.forms) {
    walkSchema(f.schema, '/schema', (node, ptr) => {
      if (node.format !== 'date') return
      const bad = (v: unknown) => typeof v === 'string' && !isDate(v)
      if (bad(node.default)) at(f, `${ptr}/default`, 'BAD_DATE', { value: node.default })
      if (bad(node.const)) at(f, `${ptr}/const`, 'BAD_DATE', { value: node.const })
      for (const k of ['enum', 'examples'] as const) {
        const list = node[k]
        if (Array.isArray(list))
          list.forEach((v, i) => {
            if (bad(v)) at(f, `${ptr}/${k}/${i}`, 'BAD_DATE', { value: v })
          })
      }
    })
  }
}
