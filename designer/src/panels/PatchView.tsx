/** A unified patch rendered readably: line numbers on both sides, additions and removals coloured. */
import { Collapse, Empty, Tag } from 'antd'
import { parsePatch, patchStats } from '../lib/patch'
import type { DiffFile } from '../api'
import type { I18n } from '../i18n'

const BG = { add: '#e6ffec', del: '#ffebe9', hunk: '#ddf4ff', ctx: 'transparent', note: 'transparent' }

export function PatchTable({ patch }: { patch: string }) {
  const rows = parsePatch(patch)
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} style={{ background: BG[r.type] }} className={`diff-${r.type}`}>
            <td style={{ width: 44, textAlign: 'right', color: '#595959', padding: '0 6px', userSelect: 'none' }}>{r.oldNo ?? ''}</td>
            <td style={{ width: 44, textAlign: 'right', color: '#595959', padding: '0 6px', userSelect: 'none' }}>{r.newNo ?? ''}</td>
            <td style={{ width: 14, color: r.type === 'add' ? '#1a7f37' : r.type === 'del' ? '#cf222e' : '#595959' }}>
              {r.type === 'add' ? '+' : r.type === 'del' ? '−' : ''}
            </td>
            <td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', color: r.type === 'hunk' ? '#0969da' : undefined }}>{r.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function DiffFiles({ files, i18n }: { files: DiffFile[]; i18n: I18n }) {
  if (!files.length) return <Empty description={i18n.t('noDiff')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
  return (
    <Collapse
      size="small"
      defaultActiveKey={files.map((f) => f.file)}
      data-testid="diff-files"
      items={files.map((f) => {
        const s = patchStats(parsePatch(f.patch))
        const color = f.status === 'added' ? 'green' : f.status === 'removed' ? 'red' : 'blue'
        return {
          key: f.file,
          label: (
            <span>
              <b>{f.file}</b> <Tag color={color}>{i18n.t(f.status === 'changed' ? 'changedFile' : f.status)}</Tag>
              <span style={{ color: '#1a7f37' }}>+{s.added}</span> <span style={{ color: '#cf222e' }}>−{s.removed}</span>
            </span>
          ),
          children: <PatchTable patch={f.patch} />,
        }
      })}
    />
  )
}
