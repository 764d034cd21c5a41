/**
 * Seeds a scheme's calendar definition from `chinese-days`, which carries the State Council's
 * yearly holiday notices. The engine never imports chinese-days: the scheme's calendar file is the
 * truth, so a town can correct or extend it (a new year's notice) without a library release.
 */
import { createRequire } from 'node:module'
import { addCalendarDays, type CalendarDefinition, type CalendarYear } from '../../engine'

interface RawData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

function zhName(raw: string): string {
  // chinese-days names look like "National Day,国庆节,3"
  return raw.split(',')[1] ?? raw
}

/** The statutory holidays (national law, not a town's choice): the days each festival is off. */
interface StatutoryTable {
  source: string
  days: Array<{ name: string; solar?: string; lunar?: string; term?: string; before?: number; count: number }>
}

/**
 * A provisional year for a year the State Council has not published yet: only the statutory days
 * of the national holiday regulation (lunar festivals and 清明 computed with chinese-days), no 调休.
 * Deadlines that fall in it are marked provisional; `calendar-seed` replaces it with the published
 * schedule once chinese-days has it.
 */
export function provisionalYear(year: number): CalendarYear {
  const req = createRequire(import.meta.url)
  const table = req('./statutory-holidays.json') as StatutoryTable
  const cd = req('chinese-days') as {
    getSolarDateFromLunar(d: string): { date: string }
    getSolarTerms(from: string, to: string): Array<{ date: string; name: string }>
  }
  const holidays: CalendarYear['holidays'] = []
  for (const h of table.days) {
    let first: string | undefined
    if (h.solar) first = `${year}-${h.solar}`
    else if (h.lunar) first = cd.getSolarDateFromLunar(`${year}-${h.lunar}`).date
    else if (h.term) first = cd.getSolarTerms(`${year}-01-01`, `${year}-12-31`).find((t) => t.name === h.term)?.date
    if (!first) throw new Error(`无法推算 ${year} 年的${h.name} / cannot place ${h.name} in ${year}`)
    const start = addCalendarDays(first, -(h.before ?? 0))
    for (let i = 0; i < (h.before ?? 0) + h.count; i++) holidays.push({ date: addCalendarDays(start, i), name: h.name })
  }
  holidays.sort((a, b) => a.date.localeCompare(b.date))
  return { holidays, workdays: [], provisional: true, source: `暂定：${table.source}；国务院办公厅尚未公布 ${year} 年安排（不含调休）` }
}

export function seedCalendar(fromYear: number, toYear: number, existing?: CalendarDefinition, opts: { provisional?: boolean } = {}): CalendarDefinition {
  const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as RawData
  const years: CalendarDefinition['years'] = { ...(existing?.years ?? {}) }
  for (let y = fromYear; y <= toYear; y++) {
    const prefix = `${y}-`
    const holidays = Object.entries(raw.holidays)
      .filter(([d]) => d.startsWith(prefix))
      .sort()
      .map(([date, n]) => ({ date, name: zhName(n) }))
    const workdays = Object.entries(raw.workdays)
      .filter(([d]) => d.startsWith(prefix))
      .sort()
      .map(([date, n]) => ({ date, name: `${zhName(n)}调休上班` }))
    if (holidays.length === 0) {
      if (!opts.provisional)
        throw new Error(
          `chinese-days 没有 ${y} 年的节假日安排，无法生成该年度日历；如需暂定日历（仅法定节日）请加 --provisional / chinese-days has no holiday schedule for ${y}; add --provisional for a provisional year`,
        )
      // a published year already in the file (entered by hand) is kept
      if (!years[String(y)] || years[String(y)]!.provisional) years[String(y)] = provisionalYear(y)
      continue
    }
    years[String(y)] = { holidays, workdays }
  }
  return {
    kind: 'calendar',
    timezone: 'Asia/Shanghai',
    weekend: existing?.weekend ?? [0, 6],
    source: '国务院办公厅关于部分节假日安排的通知（由 chinese-days 整理生成，可人工更正）',
    years,
  }
}

/** Compact JSON: one day per line, so a diff of a calendar shows the dates that changed. */
export function formatCalendar(def: CalendarDefinition): string {
  const lines: string[] = ['{', `  "kind": "calendar",`, `  "timezone": ${JSON.stringify(def.timezone)},`, `  "weekend": ${JSON.stringify(def.weekend)},`]
  if (def.source) lines.push(`  "source": ${JSON.stringify(def.source)},`)
  lines.push('  "years": {')
  const years = Object.keys(def.years).sort()
  years.forEach((y, yi) => {
    const year = def.years[y]!
    lines.push(`    "${y}": {`)
    const list = (name: string, days: Array<{ date: string; name: string }>, last: boolean) => {
      if (!days.length) return void lines.push(`      "${name}": []${last ? '' : ','}`)
      lines.push(`      "${name}": [`)
      days.forEach((d, i) => lines.push(`        ${JSON.stringify(d).replace(/,"/g, ', "').replace(/":/g, '": ')}${i < days.length - 1 ? ',' : ''}`))
      lines.push(`      ]${last ? '' : ','}`)
    }
    if (year.provisional) lines.push(`      "provisional": true,`)
    if (year.source) lines.push(`      "source": ${JSON.stringify(year.source)},`)
    list('holidays', year.holidays, false)
    list('workdays', year.workdays, true)
    lines.push(`    }${yi < years.length - 1 ? ',' : ''}`)
  })
  lines.push('  }', '}')
  return lines.join('\n') + '\n'
}
