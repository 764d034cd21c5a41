import { Tag } from 'antd'
import { dueState } from '../dates'
import { useI18n } from '../i18n'
import { loadSchemeSummary, useAsync, useSchemeId } from '../data'

/** The current scheme's summary (cached once per scheme). */
function useSummary() {
  const id = useSchemeId()
  return useAsync(() => loadSchemeSummary(id), [id]).data
}

/** The years of the current scheme's calendar that are provisional (not yet the State Council's notice). */
function useProvisionalYears(): readonly string[] {
  return useSummary()?.calendar.provisional ?? []
}

/** "暂定" beside a due date that falls in a provisional year of the calendar. */
function Provisional({ dueDate }: { dueDate: string }) {
  const { t } = useI18n()
  const years = useProvisionalYears()
  const year = dueDate.slice(0, 4)
  if (!years.includes(year)) return null
  return (
    <Tag color="default" title={t('due.provisionalHint', { year })} data-due-provisional="1" style={{ marginInlineStart: 4 }}>
      {t('due.provisional')}
    </Tag>
  )
}

/** A due date as a coloured tag: overdue (red), due today (orange), due soon (gold), later (plain). */
export function DueTag({ dueDate, today, done }: { dueDate: string | null | undefined; today: string | null | undefined; done?: boolean }) {
  const { t } = useI18n()
  const soonDays = useSummary()?.dueSoonDays
  if (!dueDate) return <span className="muted">{done ? '—' : t('due.none')}</span>
  if (done) return <span>{dueDate}</span>
  const { state, days } = dueState(dueDate, today, soonDays)
  const title = t('due.on', { date: dueDate })
  let tag
  switch (state) {
    case 'overdue':
      tag = (
        <Tag color="red" title={title} data-due="overdue">
          {t('due.overdue', { n: days })}
        </Tag>
      )
      break
    case 'today':
      tag = (
        <Tag color="orange" title={title} data-due="today">
          {t('due.today')}
        </Tag>
      )
      break
    case 'soon':
      tag = (
        <Tag color="gold" title={title} data-due="soon">
          {t('due.soon', { n: days })}
        </Tag>
      )
      break
    default:
      tag = <span title={title}>{dueDate}</span>
  }
  return (
    <>
      {tag}
      <Provisional dueDate={dueDate} />
    </>
  )
}
