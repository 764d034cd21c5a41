/** The working calendar: weekends, and per year the State Council holidays and make-up workdays (调休). */
import { calendarSchema } from '../../schemas/calendar'
import type { CalendarDefinition } from '../../types'
import type { CompiledScheme } from '../../compiled'
import { WorkCalendar, checkCalendar } from '../../../calendar/calendar'
import { defineKind } from '../kind'
import { shape, type Handler } from '../diff-kit'

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  if (sh.startsWith('years/') && c.path.length === 2 && c.op !== 'changed') {
    const year = (c.path[1] as { key: string }).key
    const y = (c.op === 'added' ? c.new : c.old) as { holidays?: unknown[]; workdays?: unknown[] }
    return n.entry(c, `日历${c.op === 'added' ? '新增' : '删除'} ${year} 年（${y.holidays?.length ?? 0} 个节假日、${y.workdays?.length ?? 0} 个调休上班日）`)
  }
  const m = /^years\/[^/]+\/(holidays|workdays)\/\[\](\/name)?$/.exec(sh)
  if (m) {
    const noun = m[1] === 'holidays' ? '节假日' : '调休上班日'
    const date = (c.path[3] as { id: string }).id
    if (m[2]) return n.entry(c, `日历 ${date}（${noun}）名称：${String(c.old)} → ${String(c.new)}`)
    const d = (c.op === 'added' ? c.new : c.old) as { name?: string } | undefined
    if (c.op === 'changed') return null
    return n.entry(c, `日历${c.op === 'added' ? '新增' : '删除'}${noun} ${date}（${d?.name ?? ''}）`)
  }
  if (sh === 'weekend/{}') {
    const day = WEEKDAYS[Number(c.new ?? c.old)] ?? String(c.new ?? c.old)
    return n.entry(c, c.op === 'added' ? `周末新增${day}（不再上班）` : `周末去掉${day}（改为上班）`)
  }
  return null
}

export const calendar = defineKind<CalendarDefinition, 'calendar'>({
  kind: 'calendar',
  presence: 'required',
  title: { zh: '工作日历', en: 'Calendar' },
  schema: calendarSchema,
  lists: [],
  maps: ['years'],
  elementKeys: { holidays: ['date'], workdays: ['date'] },
  sets: ['weekend'],
  /** The working-day table every due date is counted on; a calendar that cannot be one is a problem here. */
  compile(s, def, origins) {
    const problems = checkCalendar(def, (p) => origins.at(def, p))
    ;(s as { -readonly [K in keyof CompiledScheme]: CompiledScheme[K] }).calendar = new WorkCalendar(def)
    return problems
  },
  diff: { nouns: { holidays: '节假日', workdays: '调休上班日' }, words },
  docs: {
    files: '`calendar.json`',
    holds:
      'weekends, and per year the State Council holidays and make-up workdays (调休), seeded from `chinese-days`; a year not yet published (2027 today) is `provisional`: the statutory days of the national regulation only, no 调休 — due dates in it say so and the workspace shows a banner until `calendar-seed` (or the designer) replaces it with the published notice',
  },
  designer: { preview: 'deadline' },
})
