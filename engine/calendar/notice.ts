/**
 * Reads the State Council's yearly holiday notice (国务院办公厅关于 YYYY 年部分节假日安排的通知), as
 * pasted from gov.cn or a newspaper, into a calendar year: the days off with their festival's name
 * and the weekend days made workdays (调休上班). Pure: text in, data out; nothing is written.
 *
 * The notice's items look like
 *   六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
 * A clause with 上班 lists make-up workdays; a clause with 放假/补休/连休/调休 lists days off (a range
 * "X至Y" is every day between). Everything the text asserts is checked, and a contradiction refuses
 * the whole notice with the line it is on: a date that does not exist (2月30日), a range that runs
 * backwards, a weekday that is not the date's (10月1日（周四） in 2025), a count that disagrees with
 * its range (共8天), a make-up workday that is not a weekend day, a day both off and worked, and a
 * year that is not the notice's.
 *
 * @example
 * const n = parseHolidayNotice(text, { names: ['元旦', '清明'] })
 * if (n.ok) year = noticeYear(n)   // { source, holidays: [{date, name}], workdays: [{date, name}] }
 * else n.errors                    // [{ line: 7, code: 'NO_SUCH_DATE', zh: '第7行：2月30日不存在', en: … }]
 */
import { addCalendarDays, dayNumber, isDate, weekday } from './date'
import type { CalendarDay, CalendarYear } from '../scheme/types'

export type NoticeCode =
  | 'NO_YEAR'
  | 'YEAR_MISMATCH'
  | 'NO_ITEMS'
  | 'NO_DAYS'
  | 'NO_SUCH_DATE'
  | 'NO_MONTH'
  | 'RANGE_BACKWARDS'
  | 'WORKDAY_RANGE'
  | 'WRONG_WEEKDAY'
  | 'COUNT_MISMATCH'
  | 'WORKDAY_NOT_WEEKEND'
  | 'OFF_AND_WORK'
  | 'OTHER_YEAR'
  | 'IGNORED_DATE'
  | 'MIXED_NAMES'

/** One finding, on the (1-based) line of the pasted text it is about, in both languages. */
export interface NoticeIssue {
  line: number
  code: NoticeCode
  zh: string
  en: string
}

/** One numbered item of the notice (二、春节：…). */
export interface NoticeItem {
  line: number
  /** The item's number as written: 二 */
  label: string
  /** The festivals as the notice names them: ['国庆节', '中秋节'] */
  festivals: string[]
  holidays: string[]
  workdays: string[]
  /** Its days in another year */
  outside: { holidays: string[]; workdays: string[] }
}

export interface ParsedNotice {
  /** No errors: the year can be written. */
  ok: boolean
  year: number | null
  /** 国务院办公厅关于2026年部分节假日安排的通知, when the text has it */
  title: string | null
  /** 国办发明电〔2024〕12号 */
  docNumber: string | null
  /** The date it was signed (the last line 2025年11月4日), YYYY-MM-DD */
  issuedOn: string | null
  holidays: CalendarDay[]
  workdays: CalendarDay[]
  /** Days the notice gives for the year before or after (元旦：2022年12月31日至2023年1月2日), named, not in the lists above */
  outside: { holidays: CalendarDay[]; workdays: CalendarDay[] }
  items: NoticeItem[]
  errors: NoticeIssue[]
  warnings: NoticeIssue[]
}

export interface NoticeOptions {
  /** The year being entered: a notice of another year is refused. */
  year?: number
  /** Rest days, 0 = Sunday (the calendar's `weekend`); a make-up workday must be one. Default [0, 6]. */
  weekend?: readonly number[]
  /**
   * The festival names the calendar already uses: the notice's 清明节 is written 清明 when the
   * calendar says 清明 (and 元旦 stays 元旦). Without them the notice's own names are kept.
   */
  names?: Iterable<string>
  /**
   * Days known to be a festival's own (the statutory days of a provisional year, or a year's entries
   * before it is replaced). A combined item (国庆节、中秋节：10月1日至8日) names such a day after its
   * festival, and the other days after the festival with most known days in the range — the way
   * chinese-days and the State Council's own wording read it (10月6日 中秋, the rest 国庆节). Without
   * them every day of a combined item carries both names.
   */
  festivalDays?: Iterable<{ date: string; name: string }>
  /** The name of a make-up workday for a festival; default `${festival}调休上班`. */
  workdayName?: (festival: string) => string
}

const NUMERALS = '一二三四五六七八九十'
const WEEK_ZH = ['日', '一', '二', '三', '四', '五', '六']
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const WEEKDAY_OF: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 }

/** Full-width digits and punctuation as ASCII, so one set of patterns reads both. */
function normalise(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':')
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .replace(/[～~—–－]/g, '-')
    .replace(/\u3000/g, ' ')
}

/** A date token: [年] [月] 日, and what its parentheses say (农历除夕、周二). */
const DATE_TOKEN = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*\(([^)]*)\))?/g
const RANGE_JOIN = /^\s*(?:至|到|-)\s*$/
const OFF_WORDS = /放假|补休|休假|连休|调休/
const WORK_WORDS = /上班/

interface Token {
  year: number
  explicitYear: boolean
  month: number
  day: number
  text: string
  weekday: number | null
  start: number
  end: number
}

/** Clauses of an item's text: split at , ; 。 outside parentheses. */
function clauses(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of s) {
    if (ch === '(') depth++
    else if (ch === ')') depth = Math.max(0, depth - 1)
    if (depth === 0 && (ch === ',' || ch === ';' || ch === '。')) {
      if (cur.trim()) out.push(cur)
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur)
  return out
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
const md = (t: { month: number; day: number }) => `${t.month}月${t.day}日`

/**
 * Parse a pasted notice. Never throws on bad text: what is wrong is in `errors` (the year cannot
 * be written) and what was read around in `warnings`.
 */
export function parseHolidayNotice(text: string, opts: NoticeOptions = {}): ParsedNotice {
  const errors: NoticeIssue[] = []
  const warnings: NoticeIssue[] = []
  const err = (line: number, code: NoticeCode, zh: string, en: string) => errors.push({ line, code, zh: `第${line}行：${zh}`, en: `Line ${line}: ${en}` })
  const warn = (line: number, code: NoticeCode, zh: string, en: string) => warnings.push({ line, code, zh: `第${line}行：${zh}`, en: `Line ${line}: ${en}` })
  const weekend = new Set(opts.weekend ?? [0, 6])
  const known = new Set(opts.names ?? [])
  const lines = text.split(/\r\n|\r|\n/).map(normalise)

  // ---- the year: the title's, the preamble's (现将2026年…), and the one asked for must agree
  let year: number | null = null
  let yearLine = 1
  let title: string | null = null
  const yearsSeen: Array<{ year: number; line: number; where: string }> = []
  lines.forEach((l, i) => {
    const t = /关于\s*(\d{4})\s*年\s*部分节假日安排的通知/.exec(l)
    if (t) {
      title ??= `国务院办公厅关于${t[1]}年部分节假日安排的通知`
      yearsSeen.push({ year: Number(t[1]), line: i + 1, where: '标题' })
    }
    const p = /现将\s*(\d{4})\s*年/.exec(l)
    if (p) yearsSeen.push({ year: Number(p[1]), line: i + 1, where: '正文' })
  })
  for (const s of yearsSeen) {
    if (year === null) {
      year = s.year
      yearLine = s.line
    } else if (s.year !== year) {
      err(s.line, 'YEAR_MISMATCH', `这里写的是 ${s.year} 年，第${yearLine}行写的是 ${year} 年`, `this says ${s.year}, line ${yearLine} says ${year}`)
    }
  }
  if (opts.year !== undefined) {
    if (year === null) year = opts.year
    else if (year !== opts.year)
      err(yearLine, 'YEAR_MISMATCH', `这是 ${year} 年的通知，不是 ${opts.year} 年的`, `this is the notice for ${year}, not ${opts.year}`)
  }
  const docNumber = (() => {
    for (const l of lines) {
      const m = /国办发明电\s*〔\s*\d{4}\s*〕\s*\d+\s*号/.exec(l)
      if (m) return m[0].replace(/\s+/g, '')
    }
    return null
  })()
  const issuedOn = (() => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/.exec(lines[i]!)
      if (m) return isDate(iso(+m[1]!, +m[2]!, +m[3]!)) ? iso(+m[1]!, +m[2]!, +m[3]!) : null
    }
    return null
  })()
  if (year === null) {
    err(
      1,
      'NO_YEAR',
      '找不到年份：请粘贴含标题“国务院办公厅关于××××年部分节假日安排的通知”的全文',
      'no year found: paste the whole notice with its title (国务院办公厅关于YYYY年部分节假日安排的通知)',
    )
    return {
      ok: false,
      year: null,
      title,
      docNumber,
      issuedOn,
      holidays: [],
      workdays: [],
      outside: { holidays: [], workdays: [] },
      items: [],
      errors,
      warnings,
    }
  }
  const Y = year

  // ---- the items (一、元旦：…); a line may hold several when the text lost its line breaks
  const items: NoticeItem[] = []
  const offDays = new Map<string, { line: number; item: NoticeItem }>()
  const workDays = new Map<string, { line: number; item: NoticeItem }>()
  const itemRe = new RegExp(`^\\s*([${NUMERALS}]{1,3})\\s*[、.]\\s*([^:]{1,24}?)\\s*:\\s*(.*)$`)
  const splitRe = new RegExp(`(?<=^|[。\\s])(?=[${NUMERALS}]{1,3}、)`)
  lines.forEach((l, i) => {
    const line = i + 1
    for (const seg of l.split(splitRe)) {
      const m = itemRe.exec(seg)
      if (!m) continue
      const festivals = m[2]!
        .split(/[、,和与]/)
        .map((s) => s.trim())
        .filter(Boolean)
      const item: NoticeItem = { line, label: m[1]!, festivals, holidays: [], workdays: [], outside: { holidays: [], workdays: [] } }
      const before = errors.length
      readItem(m[3]!, item, line)
      if (!item.holidays.length && errors.length === before) err(line, 'NO_DAYS', `${m[1]}、${m[2]}：没有找到放假日期`, `${m[2]}: no days off found`)
      items.push(item)
    }
  })
  if (!items.length) {
    err(1, 'NO_ITEMS', '没有找到“一、元旦：1月1日放假……”这样的放假安排条目', 'no items like "一、元旦：1月1日放假……" found')
  }

  function readItem(body: string, item: NoticeItem, line: number) {
    let lastMonth: number | null = null
    let noMonth = false
    let declared: number | null = null
    let counted = 0
    for (const clause of clauses(body)) {
      const c = /(?:共|放假)\s*(\d+)\s*天/.exec(clause)
      if (c) declared = Number(c[1])
      const tokens: Token[] = []
      for (const m of clause.matchAll(DATE_TOKEN)) {
        const explicitYear = m[1] !== undefined
        const month: number | null = m[2] !== undefined ? Number(m[2]) : lastMonth
        const day = Number(m[3])
        if (month === null) {
          // once per item: the days after it lack the month for the same reason
          if (!noMonth) err(line, 'NO_MONTH', `“${m[0]}”前没有月份`, `"${m[0]}" has no month`)
          noMonth = true
          continue
        }
        lastMonth = month
        const wd = m[4] ? /(?:周|星期|礼拜)([日天一二三四五六])/.exec(m[4]) : null
        tokens.push({
          year: explicitYear ? Number(m[1]) : Y,
          explicitYear,
          month,
          day,
          text: m[0],
          weekday: wd ? WEEKDAY_OF[wd[1]!]! : null,
          start: m.index!,
          end: m.index! + m[0].length,
        })
      }
      if (!tokens.length) continue
      const isWork = WORK_WORDS.test(clause)
      const isOff = !isWork && OFF_WORDS.test(clause)
      // check each date as written
      const valid = tokens.map((t) => {
        const date = iso(t.year, t.month, t.day)
        if (!isDate(date)) {
          err(
            line,
            'NO_SUCH_DATE',
            `${t.explicitYear ? `${t.year}年` : ''}${md(t)}不存在`,
            `${t.explicitYear ? `${t.year}-` : ''}${t.month}-${t.day} is not a date`,
          )
          return null
        }
        if (t.weekday !== null && weekday(date) !== t.weekday) {
          err(
            line,
            'WRONG_WEEKDAY',
            `${t.year}年${md(t)}是周${WEEK_ZH[weekday(date)]}，通知写的是周${WEEK_ZH[t.weekday]}`,
            `${date} is a ${WEEK_EN[weekday(date)]}, the notice says ${WEEK_EN[t.weekday]}`,
          )
        }
        if (t.explicitYear && t.year !== Y && Math.abs(t.year - Y) > 1) {
          err(line, 'YEAR_MISMATCH', `${t.year}年${md(t)}不在 ${Y} 年的通知范围内`, `${date} does not belong to the notice for ${Y}`)
          return null
        }
        return date
      })
      if (!isWork && !isOff) {
        const shown = valid.filter((d): d is string => !!d)
        if (shown.length)
          warn(
            line,
            'IGNORED_DATE',
            `“${clause.trim()}”中的 ${shown.join('、')} 既非放假也非上班，未计入`,
            `"${clause.trim()}": ${shown.join(', ')} neither off nor worked, not counted`,
          )
        continue
      }
      // ranges: two dates joined by 至
      const dates: string[] = []
      for (let k = 0; k < tokens.length; k++) {
        const a = valid[k]
        const next = tokens[k + 1]
        if (next && RANGE_JOIN.test(clause.slice(tokens[k]!.end, next.start))) {
          const b = valid[k + 1]
          k++
          if (!a || !b) continue
          if (dayNumber(b) < dayNumber(a)) {
            err(line, 'RANGE_BACKWARDS', `${md(tokens[k - 1]!)}至${md(next)}：结束日早于开始日`, `${a} to ${b} runs backwards`)
            continue
          }
          if (isWork) {
            err(
              line,
              'WORKDAY_RANGE',
              `调休上班日应逐日列出，不能写成区间（${md(tokens[k - 1]!)}至${md(next)}）`,
              `make-up workdays are listed one by one, not as a range (${a} to ${b})`,
            )
            continue
          }
          for (let d = a; dayNumber(d) <= dayNumber(b); d = addCalendarDays(d, 1)) dates.push(d)
        } else if (a) dates.push(a)
      }
      for (const d of dates) {
        const y = Number(d.slice(0, 4))
        if (isOff) counted++
        if (y !== Y) {
          warn(line, 'OTHER_YEAR', `${d} 属于 ${y} 年，不计入 ${Y} 年`, `${d} belongs to ${y}, not counted in ${Y}`)
          const list = isWork ? item.outside.workdays : item.outside.holidays
          if (!list.includes(d)) list.push(d)
          continue
        }
        if (isWork) {
          if (!weekend.has(weekday(d))) {
            err(
              line,
              'WORKDAY_NOT_WEEKEND',
              `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日是周${WEEK_ZH[weekday(d)]}，本就上班，不能是调休上班日`,
              `${d} is a ${WEEK_EN[weekday(d)]}, already a workday, so it cannot be a make-up workday`,
            )
            continue
          }
          if (!item.workdays.includes(d)) item.workdays.push(d)
          if (!workDays.has(d)) workDays.set(d, { line, item })
        } else {
          if (!item.holidays.includes(d)) item.holidays.push(d)
          if (!offDays.has(d)) offDays.set(d, { line, item })
        }
      }
    }
    if (declared !== null && counted > 0 && declared !== counted) {
      err(line, 'COUNT_MISMATCH', `写明共${declared}天，但所列日期共${counted}天`, `says ${declared} days, but the dates listed make ${counted}`)
    }
  }

  for (const [d, w] of workDays) {
    const off = offDays.get(d)
    if (off) err(w.line, 'OFF_AND_WORK', `${d} 既放假（第${off.line}行）又上班`, `${d} is both a day off (line ${off.line}) and a workday`)
  }

  // ---- names
  const nameOf = (n: string): string => {
    if (known.has(n)) return n
    if (n.endsWith('节') && known.has(n.slice(0, -1))) return n.slice(0, -1)
    if (known.has(n + '节')) return n + '节'
    return n
  }
  const hint = new Map<string, string>()
  for (const h of opts.festivalDays ?? []) if (!hint.has(h.date)) hint.set(h.date, h.name)
  const workName = opts.workdayName ?? ((f: string) => `${f}调休上班`)
  const holidays: CalendarDay[] = []
  const workdays: CalendarDay[] = []
  const outside = { holidays: [] as CalendarDay[], workdays: [] as CalendarDay[] }
  for (const item of items) {
    const names = item.festivals.map(nameOf)
    let main: string
    let own = new Map<string, string>()
    if (names.length === 1) main = names[0]!
    else {
      const counts = new Map<string, number>()
      for (const d of item.holidays) {
        const h = hint.get(d)
        if (h && names.includes(h)) {
          own.set(d, h)
          counts.set(h, (counts.get(h) ?? 0) + 1)
        }
      }
      const best = [...counts].sort((a, b) => b[1] - a[1] || names.indexOf(a[0]) - names.indexOf(b[0]))[0]
      if (best) main = best[0]
      else {
        main = item.festivals.join('、')
        own = new Map()
        warn(
          item.line,
          'MIXED_NAMES',
          `合并放假（${item.festivals.join('、')}），无法确定哪天属于哪个节日，均记为“${main}”，可在年历中点选改名`,
          `combined holiday (${item.festivals.join(', ')}): which day is which festival is unknown, all named "${main}"; rename them in the year view`,
        )
      }
    }
    for (const d of item.holidays) holidays.push({ date: d, name: own.get(d) ?? main })
    for (const d of item.workdays) workdays.push({ date: d, name: workName(main) })
    for (const d of item.outside.holidays) outside.holidays.push({ date: d, name: main })
    for (const d of item.outside.workdays) outside.workdays.push({ date: d, name: workName(main) })
  }
  const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date)
  const uniq = (list: CalendarDay[]) => list.sort(byDate).filter((d, i, a) => i === 0 || a[i - 1]!.date !== d.date)
  return {
    ok: errors.length === 0,
    year: Y,
    title,
    docNumber,
    issuedOn,
    holidays: uniq(holidays),
    workdays: uniq(workdays),
    outside: { holidays: uniq(outside.holidays), workdays: uniq(outside.workdays) },
    items,
    errors,
    warnings,
  }
}

/** The calendar year a parsed notice gives: its days and where they came from (no longer provisional). */
export function noticeYear(n: ParsedNotice): CalendarYear {
  if (!n.ok || n.year === null) throw new Error('noticeYear: the notice has errors; show parseHolidayNotice(...).errors instead of writing it')
  const title = n.title ?? `国务院办公厅关于${n.year}年部分节假日安排的通知`
  const extra = [n.docNumber, n.issuedOn].filter(Boolean).join('，')
  return { source: extra ? `${title}（${extra}）` : title, holidays: n.holidays.map((d) => ({ ...d })), workdays: n.workdays.map((d) => ({ ...d })) }
}
