/**
 * 案件: every case, filtered, sorted and paged by the server (`GET /api/cases`). The query lives in
 * the address (`#/cases?stage=handling&offset=20`), so a list can be bookmarked and Back works.
 * The reports link here with the filters behind a number (`…&proxied=1&concludedBy=…&repeats=0`); those show
 * as removable tags above the list. One tab per workflow of the scheme (petitions first, complaints
 * apart: `machine`); 导出 Excel downloads the filtered list with the columns shown (server-side, masked
 * as the list is: runtime/server/routes/export.ts).
 */
import { useMemo, useState, useEffect } from 'react'
import { App, Button, Card, Checkbox, Col, DatePicker, Grid, Input, Row, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd'
import { DownloadOutlined, FilterOutlined } from '@ant-design/icons'
import type { TableProps } from 'antd'
import dayjs from 'dayjs'
import { api, loadScheme, loadToday, useAsync, useSchemeId } from '../data'
import { areaMessages, useI18n } from '../i18n'
import { navigate } from '../router'
import type { CaseQuery, CaseSummary } from '../api'
import { stagesOf, stageInfo, stateInfoOf } from '../schemaUtil'
import { DueTag } from '../components/DueTag'
import { errorMessage, LoadError } from '../components/Problem'
import { saveBlob } from '../channels/api'
import { DUE_SOON_DAYS } from '../dates'

/** Filters the reports' numbers link with (GET /api/cases reads them; see runtime/reports/case-filters.ts). */
export const REPORT_FILTERS = ['machine', 'online', 'proxied', 'concluded', 'resolved', 'feedback', 'satisfied', 'dueBefore', 'concludedBy', 'repeats'] as const
type ReportFilter = (typeof REPORT_FILTERS)[number]
export type ListQuery = CaseQuery & { schemeId?: string } & Partial<Record<ReportFilter, string>>

const FILTERS = [
  'q',
  'stage',
  'village',
  'group',
  'channel',
  'officer',
  'receivedFrom',
  'receivedTo',
  'overdue',
  'dueSoon',
  'sort',
  'order',
  'offset',
  'limit',
  'status',
  'schemeId',
  ...REPORT_FILTERS,
] as const
const SORTABLE = new Set(['number', 'village', 'group', 'stage', 'receivedOn', 'dueDate', 'updatedAt'])

const useListT = areaMessages(
  {
    'tag.title': '统计口径',
    'tag.online': '网访渠道',
    'tag.proxied': '代办事项',
    'tag.concluded.1': '已办结',
    'tag.concluded.0': '未办结',
    'tag.resolved.1': '已化解',
    'tag.resolved.0': '未化解',
    'tag.feedback.1': '已反馈满意度',
    'tag.feedback.0': '未反馈满意度',
    'tag.satisfied.1': '满意',
    'tag.satisfied.0': '不满意',
    'tag.dueBefore': '截至 {date} 已超期、仍在办理',
    'tag.concludedBy': '截至 {date} 已办结',
    'tag.repeats.0': '不含重复访、多头访的后续案件',
    'tag.repeats.1': '重复访、多头访的后续案件',
    'tag.machine': '流程：{name}',
    'tag.village': '嘎查村（社区）：{v}',
    'tag.received': '受理日期：{from} 至 {to}',
    'tag.overdue': '已超期',
    'tag.remove': '去掉此条件',
    'export.button': '导出 Excel',
    'export.hint': '按当前筛选条件和显示的列导出全部 {n} 件',
    'export.file': '案件列表-{date}.xlsx',
    totalAtLeast: '共 {n}+ 条',
  },
  {
    'tag.title': 'Counted as',
    'tag.online': 'Online channels',
    'tag.proxied': 'Proxied',
    'tag.concluded.1': 'Concluded',
    'tag.concluded.0': 'Not concluded',
    'tag.resolved.1': 'Resolved',
    'tag.resolved.0': 'Not resolved',
    'tag.feedback.1': 'Satisfaction recorded',
    'tag.feedback.0': 'No satisfaction recorded',
    'tag.satisfied.1': 'Satisfied',
    'tag.satisfied.0': 'Dissatisfied',
    'tag.dueBefore': 'Overdue as of {date}, still open',
    'tag.concludedBy': 'Concluded by {date}',
    'tag.repeats.0': 'Without later cases of linked groups',
    'tag.repeats.1': 'Later cases of linked groups only',
    'tag.machine': 'Workflow: {name}',
    'tag.village': 'Village: {v}',
    'tag.received': 'Received {from} to {to}',
    'tag.overdue': 'Overdue',
    'tag.remove': 'Remove this filter',
    'export.button': 'Export to Excel',
    'export.hint': 'All {n} cases of the current filters, with the columns shown',
    'export.file': 'cases-{date}.xlsx',
    totalAtLeast: '{n}+ in all',
  },
)

export function queryFrom(params: URLSearchParams): ListQuery {
  const q: ListQuery = {}
  for (const k of FILTERS) {
    const v = params.get(k)
    if (v === null || v === '') continue
    if (k === 'overdue') q.overdue = v === '1'
    else if (k === 'dueSoon') q.dueSoon = Number(v) || DUE_SOON_DAYS
    else if (k === 'offset' || k === 'limit') q[k] = Math.max(0, Number(v) || 0)
    else if (k === 'order') q.order = v === 'asc' ? 'asc' : 'desc'
    else q[k] = v
  }
  return q
}

export function queryToHash(q: ListQuery): string {
  const p = new URLSearchParams()
  for (const k of FILTERS) {
    const v = q[k]
    if (v === undefined || v === '' || v === false || v === null) continue
    p.set(k, v === true ? '1' : String(v))
  }
  const s = p.toString()
  return `/cases${s ? `?${s}` : ''}`
}

/** A cell that may be long: cut with an ellipsis, the whole text in a tooltip. */
function clipped(v: string | null | undefined) {
  return v ? (
    <Tooltip title={v} placement="topLeft">
      <Typography.Text style={{ maxWidth: '100%' }} ellipsis>
        {v}
      </Typography.Text>
    </Tooltip>
  ) : null
}

export default function CaseList({ query }: { query: URLSearchParams }) {
  const i18n = useI18n()
  const { t } = i18n
  const q = useMemo(() => queryFrom(query), [query])
  const limit = q.limit && q.limit > 0 ? Math.min(q.limit, 200) : 20
  const offset = q.offset ?? 0
  const key = JSON.stringify(q)
  const schemeId = useSchemeId()
  // the cases of the scheme (town) worked in, not of every scheme the user holds grants in
  // petitions unless a tab (or a report's link) names another workflow: complaints are listed apart
  const machine = q.machine ?? 'case'
  const listed: ListQuery = { ...q, machine }
  const list = useAsync((signal) => api.listCases({ schemeId, ...listed, limit, offset }, signal), [key, schemeId])
  const scheme = useAsync(() => loadScheme(schemeId), [schemeId])
  const today = useAsync(() => loadToday().catch(() => null), [])
  const [text, setText] = useState(q.q ?? '')
  const [officer, setOfficer] = useState(q.officer ?? '')
  useEffect(() => {
    setText(q.q ?? '')
    setOfficer(q.officer ?? '')
  }, [q.q, q.officer])

  const lt = useListT()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const [exporting, setExporting] = useState(false)
  const workflows = scheme.data?.workflows ?? []
  const wf = workflows.find((w) => w.id === machine) ?? workflows[0]
  const org = scheme.data?.scheme.org
  // the scheme's due-soon window (deadlines.json dueSoonDays)
  const soonDays = scheme.data?.scheme.dueSoonDays ?? DUE_SOON_DAYS
  const set = (patch: Partial<ListQuery>) => {
    const next: ListQuery = { ...q, ...patch }
    if (!('offset' in patch)) delete next.offset
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === '' || v === false) delete (next as Record<string, unknown>)[k]
    navigate(queryToHash(next))
  }

  const channelName = (id: string | null) =>
    id
      ? i18n.label(
          org?.channels.find((c) => c.id === id),
          id,
        )
      : ''
  const columns: TableProps<CaseSummary>['columns'] = [
    {
      key: 'number',
      dataIndex: 'number',
      title: t('col.number'),
      sorter: true,
      width: 150,
      render: (v: string) => (
        <a href={`#/cases/${encodeURIComponent(v)}`} style={{ whiteSpace: 'nowrap' }}>
          {v}
        </a>
      ),
      fixed: 'left',
    },
    { key: 'petitionerName', dataIndex: 'petitionerName', title: t('col.petitioner'), width: 90, ellipsis: { showTitle: false }, render: clipped },
    {
      key: 'village',
      dataIndex: 'village',
      title: t('col.village'),
      sorter: true,
      responsive: ['md'],
      width: 130,
      ellipsis: { showTitle: false },
      render: clipped,
    },
    { key: 'category', dataIndex: 'category', title: t('col.category'), responsive: ['lg'], width: 150, ellipsis: { showTitle: false }, render: clipped },
    {
      key: 'group',
      dataIndex: 'group',
      title: t('col.group'),
      sorter: true,
      responsive: ['md'],
      width: 120,
      ellipsis: { showTitle: false },
      render: (v: string | null) =>
        clipped(
          v
            ? i18n.label(
                org?.groups.find((g) => g.name === v),
                v,
              )
            : '',
        ),
    },
    {
      key: 'stage',
      dataIndex: 'state',
      title: t('col.state'),
      sorter: true,
      width: 110,
      render: (_: string, s) => (
        <Tag style={{ maxWidth: 100, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }} title={i18n.label(stateInfoOf(wf, s.state))}>
          {i18n.label(stateInfoOf(wf, s.state))}
        </Tag>
      ),
    },
    {
      key: 'channel',
      dataIndex: 'channel',
      title: t('cases.channel'),
      responsive: ['xl'],
      width: 110,
      ellipsis: { showTitle: false },
      render: (v: string | null) => clipped(channelName(v)),
    },
    { key: 'officer', dataIndex: 'officer', title: t('col.officer'), responsive: ['lg'], width: 90, ellipsis: { showTitle: false }, render: clipped },
    { key: 'receivedOn', dataIndex: 'receivedOn', title: t('col.receivedOn'), sorter: true, responsive: ['sm'], width: 106 },
    // kept in view at the right edge: the due date is what the list is read for
    {
      key: 'dueDate',
      dataIndex: 'dueDate',
      title: t('col.dueDate'),
      sorter: true,
      fixed: 'right',
      width: 130,
      render: (v: string | null, s) => <DueTag dueDate={v} today={today.data ?? null} done={s.status === 'done'} />,
    },
  ]
  /** The columns on screen at this width (antd hides the `responsive` ones below their breakpoint), as the export names them */
  const onScreen = columns.filter((c) => !c.responsive || c.responsive.some((bp) => screens[bp]))
  const shownColumns = onScreen.map((c) => (c.key === 'stage' ? 'state' : String(c.key)))
  // below the widths' sum (≈1,190 px, e.g. 1366 px with the side menu) the table scrolls, 编号 and 办结时限 staying in view
  const tableWidth = onScreen.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 120), 0)
  const exportXlsx = async () => {
    setExporting(true)
    try {
      const query: Record<string, string> = { machine, columns: shownColumns.join(',') }
      for (const [k, v] of Object.entries(q))
        if (!['offset', 'limit', 'schemeId'].includes(k) && v !== undefined && v !== '' && v !== false) query[k] = v === true ? '1' : String(v)
      const res = await api.client.request('get', '/api/schemes/:id/cases/export', { params: { id: schemeId }, query: query as never, raw: true })
      saveBlob(await res.blob(), lt('export.file', { date: today.data ?? dayjs().format('YYYY-MM-DD') }))
    } catch (e) {
      void message.error(errorMessage(e, String(e)))
    } finally {
      setExporting(false)
    }
  }
  for (const col of columns) {
    if (col.key && q.sort === col.key) (col as { sortOrder?: 'ascend' | 'descend' }).sortOrder = q.order === 'asc' ? 'ascend' : 'descend'
  }

  const onTable: TableProps<CaseSummary>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter
      const field = s?.columnKey ? String(s.columnKey) : undefined
      if (field && SORTABLE.has(field) && s?.order) set({ sort: field, order: s.order === 'ascend' ? 'asc' : 'desc', offset: 0 })
      else set({ sort: undefined, order: undefined, offset: 0 })
      return
    }
    const size = pagination.pageSize ?? limit
    const page = pagination.current ?? 1
    set({ offset: (page - 1) * size, limit: size === 20 ? undefined : size })
  }

  const stages = stagesOf(wf)
  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null =
    q.receivedFrom || q.receivedTo ? [q.receivedFrom ? dayjs(q.receivedFrom) : null, q.receivedTo ? dayjs(q.receivedTo) : null] : null

  return (
    <div>
      <div className="page-title">
        <h1>{t('cases.title')}</h1>
        <Tooltip title={lt('export.hint', { n: list.data?.total ?? 0 })}>
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={!list.data?.total} onClick={() => void exportXlsx()} data-testid="case-export">
            {lt('export.button')}
          </Button>
        </Tooltip>
      </div>
      {workflows.length > 1 ? (
        <Tabs
          activeKey={machine}
          onChange={(k) => set({ machine: k === 'case' ? undefined : k, stage: undefined })}
          items={workflows.map((w) => ({ key: w.id, label: <span data-testid={`case-tab-${w.id}`}>{i18n.label(w)}</span> }))}
          data-testid="case-tabs"
          style={{ marginBottom: 0 }}
        />
      ) : null}
      <Card size="small" className="section" data-testid="case-filters">
        <Row gutter={[8, 8]}>
          <Col xs={24} sm={12} md={12} xl={8}>
            <Input.Search
              aria-label={t('cases.q')}
              placeholder={t('cases.q')}
              value={text}
              allowClear
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              data-testid="filter-q"
            />
          </Col>
          <Col xs={12} sm={6} md={6} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              aria-label={t('cases.stage')}
              placeholder={t('cases.stage')}
              value={q.stage}
              onChange={(v?: string) => set({ stage: v })}
              options={stages.map((s) => ({ value: s, label: i18n.label(stageInfo(wf, s)) }))}
              data-testid="filter-stage"
            />
          </Col>
          <Col xs={12} sm={6} md={6} xl={4}>
            <Select
              allowClear
              showSearch
              style={{ width: '100%' }}
              aria-label={t('cases.village')}
              placeholder={t('cases.village')}
              value={q.village}
              onChange={(v?: string) => set({ village: v })}
              options={(org?.villages ?? []).map((v) => ({ value: v.name, label: v.name }))}
            />
          </Col>
          <Col xs={12} sm={6} md={6} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              aria-label={t('cases.group')}
              placeholder={t('cases.group')}
              value={q.group}
              onChange={(v?: string) => set({ group: v })}
              options={(org?.groups ?? []).map((g) => ({ value: g.name, label: i18n.label(g) }))}
              data-testid="filter-group"
            />
          </Col>
          <Col xs={12} sm={6} md={6} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              aria-label={t('cases.channel')}
              placeholder={t('cases.channel')}
              value={q.channel}
              onChange={(v?: string) => set({ channel: v })}
              options={(org?.channels ?? []).map((c) => ({ value: c.id, label: i18n.label(c) }))}
            />
          </Col>
          <Col xs={12} sm={6} md={6} xl={4}>
            <Input.Search
              aria-label={t('cases.officer')}
              placeholder={t('cases.officer')}
              value={officer}
              allowClear
              onChange={(e) => setOfficer(e.target.value)}
              onSearch={(v) => set({ officer: v.trim() || undefined })}
              data-testid="filter-officer"
            />
          </Col>
          <Col xs={24} sm={12} md={12} xl={8}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              allowEmpty={[true, true]}
              placeholder={[t('cases.received'), t('cases.received')]}
              value={range}
              onChange={(v) => set({ receivedFrom: v?.[0]?.format('YYYY-MM-DD'), receivedTo: v?.[1]?.format('YYYY-MM-DD') })}
            />
          </Col>
          <Col xs={24} sm={24} md={12} xl={16}>
            <Space wrap>
              <Checkbox
                checked={!!q.overdue}
                onChange={(e) => set({ overdue: e.target.checked || undefined, dueSoon: undefined })}
                data-testid="filter-overdue"
              >
                {t('cases.overdue')}
              </Checkbox>
              <Checkbox
                checked={!!q.dueSoon}
                onChange={(e) => set({ dueSoon: e.target.checked ? soonDays : undefined, overdue: undefined })}
                data-testid="filter-due-soon"
              >
                {t('cases.dueSoon', { n: soonDays })}
              </Checkbox>
              <Select
                allowClear
                style={{ minWidth: 110 }}
                placeholder={t('cases.status')}
                aria-label={t('cases.status')}
                value={q.status}
                onChange={(v?: string) => set({ status: v })}
                options={(['active', 'done', 'error'] as const).map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
              />
              <Button onClick={() => navigate('/cases')}>{t('common.reset')}</Button>
            </Space>
          </Col>
        </Row>
      </Card>
      <FilterTags q={q} onRemove={(keys) => set(Object.fromEntries(keys.map((k) => [k, undefined])) as Partial<ListQuery>)} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onChange={onTable}
        tableLayout="fixed"
        scroll={{ x: tableWidth }}
        data-testid="case-table"
        pagination={{
          current: Math.floor(offset / limit) + 1,
          pageSize: limit,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          // past the store's count cap (PostgreSQL) the total is a lower bound: 共 10000+ 条
          showTotal: (n) => (list.data?.totalCapped ? lt('totalAtLeast', { n }) : t('common.total', { n })),
          size: 'small',
        }}
        onRow={(s) => ({ onDoubleClick: () => navigate(`/cases/${encodeURIComponent(s.number)}`) })}
      />
    </div>
  )
}

/**
 * The filters a report put on the list (and the village, dates and overdue that come with them),
 * each a tag whose close button drops it: the list then shows what is left.
 */
function FilterTags({ q, onRemove }: { q: ListQuery; onRemove: (keys: Array<keyof ListQuery>) => void }) {
  const t = useListT()
  // the workflow is the tab above the list, not a tag; a report's overdue count (KPI) arrives as overdue=1
  const fromReport = REPORT_FILTERS.some((k) => k !== 'machine' && q[k] !== undefined) || q.overdue !== undefined
  if (!fromReport) return null
  const tags: Array<{ key: string; label: string; keys: Array<keyof ListQuery> }> = []
  if (q.village) tags.push({ key: 'village', label: t('tag.village', { v: q.village }), keys: ['village'] })
  if (q.receivedFrom || q.receivedTo)
    tags.push({ key: 'received', label: t('tag.received', { from: q.receivedFrom ?? '…', to: q.receivedTo ?? '…' }), keys: ['receivedFrom', 'receivedTo'] })
  if (q.online) tags.push({ key: 'online', label: t('tag.online'), keys: ['online'] })
  if (q.proxied) tags.push({ key: 'proxied', label: t('tag.proxied'), keys: ['proxied'] })
  for (const k of ['concluded', 'resolved', 'feedback', 'satisfied'] as const) {
    const v = q[k]
    if (v !== undefined) tags.push({ key: k, label: t(`tag.${k}.${v === '0' || v === 'false' ? '0' : '1'}`), keys: [k] })
  }
  if (q.overdue) tags.push({ key: 'overdue', label: t('tag.overdue'), keys: ['overdue'] })
  if (q.dueBefore) tags.push({ key: 'dueBefore', label: t('tag.dueBefore', { date: q.dueBefore }), keys: ['dueBefore'] })
  if (q.concludedBy) tags.push({ key: 'concludedBy', label: t('tag.concludedBy', { date: q.concludedBy }), keys: ['concludedBy'] })
  if (q.repeats !== undefined)
    tags.push({ key: 'repeats', label: t(`tag.repeats.${q.repeats === '1' || q.repeats === 'true' ? '1' : '0'}`), keys: ['repeats'] })
  return (
    <Space wrap size={4} className="section" data-testid="case-filter-tags">
      <span className="muted">
        <FilterOutlined /> {t('tag.title')}：
      </span>
      {tags.map((tag) => (
        <Tag
          key={tag.key}
          color="blue"
          closable={{ 'aria-label': t('tag.remove') }}
          onClose={(e) => {
            e.preventDefault()
            onRemove(tag.keys)
          }}
          data-testid={`case-filter-tag-${tag.key}`}
        >
          {tag.label}
        </Tag>
      ))}
    </Space>
  )
}
