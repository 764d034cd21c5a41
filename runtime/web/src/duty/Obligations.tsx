/**
 * 常态化工作: every occurrence of the recurring duties (training with its roll call, meetings,
 * self-evaluation, satisfaction survey, officer assessment) with cadence, due date and status —
 * upcoming, due soon (from the obligation's reminder day), overdue, done — and one occurrence's
 * page: its stored evidence and the obligation's form (the scheme's, rendered by rjsf) to record it.
 */
import { useCallback, useMemo, useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Select, Skeleton, Space, Table, Tag } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { ApiError, type FormDef } from '../api'
import { useAsync } from '../data'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { useCan } from '../session'
import { cleanData, formById, initialData } from '../schemaUtil'
import { FormValues } from '../components/FormValues'
import { LoadError } from '../components/Problem'
import { RefusalAlert } from '../components/RefusalAlert'
import { LazySchemaForm, type Refusal } from '../forms/LazyForm'
import type { EvidenceRecord, Obligation, Occurrence, OccurrenceDetail } from './api'
import { cadenceLabel, useT } from './messages'
import { shortTime, useDuty } from './shared'

type Shown = 'upcoming' | 'dueSoon' | 'overdue' | 'done'

export function shownStatus(o: Pick<Occurrence, 'status' | 'dueSoon'>): Shown {
  if (o.status === 'done') return 'done'
  if (o.status === 'overdue') return 'overdue'
  return o.dueSoon ? 'dueSoon' : 'upcoming'
}

const COLOR: Record<Shown, string> = { upcoming: 'default', dueSoon: 'gold', overdue: 'red', done: 'green' }

export function ObligationStatus({ o }: { o: Occurrence }) {
  const t = useT()
  const s = shownStatus(o)
  return (
    <Tag color={COLOR[s]} data-status={s} data-testid={`ob-status-${o.id}`}>
      {s === 'done' && o.doneOn ? t('ob.doneOn', { date: o.doneOn }) : t(`ob.status.${s}`)}
    </Tag>
  )
}

export default function Obligations({ query }: { query: URLSearchParams }) {
  const t = useT()
  const i18n = useI18n()
  const { d, def, today } = useDuty()
  const year = /^\d{4}$/.test(query.get('year') ?? '') ? query.get('year')! : today.slice(0, 4)
  const status = (['upcoming', 'dueSoon', 'overdue', 'done'] as const).find((s) => s === query.get('status')) ?? ''
  const obligation = query.get('obligation') ?? ''
  const serverStatus = status === 'upcoming' || status === 'dueSoon' ? 'open' : status || undefined
  const list = useAsync(() => d.obligations({ year, status: serverStatus, obligation: obligation || undefined }), [d, year, serverStatus, obligation])
  const set = (k: string, v: string) => {
    const q = new URLSearchParams(query)
    if (v) q.set(k, v)
    else q.delete(k)
    const s = q.toString()
    navigate(`/duty/obligations${s ? `?${s}` : ''}`, { replace: true })
  }
  const items = (list.data?.items ?? []).filter((o) => !status || shownStatus(o) === status)
  const obOf = (id: string) => def.obligations.find((x) => x.id === id)
  const thisYear = Number(today.slice(0, 4))
  return (
    <div data-testid="obligations">
      <div className="duty-toolbar">
        <Space wrap size={8}>
          <Select
            aria-label={t('ob.year')}
            value={year}
            onChange={(v) => set('year', v === today.slice(0, 4) ? '' : v)}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: String(y) }))}
            style={{ width: 96 }}
            data-testid="ob-year"
          />
          <Select
            aria-label={t('ob.status')}
            value={status}
            onChange={(v) => set('status', v)}
            options={[
              { value: '', label: `${t('ob.status')}：${t('ob.all')}` },
              ...(['upcoming', 'dueSoon', 'overdue', 'done'] as const).map((s) => ({ value: s, label: t(`ob.status.${s}`) })),
            ]}
            style={{ width: 128 }}
            data-testid="ob-status-filter"
          />
          <Select
            aria-label={t('ob.kind')}
            value={obligation}
            onChange={(v) => set('obligation', v)}
            options={[{ value: '', label: `${t('ob.kind')}：${t('ob.all')}` }, ...def.obligations.map((o) => ({ value: o.id, label: i18n.label(o) }))]}
            style={{ minWidth: 180 }}
            popupMatchSelectWidth={false}
            data-testid="ob-kind-filter"
          />
        </Space>
        {list.data ? <span className="muted">{t('ob.counts', list.data.counts)}</span> : null}
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        <Skeleton active />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={items}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          onRow={(o) =>
            ({
              onClick: () => navigate(`/duty/obligations/${encodeURIComponent(o.id)}`),
              className: 'clickable',
              'data-testid': `ob-row-${o.id}`,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'name',
              title: t('ob.col.name'),
              render: (_, o) => (
                <a href={`#/duty/obligations/${encodeURIComponent(o.id)}`} onClick={(e) => e.stopPropagation()}>
                  {i18n.label(obOf(o.obligation) ?? o)}
                  {o.village ? `（${o.village.name}）` : ''}
                </a>
              ),
            },
            { key: 'period', title: t('ob.col.period'), render: (_, o) => i18n.label(o.period) },
            { key: 'cadence', title: t('ob.col.cadence'), render: (_, o) => cadenceLabel(t, obOf(o.obligation)?.every ?? 0), responsive: ['md'] },
            { key: 'due', title: t('ob.col.due'), dataIndex: 'due' },
            { key: 'status', title: t('ob.col.status'), render: (_, o) => <ObligationStatus o={o} /> },
          ]}
        />
      )}
    </div>
  )
}

/** Data without the roll call (shown as its own table). */
function withoutField(data: Record<string, unknown>, field: string | undefined): Record<string, unknown> {
  if (!field) return data
  const { [field]: _omit, ...rest } = data
  return rest
}

export function OccurrencePage({ id }: { id: string }) {
  const t = useT()
  const i18n = useI18n()
  const can = useCan()
  const { d, def, bundle } = useDuty()
  const occ = useAsync(() => d.occurrence(id), [d, id])
  const o = occ.data
  const ob = o ? def.obligations.find((x) => x.id === o.obligation) : undefined
  const form = o ? formById(bundle.forms, o.form) : undefined
  const [adding, setAdding] = useState(false)
  return (
    <div data-testid="occurrence" data-status={o ? shownStatus(o) : ''}>
      <Button type="link" icon={<ArrowLeftOutlined />} href="#/duty/obligations" style={{ paddingLeft: 0 }}>
        {t('ob.back')}
      </Button>
      {occ.error ? <LoadError error={occ.error} onRetry={occ.reload} /> : null}
      {!o ? (
        occ.error ? null : (
          <Skeleton active />
        )
      ) : (
        <>
          <Card
            size="small"
            className="section"
            title={
              <Space wrap size={8}>
                <span data-testid="occurrence-name">
                  {i18n.label(ob ?? o)}
                  {o.village ? `（${o.village.name}）` : ''}
                </span>
                <ObligationStatus o={o} />
              </Space>
            }
          >
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, md: 3 }}
              items={[
                { key: 'p', label: t('ob.period'), children: `${i18n.label(o.period)}（${o.period.from} — ${o.period.to}）` },
                {
                  key: 'd',
                  label: t('ob.due'),
                  children: (
                    <span>
                      {o.due} <span className="muted">{t('ob.remindOn', { date: o.remindOn })}</span>
                    </span>
                  ),
                },
                {
                  key: 'c',
                  label: t('ob.col.cadence'),
                  children: `${cadenceLabel(t, ob?.every ?? 0)} · ${t(ob?.scope === 'village' ? 'scope.village' : 'scope.town')}`,
                },
                ...(o.source ? [{ key: 's', label: t('ob.source'), children: o.source, span: 'filled' as const }] : []),
              ]}
            />
            {ob?.description ? (
              <p className="muted" style={{ marginBottom: 0 }}>
                {ob.description}
              </p>
            ) : null}
          </Card>
          <Card size="small" className="section" title={t('ob.records')} data-testid="evidence-list">
            {o.records.length === 0 ? <p className="muted">{t('ob.noRecords')}</p> : o.records.map((r) => <Evidence key={r.id} r={r} form={form} ob={ob} />)}
          </Card>
          {form && can('duty.record') ? (
            o.records.length && !adding ? (
              <Button onClick={() => setAdding(true)} data-testid="evidence-add">
                {t('ob.recordAnother')}
              </Button>
            ) : (
              <EvidenceForm
                key={o.records.length}
                occ={o}
                form={form}
                ob={ob}
                onDone={(n) => {
                  setAdding(false)
                  occ.setData(n)
                }}
              />
            )
          ) : null}
        </>
      )}
    </div>
  )
}

function Evidence({ r, form, ob }: { r: EvidenceRecord; form: FormDef | undefined; ob: Obligation | undefined }) {
  const t = useT()
  const { name } = useDuty()
  const field = ob?.attendance?.field
  const roll = field && Array.isArray(r.form[field]) ? (r.form[field] as Array<Record<string, unknown>>) : null
  return (
    <div className="duty-evidence" data-testid={`evidence-${r.id}`}>
      <Space wrap size={6} className="muted">
        <span>{t('ob.recordedBy', { date: r.date, by: name(r.by), at: shortTime(r.at) })}</span>
        {r.late ? <Tag color="orange">{t('ob.late')}</Tag> : null}
        {r.credits === null ? (
          <Tag>{t('ob.creditsAll')}</Tag>
        ) : r.credits.length ? (
          <Tag color="blue">{t('ob.credits', { villages: r.credits.join('、') })}</Tag>
        ) : null}
      </Space>
      <FormValues form={form} data={withoutField(r.form, field)} />
      {roll ? (
        <div data-testid="roll-call">
          <strong>{t('ob.rollCall')}</strong>{' '}
          <span className="muted">{t('ob.presentCount', { n: roll.filter((a) => a.present === true).length, m: roll.length })}</span>
          <div className="duty-roll">
            {roll.map((a, i) => (
              <Tag key={i} color={a.present === true ? 'green' : 'default'} title={typeof a.absenceReason === 'string' ? a.absenceReason : undefined}>
                {String(a.name ?? '')}
                {typeof a.village === 'string' && a.village ? `（${a.village}）` : ''} · {a.present === true ? t('ob.present') : t('ob.absent')}
              </Tag>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  )
}

function EvidenceForm({ occ, form, ob, onDone }: { occ: OccurrenceDetail; form: FormDef; ob: Obligation | undefined; onDone: (n: OccurrenceDetail) => void }) {
  const t = useT()
  const { message } = App.useApp()
  const { d, today } = useDuty()
  const start = useMemo(() => {
    const data = initialData(form.schema, today)
    const field = ob?.attendance?.field
    // the roll call starts from the people the obligation calls, all unticked
    if (field && occ.roll.length)
      data[field] = occ.roll.map((p) => ({ username: p.username, name: p.name, ...(p.village ? { village: p.village } : {}), present: false }))
    return data
  }, [form, today, ob, occ.roll])
  // On a roll call prefilled from the accounts, the account name is carried, not typed: hide it, and keep the order.
  const shown = useMemo<FormDef>(() => {
    const field = ob?.attendance?.field
    if (!field || !occ.roll.length) return form
    const ui = (form.uiSchema ?? {}) as Record<string, Record<string, unknown> | undefined>
    const own = ui[field] ?? {}
    const items = (own.items ?? {}) as Record<string, unknown>
    return {
      ...form,
      uiSchema: {
        ...ui,
        [field]: {
          ...own,
          'ui:options': { orderable: false, ...(own['ui:options'] as object | undefined) },
          items: { ...items, username: { 'ui:widget': 'hidden' } },
        },
      },
    }
  }, [form, ob, occ.roll.length])
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const submit = useCallback(
    async (data: Record<string, unknown>) => {
      setSubmitting(true)
      setError(null)
      try {
        await d.recordEvidence(occ.id, cleanData(form.schema, data))
        void message.success(t('ob.recorded'))
        onDone(await d.occurrence(occ.id))
      } catch (e) {
        setError(e)
        setRefusal(e instanceof ApiError && e.fields.length ? { problems: e.fields, data } : null)
      } finally {
        setSubmitting(false)
      }
    },
    [d, occ.id, form.schema, message, t, onDone],
  )
  return (
    <Card size="small" className="section" title={`${t('ob.record')}：${form.printTitle ?? form.name}`} data-testid="evidence-form">
      {form.description ? (
        <p className="muted" style={{ marginTop: 0 }}>
          {form.description}
        </p>
      ) : null}
      <RefusalAlert error={error} schema={form.schema} />
      {error && !(error instanceof ApiError) ? <Alert type="error" showIcon title={String(error)} /> : null}
      <LazySchemaForm form={shown} initialData={start} onSubmit={(x) => void submit(x)} refusal={refusal} submitting={submitting} />
    </Card>
  )
}
