/** A list of problems, each clickable to jump to its file and pointer. */
import { List, Tag, Typography } from 'antd'
import type { I18n } from '../i18n'
import { problemText, type Problem } from '../lib/problems'

export function ProblemList({ problems, i18n, onJump, max }: { problems: Problem[]; i18n: I18n; onJump(file: string, pointer: string): void; max?: number }) {
  const shown = max ? problems.slice(0, max) : problems
  return (
    <List
      size="small"
      dataSource={shown}
      locale={{ emptyText: i18n.t('noProblems') }}
      data-testid="problem-list"
      renderItem={(p) => (
        <List.Item
          style={{ cursor: p.file ? 'pointer' : 'default', padding: '3px 8px' }}
          onClick={() => p.file && onJump(p.file, p.pointer)}
          data-testid="problem-item"
        >
          <div style={{ fontSize: 12, width: '100%' }}>
            <Tag color="red" style={{ fontSize: 11 }}>
              {p.code}
            </Tag>
            <Typography.Text code style={{ fontSize: 11 }}>
              {p.file ?? ''}
              {p.pointer ? ` ${p.pointer}` : ''}
            </Typography.Text>{' '}
            <span>{problemText(p, i18n.lang)}</span>
          </div>
        </List.Item>
      )}
    />
  )
}
