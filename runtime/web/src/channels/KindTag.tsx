/** 重复访 / 多头访 as a tag. */
import { Tag } from 'antd'
import type { RepeatKind } from './api'
import { useT } from './messages'

export function KindTag({ kind }: { kind: RepeatKind }) {
  const t = useT()
  return (
    <Tag color={kind === 'repeat' ? 'orange' : 'purple'} data-testid={`kind-${kind}`}>
      {t(`kind.${kind}`)}
    </Tag>
  )
}
