/**
 * Seeds a scheme's calendar definition from `chinese-days`, which carries the State Council's
 * yearly holiday notices. The engine never imports chinese-days: the scheme's calendar file is the
 * truth, so a town can correct or extend it (a new year's notice) without a library release.
 */
import { createRequire } from 'node:module'
import type { CalendarDefinition } from '../../engine'

interface RawData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

function zhName(raw: string): string {
  // chinese-days names look like "National Day,国庆节,3"
  return raw.split(',')[1] ?? raw
}

export function seedCalendar(fromYear: number, toYear: number, existing?: CalendarDefinition): CalendarDefinition {
  const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as RawData
  const years: CalendarDefinition['years'] = { ...(existing?.years ?? {}) }
  for (let y = fromYear; y <= toYear; y++) {
    const prefix = `${y}-`
    const holidays = Object.entries(raw.holidays).filter(([d]) => d.startsWith(prefix)).sort().map(([date, n]) => ({ date, name: zhName(n) }))
    const workdays = Object.entries(raw.workdays).filter(([d]) => d.startsWith(prefix)).sort().map(([date, n]) => ({ date, name: `${zhName(n)}调休上班` }))
    if (holidays.length === 0) throw new Error(`chinese-days 没有 ${y} 年的节假日安排，无法生成该年度日历 / chinese-days has no holiday schedule for ${y}`)
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
      lines.push(`      "${name}": [`)
      days.forEach((d, i) => lines.push(`        ${JSON.stringify(d).replace(/,"/g, ', "').replace(/":/g, '": ')}${i < days.length - 1 ? ',' : ''}`))
      lines.push(`      ]${last ? '' : ','}`)
    }
    list('holidays', year.holidays, false)
    list('workdays', year.workdays, true)
    lines.push(`    }${yi < years.length - 1 ? ',' : ''}`)
  })
  lines.push('  }', '}')
  return lines.join('\n') + '\n'
}
