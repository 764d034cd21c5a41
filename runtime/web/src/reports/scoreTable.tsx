/**
 * What the score reports (the monthly bulletin, the yearly summary) share: loading a report with
 * the scoring definition, the toolbar (period, .xlsx, A4 print), the loading state, and the
 * columns of the per-village score table that are the same in both.
 */
import type { ReactNode } from 'react'
import { Button, Skeleton, Space, Tag, type TableColumnType } from 'antd'
import { DownloadOutlined, PrinterOutlined, QuestionCircleOutlined } from '@ant-design/icons'
import { useAsync, useSchemeId, type Async } from '../data'
import { LoadError } from '../components/Problem'
import type { BulletinRow } from './api'
import { pct } from './format'
import { loadDefinition, useDefLabel } from './shared'
import { useT } from './messages'

/** A report of the scheme worked in (reloaded when `deps` change), with the scoring definition and its labels. */
export function useScoreReport<T>(load: (scheme: string, signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const scheme = useSchemeId()
  const data = useAsync((signal) => load(scheme, signal), [scheme, ...deps])
  const def = useAsync(() => loadDefinition(scheme), [scheme])
  const label = useDefLabel(def.data)
  return { scheme, data, def, label }
}

/** The period picker, then the .xlsx download and the print page (test ids `<testPrefix>-xlsx`, `<testPrefix>-print`). */
export function ReportToolbar({ picker, xlsx, print, testPrefix }: { picker: ReactNode; xlsx: string; print: string; testPrefix: string }) {
  const t = useT()
  return (
    <div className="report-toolbar">
      {picker}
      <Space wrap size={8}>
        <Button icon={<DownloadOutlined />} href={xlsx} download data-testid={`${testPrefix}-xlsx`}>
          {t('bulletin.xlsx')}
        </Button>
        <Button icon={<PrinterOutlined />} href={print} data-testid={`${testPrefix}-print`}>
          {t('bulletin.print')}
        </Button>
      </Space>
    </div>
  )
}

/** The report failed to load (with a retry), or is on its way; nothing once it is there. */
export function ReportLoading({ report }: { report: Async<unknown> }) {
  if (report.error) return <LoadError error={report.error} onRetry={report.reload} />
  return report.data ? null : <Skeleton active />
}

type Column = TableColumnType<BulletinRow>
type Responsive = Column['responsive']

/** The columns both score tables have. */
export function scoreColumns(t: ReturnType<typeof useT>, label: ReturnType<typeof useDefLabel>, onExplain: (village: string) => void) {
  const village: Column = { key: 'village', dataIndex: 'village', title: t('col.village'), fixed: 'left', render: (v: string) => <b>{v}</b> }
  /** one column a rate, in the order of the first row's */
  const rates = (list: BulletinRow['rates'], responsive?: Responsive): Column[] =>
    list.map((rc, i) => ({
      key: rc.id,
      title: label('variable', rc.id, rc.name),
      align: 'right',
      ...(responsive ? { responsive } : {}),
      render: (_: unknown, r: BulletinRow) => pct(r.rates[i]?.value),
    }))
  const letters = (responsive?: Responsive): Column => ({
    key: 'letters',
    title: t('col.letters'),
    ...(responsive ? { responsive } : {}),
    render: (_: unknown, r: BulletinRow) => <LetterTags letters={r.letters} />,
  })
  const explain: Column = {
    key: 'explain',
    title: t('col.actions'),
    render: (_: unknown, r: BulletinRow) => (
      <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => onExplain(r.village)} data-testid={`explain-${r.village}`}>
        {t('bulletin.explain')}
      </Button>
    ),
  }
  return { village, rates, letters, explain }
}

export function LetterTags({ letters }: { letters: Array<{ letter: string; name: string; count: number }> }) {
  return (
    <Space wrap size={2}>
      {letters.map((l) => (
        <Tag key={l.letter} color="volcano" title={l.name}>
          {l.letter}
          {l.count > 1 ? ` ×${l.count}` : ''}
        </Tag>
      ))}
    </Space>
  )
}
