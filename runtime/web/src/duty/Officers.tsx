/**
 * 干部考核: the officers' periodic assessment (officer_halfyear in Galutu) — each officer's score
 * from their own case records (proxied, concluded, on time, resolved, satisfaction, urgings), the
 * training roll calls and the assessor's marks, every item with its formula and inputs. Marks are
 * entered with the scheme's marks form and their grounds (assessment.enter).
 */
import { useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Empty, Input, Modal, Select, Skeleton, Space, Table, Tag } from 'antd'
import { ApiError } from '../api'
import { useAsync } from '../data'
import { useI18n } from '../i18n'
import { navigate } from '../router'
import { useCan } from '../session'
import { formById } from '../schemaUtil'
import { FormValues } from '../components/FormValues'
import { LoadError } from '../components/Problem'
import { RefusalAlert } from '../components/RefusalAlert'
import { LazySchemaForm, type Refusal } from '../forms/LazyForm'
import { periodIds, type OfficerAssessment } from './api'
import { useT } from './messages'
import { shortTime, useDuty } from './shared'

const fmt = (n: number) => (Math.round(n * 100) / 100).toString()

export default function Officers({ period: wanted }: { period: string | null }) {
  const t = useT()
  const i18n = useI18n()
  const can = useCan()
  const { d, def, today } = useDuty()
  const oa = def.officerAssessment
  const periods = oa ? periodIds(oa.every, today) : []
  const period = wanted && periods.includes(wanted) ? wanted : (periods[0] ?? '')
  const res = useAsync(() => (oa ? d.officers(period) : Promise.resolve(null)), [d, period])
  const [marking, setMarking] = useState<OfficerAssessment | null>(null)
  if (!oa) return <Alert type="info" showIcon title={t('noDuty')} />
  const data = res.data
  return (
    <div data-testid="officers">
      <div className="duty-toolbar">
        <Space wrap size={8}>
          <span>{t('off.period')}</span>
          <Select
            aria-label={t('off.period')}
            value={period}
            onChange={(v) => navigate(`/duty/officers?period=${v}`, { replace: true })}
            options={periods.map((p) => ({ value: p, label: p }))}
            style={{ width: 120 }}
            data-testid="officer-period"
          />
          {data ? (
            <span className="muted">
              {i18n.label(data.period)}（{data.period.from} — {data.period.to}）
            </span>
          ) : null}
        </Space>
      </div>
      {oa.source ? <p className="muted duty-hint">{t('off.source', { source: oa.source })}</p> : null}
      {res.error ? <LoadError error={res.error} onRetry={res.reload} /> : null}
      {!data ? (
        res.error ? null : (
          <Skeleton active />
        )
      ) : data.officers.length === 0 ? (
        <Empty description={t('off.none')} />
      ) : (
        <Table
          size="small"
          rowKey="username"
          dataSource={data.officers}
          pagination={false}
          scroll={{ x: 640 }}
          onRow={(o) => ({ 'data-testid': `officer-${o.username}` }) as React.HTMLAttributes<HTMLElement>}
          expandable={{ expandedRowRender: (o) => <OfficerDetail o={o} />, expandRowByClick: true }}
          columns={[
            { key: 'name', title: t('off.col.name'), dataIndex: 'name' },
            {
              key: 'total',
              title: t('off.col.total'),
              render: (_, o) =>
                o.result ? (
                  <strong data-testid={`officer-total-${o.username}`}>
                    {fmt(o.result.total)} / {o.result.max}
                  </strong>
                ) : (
                  <Tag color="red">{t('off.problems')}</Tag>
                ),
            },
            { key: 'grade', title: t('off.col.grade'), render: (_, o) => (o.result?.grade ? <Tag color="blue">{o.result.grade}</Tag> : null) },
            {
              key: 'cases',
              title: t('off.col.cases'),
              render: (_, o) => `${o.stats.proxied ?? 0} / ${o.stats.concluded ?? 0} / ${o.stats.onTime ?? 0}`,
              responsive: ['sm'],
            },
            {
              key: 'training',
              title: t('off.col.training'),
              render: (_, o) => `${o.stats.trainingsAttended ?? 0} / ${o.stats.trainingsHeld ?? 0}`,
              responsive: ['sm'],
            },
            {
              key: 'marks',
              title: t('off.col.marks'),
              render: (_, o) => (
                <Space size={4}>
                  {o.marks ? <Tag color="green">{t('off.marked')}</Tag> : <Tag>{t('off.noMarks')}</Tag>}
                  {can('assessment.enter') && oa.marksForm ? (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation()
                        setMarking(o)
                      }}
                      data-testid={`marks-${o.username}`}
                    >
                      {o.marks ? t('off.editMarks') : t('off.enterMarks')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      {marking && oa.marksForm ? (
        <MarksModal
          officer={marking}
          period={period}
          formId={oa.marksForm}
          onClose={() => setMarking(null)}
          onDone={() => {
            setMarking(null)
            res.reload()
          }}
        />
      ) : null}
    </div>
  )
}

function OfficerDetail({ o }: { o: OfficerAssessment }) {
  const t = useT()
  const i18n = useI18n()
  const { bundle, name, def } = useDuty()
  const marksForm = formById(bundle.forms, def.officerAssessment?.marksForm)
  const r = o.result
  return (
    <div className="duty-officer" data-testid={`officer-detail-${o.username}`}>
      {o.problems.length ? <Alert type="error" showIcon title={t('off.problems')} description={o.problems.map((p) => p.message).join('；')} /> : null}
      {r ? (
        <>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 560 }}
            title={() => <strong>{t('off.items')}</strong>}
            dataSource={r.items}
            columns={[
              { key: 'section', title: '', render: (_, it) => r.sections.find((s) => s.id === it.section)?.name ?? it.section, responsive: ['md'] },
              {
                key: 'name',
                title: t('off.item'),
                render: (_, it) => (
                  <span>
                    {it.name}
                    {it.explain ? <div className="muted small">{it.explain}</div> : null}
                  </span>
                ),
              },
              {
                key: 'value',
                title: t('off.value'),
                render: (_, it) => (
                  <strong>
                    {fmt(it.value)}
                    {it.max !== null ? ` / ${it.max}` : ''}
                  </strong>
                ),
              },
              {
                key: 'inputs',
                title: t('off.inputs'),
                // a measure by its name, as a percentage; an input by its path
                render: (_, it) => (
                  <span className="muted small">
                    {Object.entries(it.inputs)
                      .map(([k, v]) => {
                        const m = r.variables.find((x) => x.id === k)
                        return m && typeof v === 'number' ? `${m.name} ${fmt(v * 100)}%` : `${k} = ${typeof v === 'number' ? fmt(v) : String(v)}`
                      })
                      .join('；')}
                  </span>
                ),
              },
            ]}
          />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3 }}
            style={{ marginTop: 8 }}
            title={t('off.variables')}
            items={r.variables.map((v) => ({ key: v.id, label: v.name, children: <span title={v.explain}>{fmt(v.value * 100)}%</span> }))}
          />
        </>
      ) : null}
      <div style={{ marginTop: 8 }}>
        <strong>{t('off.cases', { n: o.cases.length })}</strong>
        {o.cases.length === 0 ? (
          <p className="muted">{t('off.noCases')}</p>
        ) : (
          <div className="duty-roll">
            {o.cases.map((c) => (
              <a key={c.id} href={`#/cases/${encodeURIComponent(c.number)}`}>
                <Tag color={c.late ? 'red' : c.onTime ? 'green' : 'default'}>
                  {c.number}
                  {c.concludedOn ? ` · ${t('off.case.concluded')}` : ''}
                  {c.onTime ? ` · ${t('off.case.onTime')}` : ''}
                  {c.late ? ` · ${t('off.case.late')}` : ''}
                  {c.urged ? ` · ${t('off.case.urged', { n: c.urged })}` : ''}
                </Tag>
              </a>
            ))}
          </div>
        )}
      </div>
      <div style={{ marginTop: 8 }}>
        <strong>{t('off.trainings')}</strong>
        {o.trainings.length === 0 ? (
          <p className="muted">{t('off.noTrainings')}</p>
        ) : (
          <div className="duty-roll">
            {o.trainings.map((x) => (
              <Tag key={x.occurrence} color={x.present ? 'green' : 'default'}>
                {x.date} · {x.present ? (i18n.lang === 'en' ? 'present' : '到场') : i18n.lang === 'en' ? 'absent' : '缺席'}
              </Tag>
            ))}
          </div>
        )}
      </div>
      <div style={{ marginTop: 8 }} data-testid={`officer-marks-${o.username}`}>
        <strong>{t('off.marks')}</strong>
        {o.marks ? (
          <>
            <FormValues form={marksForm} data={o.marks.values} />
            <div className="prewrap">
              {t('off.marksNote')}：{o.marks.note}
            </div>
            <div className="muted small">{t('off.marksBy', { by: name(o.marks.by), at: shortTime(o.marks.at) })}</div>
          </>
        ) : (
          <p className="muted">{t('off.noMarks')}</p>
        )}
      </div>
    </div>
  )
}

function MarksModal({
  officer,
  period,
  formId,
  onClose,
  onDone,
}: {
  officer: OfficerAssessment
  period: string
  formId: string
  onClose: () => void
  onDone: () => void
}) {
  const t = useT()
  const { message } = App.useApp()
  const { d, bundle } = useDuty()
  const form = formById(bundle.forms, formId)
  const [note, setNote] = useState(officer.marks?.note ?? '')
  const [noteError, setNoteError] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const submit = async (data: Record<string, unknown>) => {
    if (!note.trim()) {
      setNoteError(true)
      return
    }
    setBusy(true)
    setError(null)
    try {
      await d.setMarks(period, officer.username, data, note.trim())
      void message.success(t('off.saved', { name: officer.name }))
      onDone()
    } catch (e) {
      setError(e)
      setRefusal(e instanceof ApiError && e.fields.length ? { problems: e.fields, data } : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={`${t('off.enterMarks')}：${officer.name}（${period}）`}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={640}
      data-testid="marks-modal"
    >
      {form ? (
        <Card size="small" variant="borderless">
          <RefusalAlert error={error} schema={form.schema} />
          <div style={{ marginBottom: 12 }}>
            <label htmlFor="marks_note">
              <span style={{ color: '#ff4d4f' }}>* </span>
              {t('off.marksNote')}
            </label>
            <Input.TextArea
              id="marks_note"
              rows={3}
              maxLength={2000}
              value={note}
              status={noteError ? 'error' : undefined}
              onChange={(e) => {
                setNote(e.target.value)
                setNoteError(false)
              }}
              data-testid="marks-note"
            />
            {noteError ? <div className="ant-form-item-explain-error">{t('off.noteRequired')}</div> : null}
          </div>
          <LazySchemaForm form={form} initialData={officer.marks?.values ?? {}} onSubmit={(x) => void submit(x)} refusal={refusal} submitting={busy} />
        </Card>
      ) : (
        <Alert type="error" showIcon title={formId} />
      )}
    </Modal>
  )
}
