/**
 * Routing as a grid of matter categories × task groups: each category's row shows the group it
 * routes to; a Select in the row or a click on a cell moves it. The move is written where the
 * scheme keeps the group's categories: the group's list in org.json when its rule reads
 * `inCategoriesOf` the group (Galutu), or the rule's own `in` list.
 */
import { useMemo, useRef, useState, type HTMLAttributes } from 'react'
import { Alert, Input, Select, Table, Tag, Tooltip, Typography } from 'antd'
import { DownOutlined, SearchOutlined } from '@ant-design/icons'
import type { ColumnsType } from 'antd/es/table'
import type { OrgDefinition, RulesDefinition } from '../../../../engine/scheme/types'
import { label as nameOf, ptr, At, labelColumns } from '../kit'
import type { Lang } from '../../i18n'
import { moveCategory, routingGrid, type GroupColumn } from './model'
import type { T } from './messages'

export interface RoutingGridProps {
  doc: RulesDefinition
  rsIndex: number
  org: { file: string; doc: OrgDefinition } | null
  onChange(next: RulesDefinition, label: string): void
  /** Writes another draft file (org.json); absent when the host cannot. */
  onChangeFile?: (file: string, next: unknown, label: string) => void
  t: T
  lang: Lang
}

type Row = { category: string; groups: string[] }

export function RoutingGridView({ doc, rsIndex, org, onChange, onChangeFile, t, lang }: RoutingGridProps) {
  const rs = doc.ruleSets[rsIndex]!
  const groups = org?.doc.groups
  const grid = useMemo(() => routingGrid(rs, groups ?? []), [rs, groups])
  const [filter, setFilter] = useState('')
  const writable = (col: GroupColumn) => !!col.source && (col.source.type === 'rule' || (!!org && !!onChangeFile))
  const usesOrg = grid.columns.some((c) => c.source?.type === 'org')

  // Cells re-render only when their row changes (60-odd rows of Selects): what they call reads the latest documents.
  const latest = useRef({ doc, org, grid })
  latest.current = { doc, org, grid }
  const move = (category: string, to: string) => {
    const { doc, org, grid } = latest.current
    if (!org) return
    const col = grid.columns.find((c) => c.id === to)!
    const label = t('hMoveCategory', { category, group: nameOf(col, lang) })
    const next = moveCategory(doc, rsIndex, org.doc, category, to)
    if (next.org) {
      if (!onChangeFile) return
      onChangeFile(org.file, next.org, label)
    }
    if (next.rules) onChange(next.rules, label)
  }

  const rows = grid.rows.filter((r) => !filter || r.category.includes(filter.trim()))
  const changed = (a: Row, b: Row) => a.category !== b.category || a.groups.join('\n') !== b.groups.join('\n')
  const columns: ColumnsType<Row> = [
    {
      key: 'category',
      title: t('category'),
      width: 112,
      fixed: 'left',
      shouldCellUpdate: changed,
      render: (_: unknown, r: Row) => (
        <span style={{ fontSize: 13 }}>
          {r.category}
          {r.groups.length === 0 && (
            <Tag color="red" style={{ marginInlineStart: 4, fontSize: 11 }}>
              {t('unrouted')}
            </Tag>
          )}
          {r.groups.length > 1 && (
            <Tag color="orange" style={{ marginInlineStart: 4, fontSize: 11 }}>
              {t('twice')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      key: 'select',
      title: t('inGroup'),
      width: 136,
      shouldCellUpdate: changed,
      render: (_: unknown, r: Row) => (
        <LazySelect
          value={r.groups.length === 1 ? r.groups[0] : undefined}
          error={r.groups.length !== 1}
          onChange={(g: string) => move(r.category, g)}
          options={grid.columns.map((c) => ({ value: c.id, label: nameOf(c, lang), disabled: !writable(c) }))}
          testid={`route-select-${r.category}`}
        />
      ),
    },
    ...grid.columns.map((col): ColumnsType<Row>[number] => {
      const count = grid.rows.filter((r) => r.groups.includes(col.id)).length
      return {
        key: `g:${col.id}`,
        width: 48,
        align: 'center',
        shouldCellUpdate: changed,
        title: (
          <Tooltip title={col.source ? `${nameOf(col, lang)}（${count}）` : t('noRuleForGroup')}>
            <span
              data-testid={`route-col-${col.id}`}
              style={{ display: 'block', fontSize: 11, lineHeight: 1.2, whiteSpace: 'normal', color: col.source ? undefined : '#bfbfbf' }}
            >
              {nameOf(col, lang)}
              <span style={{ color: '#595959' }}> {count}</span>
            </span>
          </Tooltip>
        ),
        render: (_: unknown, r: Row) => {
          const on = r.groups.includes(col.id)
          const can = writable(col) && !(on && r.groups.length === 1)
          return (
            <span
              role="button"
              aria-pressed={on}
              aria-label={`${r.category} → ${nameOf(col, lang)}`}
              tabIndex={can ? 0 : -1}
              data-testid={`route-cell-${r.category}-${col.id}`}
              data-on={on ? '1' : '0'}
              onClick={() => can && move(r.category, col.id)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && can && move(r.category, col.id)}
              style={{
                display: 'inline-block',
                width: 18,
                height: 18,
                lineHeight: '18px',
                borderRadius: 9,
                cursor: can ? 'pointer' : 'default',
                border: `1px solid ${on ? '#1677ff' : col.source ? '#d9d9d9' : '#f0f0f0'}`,
                background: on ? '#1677ff' : 'transparent',
                color: '#fff',
                fontSize: 11,
              }}
            >
              {on ? '✓' : ''}
            </span>
          )
        },
      }
    }),
  ]

  return (
    <div data-testid={`routing-grid-${rs.id}`}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {t('routingHint')}
      </Typography.Paragraph>
      {usesOrg && !onChangeFile && <Alert type="warning" showIcon title={t('noOrgWriter')} style={{ marginBottom: 6 }} />}
      <Input
        size="small"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('filter')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        style={{ width: 200, marginBottom: 6 }}
        data-testid="route-filter"
      />
      <At pointer={ptr('ruleSets', rsIndex, 'rules')}>
        <Table<Row>
          key={lang}
          size="small"
          bordered
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 'max-content', y: 360 }}
          rowKey="category"
          dataSource={rows}
          columns={labelColumns(columns)}
          onRow={(r) => ({ 'data-testid': `route-row-${r.category}` }) as HTMLAttributes<HTMLElement>}
        />
      </At>
    </div>
  )
}

/**
 * A Select that is a plain button until used: a grid of sixty-odd rows renders sixty buttons, not
 * sixty Selects; a click (or focus) puts the Select there, open.
 */
function LazySelect({
  value,
  error,
  onChange,
  options,
  testid,
}: {
  value: string | undefined
  error: boolean
  onChange(v: string): void
  options: Array<{ value: string; label: string; disabled: boolean }>
  testid: string
}) {
  const [active, setActive] = useState(false)
  if (active)
    return (
      <Select
        size="small"
        defaultOpen
        autoFocus
        value={value}
        status={error ? 'error' : undefined}
        style={{ width: '100%' }}
        popupMatchSelectWidth={false}
        onChange={(v: string) => {
          setActive(false)
          onChange(v)
        }}
        onOpenChange={(open) => !open && setActive(false)}
        options={options}
        data-testid={testid}
      />
    )
  // a native button drawn like a small Select (sixty antd Buttons cost more than the table)
  return (
    <button
      type="button"
      onClick={() => setActive(true)}
      onFocus={() => setActive(true)}
      data-testid={testid}
      data-lazy="1"
      style={{
        width: '100%',
        height: 24,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 4,
        padding: '0 7px',
        fontSize: 13,
        background: '#fff',
        border: `1px solid ${error ? '#ff4d4f' : '#d9d9d9'}`,
        borderRadius: 4,
        cursor: 'pointer',
        color: 'rgba(0,0,0,0.88)',
        font: 'inherit',
      }}
    >
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{options.find((o) => o.value === value)?.label ?? ''}</span>
      <DownOutlined style={{ fontSize: 10, color: '#bfbfbf' }} />
    </button>
  )
}
