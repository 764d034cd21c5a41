import { Tag } from 'antd'
import { dueState } from '../dates'
import { useI18n } from '../i18n'

/** A due date as a coloured tag: overdue (red), due today (orange), due soon (gold), later (plain). */
export function DueTag({ dueDate, today, done }: { dueDate: string | null | undefined; today: string | null | undefined; done?: boolean }) {
  const { t } = useI18n()
  if (!dueDate) return <span className="muted">{done ? '—' : t('due.none')}</span>
  if (done) return <span>{dueDate}</span>
  const { state, days } = dueState(dueDate, today)
  const title = t('due.on', { date: dueDate })
  switch (state) {
    case 'overdue':
      return <Tag color="red" title={title} data-due="overdue">{t('due.overdue', { n: days })}</Tag>
    case 'today':
      return <Tag color="orange" title={title} data-due="today">{t('due.today')}</Tag>
    case 'soon':
      return <Tag color="gold" title={title} data-due="soon">{t('due.soon', { n: days })}</Tag>
    default:
      return <span title={title}>{dueDate}</span>
  }
}
