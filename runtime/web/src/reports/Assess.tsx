/**
 * 考核录入 (assessors only): for a village and a month, the manual items the scoring definition
 * declares — organisation and system items, bonus evidence, escalations (person-times by level),
 * the veto — with their value in the period and where it comes from (an entry, or the duty records
 * the scheme binds to the item); entering an item (a note or evidence reference is required) or
 * overriding a record-bound one; the history of entries with who, when and why; and the score
 * before and after.
 */
import { useEffect, useMemo, useState } from 'react'
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Switch, Table, Tag } from 'antd'
import { EditOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { loadScheme, loadToday, useAsync, useSchemeId } from '../data'
import { ApiError } from '../api'
import { errorMessage, LoadError } from '../components/Problem'
import { reportsApi, type AssessmentEntry, type Bulletin, type JsonSchemaLite, type ManualItem, type ScoringDefinition, type VillageScore } from './api'
import { periodEnd, pts } from './format'
import { GradeTag, loadDefinition, PeriodPicker, usePeriodName } from './shared'
import { ExplainDrawer, inputTitles } from './Explain'
import { useT } from './messages'

interface Group {
  key: string
  title: string
  items: ManualItem[]
}

/** Manual items grouped by their top-level input (组织落实, 制度建设, 加分依据, 越级上访…). */
export function groupItems(items: ManualItem[], inputs: JsonSchemaLite | undefined): Group[] {
  const groups = new Map<string, Group>()
  for (const it of items) {
    const top = it.item.includes('.') ? it.item.split('.')[0]! : it.item
    const title = it.item.includes('.') ? (inputs?.properties?.[top]?.title ?? top) : it.title
    const g = groups.get(top) ?? groups.set(top, { key: top, title, items: [] }).get(top)!
    g.items.push(it)
  }
  return [...groups.values()]
}

function valueAt(obj: Record<string, unknown> | undefined, path: string): unknown {
  let cur: unknown = obj
  for (const p of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[p]
  }
  return cur
}

function defaultAt(schema: JsonSchemaLite | undefined, path: string): unknown {
  let cur: JsonSchemaLite | undefined = schema
  for (const p of path.split('.')) cur = cur?.properties?.[p]
  return cur?.default
}

interface Change {
  village: string
  before: number
  after: number
}

export default function AssessScreen({
  period,
  onPeriod,
  village,
  onVillage,
}: {
  period: string
  onPeriod: (p: string) => void
  village: string | null
  onVillage: (v: string) => void
}) {
  const t = useT()
  const { message } = App.useApp()
  const scheme = useSchemeId()
  const periodName = usePeriodName()
  const bundle = useAsync(() => loadScheme(scheme), [scheme])
  const def = useAsync(() => loadDefinition(scheme), [scheme])
  const items = useAsync(() => reportsApi.items(scheme), [scheme])
  const today = useAsync(() => loadToday().catch(() => dayjs().format('YYYY-MM-DD')), [])
  const bulletin = useAsync((signal) => reportsApi.bulletin(scheme, period, signal), [scheme, period])
  const villages = useMemo(() => {
    const names = (bundle.data?.scheme.org.villages ?? []).map((v) => v.name)
    for (const r of bulletin.data?.rows ?? []) if (!names.includes(r.village)) names.push(r.village)
    return names
  }, [bundle.data, bulletin.data])
  const current = village && villages.includes(village) ? village : (villages[0] ?? null)
  const entries = useAsync((signal) => (current ? reportsApi.entries(scheme, current, signal) : Promise.resolve({ items: [] })), [scheme, current])
  const [editing, setEditing] = useState<{ item?: string; override?: boolean } | null>(null)
  const [change, setChange] = useState<Change | null>(null)
  const [explain, setExplain] = useState(false)
  useEffect(() => setChange(null), [current, period])

  const detail: VillageScore | undefined = bulletin.data?.details.find((d) => d.village === current)
  const groups = groupItems(items.data?.items ?? [], def.data?.inputs)
  const titles = inputTitles(def.data?.inputs)
  const itemTitle = (path: string) => titles.get(path) ?? items.data?.items.find((i) => i.item === path)?.title ?? path
  const yes = (v: unknown) => (v === true ? t('assess.yes') : v === false ? t('assess.no') : v === undefined || v === null ? '—' : String(v))

  const saved = async (b: Bulletin, before: number | undefined) => {
    bulletin.setData(b)
    entries.reload()
    const after = b.details.find((d) => d.village === current)?.result.total
    if (current && before !== undefined && after !== undefined) {
      setChange({ village: current, before, after })
      void message.success(t('assess.saved', { village: current, before: pts(before), after: pts(after) }))
    }
  }

  if (items.error) return <LoadError error={items.error} onRetry={items.reload} />
  return (
    <div data-testid="report-assess">
      <div className="report-toolbar">
        <Space wrap size={8}>
          <Select
            showSearch
            style={{ minWidth: 180 }}
            value={current ?? undefined}
            onChange={(v: string) => onVillage(v)}
            options={villages.map((v) => ({ value: v, label: v }))}
            placeholder={t('assess.village')}
            aria-label={t('assess.village')}
            data-testid="assess-village"
          />
          <PeriodPicker value={period} onChange={onPeriod} kinds="month" />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} disabled={!current} data-testid="assess-new">
          {t('assess.enter')}
        </Button>
      </div>
      {bulletin.error ? <LoadError error={bulletin.error} onRetry={bulletin.reload} /> : null}
      {change && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setChange(null)}
          className="section"
          data-testid="assess-change"
          title={t('assess.saved', { village: change.village, before: pts(change.before), after: pts(change.after) })}
        />
      )}
      {!detail && !bulletin.error ? <Skeleton active /> : null}
      {detail && (
        <Card size="small" className="section" data-testid="assess-score">
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label={t('assess.score', { period: periodName(period) })}>
              <b data-testid="assess-total">{pts(detail.result.total)}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('explain.grade')}>
              <GradeTag grade={detail.result.grade} total={detail.result.total} def={def.data} />
            </Descriptions.Item>
            <Descriptions.Item label={t('col.rank')}>{detail.rank}</Descriptions.Item>
          </Descriptions>
          <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setExplain(true)} data-testid="assess-explain">
            {t('bulletin.explain')}
          </Button>
        </Card>
      )}

      {detail && (
        <Card size="small" className="section" title={t('assess.items')} extra={<span className="muted small">{t('assess.countNote')}</span>}>
          {groups.map((g) => (
            <div key={g.key} className="section" data-testid={`assess-group-${g.key}`}>
              <div className="report-section-head">{g.title}</div>
              <Table<ManualItem>
                rowKey="item"
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={g.items}
                onRow={(it) => ({ 'data-testid': `assess-item-${it.item}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { key: 'title', title: t('assess.item'), render: (_, it) => it.title },
                  {
                    key: 'value',
                    title: t('assess.current'),
                    align: 'right',
                    width: 90,
                    render: (_, it) => {
                      const v = valueAt(detail.input, it.item)
                      return <span data-testid={`assess-value-${it.item}`}>{yes(v === undefined ? defaultAt(def.data?.inputs, it.item) : v)}</span>
                    },
                  },
                  {
                    key: 'source',
                    title: t('assess.source'),
                    width: '40%',
                    render: (_, it) => <SourceCell detail={detail} path={it.item} />,
                  },
                  {
                    key: 'act',
                    title: '',
                    width: 120,
                    render: (_, it) => {
                      const bound = !!detail.records[it.item]
                      return (
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing({ item: it.item, override: bound })}
                          data-testid={`assess-enter-${it.item}`}
                        >
                          {bound ? t('assess.override') : t('assess.enter')}
                        </Button>
                      )
                    },
                  },
                ]}
              />
            </div>
          ))}
        </Card>
      )}

      <Card size="small" className="section" title={t('assess.history')} data-testid="assess-history">
        {entries.error ? <LoadError error={entries.error} onRetry={entries.reload} /> : null}
        <Table<AssessmentEntry>
          rowKey="id"
          size="small"
          loading={entries.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('assess.historyNone')} /> }}
          dataSource={[...(entries.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at))}
          columns={[
            { key: 'date', dataIndex: 'date', title: t('assess.date') },
            { key: 'item', dataIndex: 'item', title: t('assess.item'), render: (v: string) => itemTitle(v) },
            { key: 'value', dataIndex: 'value', title: t('assess.value'), align: 'right', render: (v: unknown) => yes(v) },
            {
              key: 'note',
              dataIndex: 'note',
              title: t('assess.note'),
              render: (v: string, e) => (
                <span className="prewrap">
                  {v}
                  {e.attachment ? <Tag style={{ marginLeft: 4 }}>{e.attachment}</Tag> : null}
                </span>
              ),
            },
            { key: 'by', dataIndex: 'by', title: t('assess.by') },
            { key: 'at', dataIndex: 'at', title: t('assess.at'), render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      </Card>

      {editing && current && (
        <EntryModal
          scheme={scheme}
          village={current}
          period={period}
          today={today.data ?? dayjs().format('YYYY-MM-DD')}
          items={items.data?.items ?? []}
          def={def.data}
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            const before = detail?.result.total
            setEditing(null)
            await saved(await reportsApi.bulletin(scheme, period), before)
          }}
        />
      )}
      <ExplainDrawer open={explain} onClose={() => setExplain(false)} detail={detail} def={def.data} periodLabel={periodName(period)} />
    </div>
  )
}

function SourceCell({ detail, path }: { detail: VillageScore; path: string }) {
  const t = useT()
  const ev = detail.evidence[path] ?? []
  const rec = detail.records[path]
  const tags = []
  if (rec)
    tags.push(
      <Tag key="r" color="cyan" title={rec.records.map((r) => `${r.name} ${r.date}`).join('\n')}>
        {t('assess.sourceRecord')}：{rec.value ? t('assess.yes') : t('assess.no')}
        {rec.records.length ? ` · ${rec.records.length}` : ''}
      </Tag>,
    )
  if (detail.overridden.includes(path))
    tags.push(
      <Tag key="o" color="orange">
        {t('explain.overridden')}
      </Tag>,
    )
  const entries = ev.filter((e) => e.source === 'entry')
  if (entries.length)
    tags.push(
      <Tag key="e">
        {t('assess.sourceEntry')} · {entries.length}
      </Tag>,
    )
  if (!tags.length)
    tags.push(
      <span key="n" className="muted">
        {t('assess.sourceNone')}
      </span>,
    )
  const last = entries[entries.length - 1]
  return (
    <Space orientation="vertical" size={0} data-testid={`assess-source-${path}`}>
      <Space wrap size={2}>
        {tags}
      </Space>
      {last && last.source === 'entry' && (
        <span className="muted small">
          {last.date} · {last.by} · {last.note}
        </span>
      )}
      {rec?.missing.length ? <span className="muted small">{t('explain.missing', { list: rec.missing.join('、') })}</span> : null}
    </Space>
  )
}

interface FormValues {
  item: string
  value: boolean | number | null
  date: Dayjs
  note: string
  attachment?: string
}

function EntryModal({
  scheme,
  village,
  period,
  today,
  items,
  def,
  initial,
  onClose,
  onSaved,
}: {
  scheme: string
  village: string
  period: string
  today: string
  items: ManualItem[]
  def: ScoringDefinition | undefined
  initial: { item?: string; override?: boolean }
  onClose: () => void
  onSaved: () => Promise<void>
}) {
  const t = useT()
  const [form] = Form.useForm<FormValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const item = Form.useWatch('item', form) ?? initial.item
  const kind = items.find((i) => i.item === item)?.kind
  const end = periodEnd(period)
  const defaultDate = today >= `${period}-01` && today <= end ? today : end
  const groups = groupItems(items, def?.inputs)

  useEffect(() => {
    // a new item: the value's control changes kind
    const k = items.find((i) => i.item === item)?.kind
    const v = form.getFieldValue('value') as unknown
    if (k === 'boolean' && typeof v !== 'boolean') form.setFieldValue('value', true)
    if (k === 'count' && typeof v !== 'number') form.setFieldValue('value', 1)
  }, [item, items, form])

  const submit = async (v: FormValues) => {
    setBusy(true)
    setError(null)
    try {
      await reportsApi.addEntry(scheme, {
        village,
        item: v.item,
        value: kind === 'boolean' ? v.value === true : Number(v.value ?? 0),
        date: v.date.format('YYYY-MM-DD'),
        note: v.note,
        ...(v.attachment?.trim() ? { attachment: v.attachment.trim() } : {}),
      })
      await onSaved()
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const known = new Set(['item', 'value', 'date', 'note', 'attachment'])
        form.setFields(e.fields.filter((f) => known.has(f.field)).map((f) => ({ name: f.field as keyof FormValues, errors: [f.message] })))
        const other = e.fields.filter((f) => !known.has(f.field))
        setError(other.length ? other.map((f) => f.message).join('；') : e.message)
      } else setError(errorMessage(e, t('assess.required')))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      title={`${t('assess.form')} · ${village}`}
      onCancel={onClose}
      okText={t('assess.submit')}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'assess-submit' } as object) }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {initial.override && <Alert type="info" showIcon className="section" title={t('assess.boundNote')} />}
      {error && <Alert type="error" showIcon className="section" title={error} data-testid="assess-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ item: initial.item, value: undefined, date: dayjs(defaultDate), note: '' }}
        data-testid="assess-form"
      >
        <Form.Item name="item" label={t('assess.item')} rules={[{ required: true, message: t('assess.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="assess-item"
            options={groups.map((g) => ({ label: g.title, title: g.title, options: g.items.map((i) => ({ value: i.item, label: i.title })) }))}
          />
        </Form.Item>
        {kind === 'boolean' && (
          <Form.Item name="value" label={t('assess.value')} valuePropName="checked">
            <Switch checkedChildren={t('assess.yes')} unCheckedChildren={t('assess.no')} data-testid="assess-value-switch" />
          </Form.Item>
        )}
        {kind === 'count' && (
          <Form.Item name="value" label={`${t('assess.value')}（${t('assess.countValue')}）`} rules={[{ required: true, message: t('assess.required') }]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} data-testid="assess-value-number" />
          </Form.Item>
        )}
        <Form.Item name="date" label={t('assess.date')} rules={[{ required: true, message: t('assess.required') }]}>
          <DatePicker allowClear={false} data-testid="assess-date" />
        </Form.Item>
        <Form.Item name="note" label={t('assess.note')} rules={[{ required: true, whitespace: true, message: t('assess.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('assess.notePlaceholder')} data-testid="assess-note" />
        </Form.Item>
        <Form.Item name="attachment" label={t('assess.attachment')}>
          <Input maxLength={500} placeholder={t('assess.attachmentPlaceholder')} data-testid="assess-attachment" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
