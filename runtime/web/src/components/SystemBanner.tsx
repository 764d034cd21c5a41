/**
 * The system notice about the working calendar, for administrators only (issue #18 "Must be
 * right"): in words, about the user's own scheme, with a link to the designer's calendar. Others
 * see the 暂定 tag beside the dates it affects (DueTag). Read from the scheme's summary (its
 * calendar's end and provisional years), not the public health check's text (CLI commands, every
 * town's id).
 */
import { Alert } from 'antd'
import { areaMessages } from '../i18n'
import { loadSchemeSummary, loadToday, useAsync, useSchemeId } from '../data'
import { useCan } from '../session'
import { addDays } from '../dates'
import { designerUrl } from '../admin/api'

/** How far ahead the calendar must reach (the health check's horizon) */
const HORIZON_DAYS = 90

const useT = areaMessages(
  {
    title: '工作日历需要更新',
    ends: '{town}的工作日历只到 {to}，之后的办理时限无法计算。请在设计器中补充下一年度的节假日安排并发布。',
    provisional:
      '{town} {years} 年的工作日历为暂定：只含法定节日，不含调休。国务院公布节假日安排后，请在设计器中更新日历并发布；落在该年的截止日期会按新日历重算，在此之前各处日期旁标注“暂定”。',
    open: '打开设计器的工作日历',
  },
  {
    title: 'The working calendar needs updating',
    ends: "{town}'s working calendar ends on {to}; time limits after that cannot be computed. Add next year's holidays in the designer and publish.",
    provisional:
      "{town}'s calendar for {years} is provisional: public holidays only, no make-up working days. Once the State Council publishes the holiday schedule, update the calendar in the designer and publish; due dates in that year are recomputed, and until then dates are marked “provisional”.",
    open: "Open the designer's calendar",
  },
)

/** What the banner says, if anything (exported for tests). */
export function calendarNotice(
  cal: { to: string; provisional?: readonly string[] | undefined },
  today: string,
): { kind: 'ends' | 'provisional'; years?: string[] } | null {
  const horizon = addDays(today, HORIZON_DAYS)
  if (cal.to < horizon) return { kind: 'ends' }
  const years = (cal.provisional ?? []).filter((y) => y <= horizon.slice(0, 4))
  return years.length ? { kind: 'provisional', years } : null
}

export function SystemBanner() {
  const t = useT()
  const can = useCan()
  const id = useSchemeId()
  const admin = can('scheme.edit')
  const info = useAsync(async () => (admin ? { s: await loadSchemeSummary(id), today: await loadToday() } : null), [admin, id])
  if (!admin || !info.data) return null
  const { s, today } = info.data
  const notice = calendarNotice(s.calendar, today)
  if (!notice) return null
  const text =
    notice.kind === 'ends' ? t('ends', { town: s.town, to: s.calendar.to }) : t('provisional', { town: s.town, years: (notice.years ?? []).join('、') })
  return (
    <Alert
      type="warning"
      showIcon
      closable
      title={t('title')}
      description={
        <>
          {text}{' '}
          <a href={designerUrl(id, 'calendar.json')} data-testid="system-banner-calendar">
            {t('open')}
          </a>
        </>
      }
      style={{ marginBottom: 12 }}
      data-testid="system-banner"
    />
  )
}
