/** Pieces the reports screens share: the period picker, the scoring definition, grade tags, count links. */
import { DatePicker, Segmented, Space, Tag } from 'antd'
import dayjs from 'dayjs'
import { cached } from '../data'
import { useI18n } from '../i18n'
import { reportsApi, type ScoringDefinition } from './api'
import { bandColor, bandIndex, caseListHref, isYear } from './format'
import { useT } from './messages'

/** The scheme's scoring definition, fetched once per scheme. */
export function loadDefinition(scheme: string): Promise<ScoringDefinition> {
  return cached(`scoring-def:${scheme}`, () => reportsApi.definition(scheme))
}

/** A rate's or section's name in the user's language, from the scoring definition by id (else the server's name). */
export function useDefLabel(def: ScoringDefinition | undefined): (kind: 'variable' | 'section', id: string, fallback: string) => string {
  const i18n = useI18n()
  return (kind, id, fallback) => {
    const o = kind === 'variable' ? def?.variables.find((v) => v.id === id) : def?.sections.find((s) => s.id === id)
    return o ? i18n.label(o) : fallback
  }
}

/** "2026-10" → 2026年10月 / 2026-10; "2026" → 2026年 */
export function usePeriodName(): (p: string) => string {
  const t = useT()
  return (p) => (isYear(p) ? t('period.yearOf', { y: p }) : t('period.monthOf', { y: p.slice(0, 4), m: String(Number(p.slice(5, 7))) }))
}

/** Month or year, as the screen allows; changes the address. */
export function PeriodPicker({ value, onChange, kinds = 'any' }: { value: string; onChange: (p: string) => void; kinds?: 'any' | 'month' | 'year' }) {
  const t = useT()
  const year = isYear(value)
  const d = dayjs(year ? `${value}-01-01` : `${value}-01`)
  return (
    <Space wrap size={8} data-testid="period-picker">
      {kinds === 'any' && (
        <Segmented
          size="middle"
          value={year ? 'year' : 'month'}
          onChange={(k) => onChange(k === 'year' ? value.slice(0, 4) : `${value.slice(0, 4)}-${year ? '01' : value.slice(5, 7)}`)}
          options={[
            { value: 'month', label: t('period.month') },
            { value: 'year', label: t('period.year') },
          ]}
          data-testid="period-kind"
        />
      )}
      <DatePicker
        picker={year ? 'year' : 'month'}
        allowClear={false}
        value={d}
        onChange={(v) => v && onChange(year ? v.format('YYYY') : v.format('YYYY-MM'))}
        aria-label={t('period.label')}
        data-testid="period-input"
      />
    </Space>
  )
}

/** The grade as a tag coloured by its band (the scheme's band order). */
export function GradeTag({ grade, total, def }: { grade: string; total: number; def: ScoringDefinition | undefined }) {
  const i18n = useI18n()
  const grades = def?.grades ?? []
  const byName = grades.findIndex((g) => g.name === grade)
  const i = byName >= 0 ? byName : bandIndex(grades, total)
  const g = grades[byName]
  return (
    <Tag color={bandColor(i, grades.length)} data-testid="grade-tag">
      {g ? i18n.label({ name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}) }) : grade}
    </Tag>
  )
}

/** A number that opens the case list behind it; plain text when the cases cannot be listed. */
export function CountLink({ n, link, testId }: { n: number; link: string | null | undefined; testId?: string }) {
  if (!link) return <span data-testid={testId}>{n}</span>
  return (
    <a href={caseListHref(link)} data-testid={testId} data-count={n}>
      {n}
    </a>
  )
}
