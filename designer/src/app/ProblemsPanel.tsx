/** The live check's state and the draft's problems, by file. */
import { Empty, Tag } from 'antd'
import type { LoadReply } from '../engine/protocol'
import type { I18n } from '../i18n'
import type { Problem } from '../lib/problems'
import { ProblemList } from '../panels/ProblemList'

export function ProblemsPanel({
  checking,
  load,
  problems,
  grouped,
  i18n,
  onJump,
}: {
  checking: boolean
  load: LoadReply | null
  problems: Problem[]
  grouped: Array<{ file: string; problems: Problem[] }>
  i18n: I18n
  onJump(file: string, pointer: string): void
}) {
  const { t } = i18n
  return (
    <div style={{ height: '100%', overflow: 'auto', background: '#fff' }} data-testid="problems-panel">
      <div style={{ padding: '4px 8px', borderBottom: '1px solid #f0f0f0', fontSize: 12, display: 'flex', gap: 8, alignItems: 'center' }}>
        <b>{t('problems')}</b>
        {checking ? (
          <Tag color="processing">{t('liveChecking')}</Tag>
        ) : load?.ok ? (
          <Tag color="success" data-testid="live-ok">
            {t('liveOk', { ms: Math.round(load.loadMs) })}
          </Tag>
        ) : load ? (
          <Tag color="error" data-testid="live-bad">
            {t('liveBad', { n: problems.length })}
          </Tag>
        ) : null}
      </div>
      {grouped.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noProblems')} style={{ margin: 8 }} />
      ) : (
        grouped.map((g) => (
          <div key={g.file}>
            <div style={{ padding: '2px 8px', background: '#fafafa', fontSize: 12, fontWeight: 600 }}>{g.file || t('problemsOther')}</div>
            <ProblemList problems={g.problems} i18n={i18n} onJump={onJump} />
          </div>
        ))
      )}
    </div>
  )
}
