/**
 * The case page: what the case is, where it is (stages and every event, labelled from the
 * workflow), what this user can do now (the `actions` the server computed for them, the suggested
 * one first; each one the scheme's form sent with `expectedVersion`), the disposal forms with their replies and urgings, the clocks, the
 * cases linked as the same matter (重复访 / 多头访), and every step's record. Uses the scheme version
 * the case is pinned to.
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Dropdown, Empty, Row, Skeleton, Space, Steps, Tag, Timeline } from 'antd'
import { DownOutlined, PrinterOutlined } from '@ant-design/icons'
import { ApiError, type CaseView, type ClockState, type DispatchRecord, type Org } from '../api'
import { api, loadScheme, loadToday, useAsync } from '../data'
import { navigate } from '../router'
import { areaMessages, useI18n } from '../i18n'
import { lookups, visitedStages, type Lookups } from '../lookups'
import { cleanData, initialData } from '../schemaUtil'
import { roleTitle, roleValue } from '../../kit/forms/roles'
import { DueTag } from '../components/DueTag'
import { DecidedLevel } from '../components/DecidedLevel'
import { FormValues } from '../components/FormValues'
import { LoadError } from '../components/Problem'
import { RefusalAlert } from '../components/RefusalAlert'
import { LazySchemaForm, type Refusal } from '../forms/LazyForm'
import { useCan, useSession } from '../session'
import { draftKey, restoreDraft, writeDraft } from '../../kit/drafts'
import { DroppedFields } from '../components/DroppedFields'
import { LinkedCases } from '../channels/LinkedCases'
import { routedUnits, withRoutedUnits } from '../forms/orgDefaults'
import { usePeople } from '../print/people'
import { focusResult } from '../a11y/focus'

export default function CasePage({ id }: { id: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const kase = useAsync(() => api.getCase(id), [id])
  const c = kase.data
  const bundle = useAsync(() => (c ? loadScheme(c.schemeId, c.schemeHash) : new Promise<never>(() => {})), [c?.schemeId, c?.schemeHash])
  const today = useAsync(() => loadToday().catch(() => null), [])
  const L = useMemo(() => (c ? lookups(bundle.data, c.machine, i18n, c.context.records) : null), [bundle.data, c, i18n])

  if (kase.error && !c) return <LoadError error={kase.error} onRetry={kase.reload} />
  if (!c || !L) return <Skeleton active />
  if (bundle.error) return <LoadError error={bundle.error} onRetry={bundle.reload} />
  if (!bundle.data) return <Skeleton active />

  return (
    <div data-testid="case-page" data-version={c.version}>
      <CaseHead c={c} L={L} />
      {c.error ? <Alert type="error" showIcon title={t('case.brokenScheme')} description={c.error.message} style={{ marginBottom: 12 }} /> : null}
      <Summary c={c} L={L} today={today.data ?? null} />
      <Row gutter={[16, 0]}>
        <Col xs={24} lg={14}>
          <Actions
            c={c}
            L={L}
            org={bundle.data.scheme.org}
            today={today.data ?? null}
            onCase={kase.setData}
            reload={() => api.getCase(c.id).then((n) => (kase.setData(n), n))}
          />
          <Dispatches c={c} L={L} />
          <Records c={c} L={L} />
        </Col>
        <Col xs={24} lg={10}>
          <LinkedCases caseId={c.id} version={c.version} channelName={L.channelName} onChanged={() => void api.getCase(c.id).then(kase.setData, kase.reload)} />
          <Clocks c={c} today={today.data ?? null} />
          <Outcome c={c} L={L} />
          <Progress c={c} L={L} />
        </Col>
      </Row>
    </div>
  )
}

/** The case page's own words (the shell's table is another helper's file) */
const usePageT = areaMessages({ printRecord: '打印{name}', required: '必填' }, { printRecord: 'Print {name}', required: 'required' })

function CaseHead({ c, L }: { c: CaseView; L: Lookups }) {
  const i18n = useI18n()
  const { t } = i18n
  const p = usePageT()
  const entry = L.formOfEvent(c.context.records[0]?.event ?? '')
  // the 代办单 and the case file are a petition's papers (its entry form is a printed form of the
  // scheme: printTitle); another workflow (a complaint) prints its own record under its form's name
  const papers = !!entry?.printTitle
  return (
    <div className="page-title case-head">
      <Space wrap size={8}>
        <h1 data-testid="case-number">{c.number}</h1>
        <Tag color={c.done ? 'green' : c.status === 'error' ? 'red' : 'blue'} data-testid="case-state">
          {L.stateLabel(c.state)}
        </Tag>
        <span className="muted">{t('case.version', { v: c.version })}</span>
      </Space>
      {papers ? (
        <Space wrap size={8}>
          <Button icon={<PrinterOutlined />} href={`#/cases/${encodeURIComponent(c.number)}/print/intake`} data-testid="print-intake">
            {t('case.printIntake')}
          </Button>
          <Button icon={<PrinterOutlined />} href={`#/cases/${encodeURIComponent(c.number)}/print/file`} data-testid="print-file">
            {t('case.printFile')}
          </Button>
        </Space>
      ) : entry ? (
        <Button icon={<PrinterOutlined />} href={`#/cases/${encodeURIComponent(c.number)}/print/intake`} data-testid="print-record">
          {p('printRecord', { name: i18n.label(entry) })}
        </Button>
      ) : null}
    </div>
  )
}

/** A masked case view: who may see the full details asks for them (the server records it). */
function Petitioner({ c, title }: { c: CaseView; title: (k: string, fallback: string) => string }) {
  const { t } = useI18n()
  const can = useCan()
  const [details, setDetails] = useState<Record<string, unknown> | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const show = async () => {
    setBusy(true)
    setError(null)
    try {
      setDetails((await api.petitioner(c.id)).details)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div style={{ marginTop: 8 }} data-testid="pii">
      {details ? (
        <Descriptions
          size="small"
          bordered
          title={t('pii.title')}
          column={{ xs: 1, sm: 2, md: 3 }}
          items={Object.entries(details).map(([k, v]) => ({ key: k, label: title(k, k), children: v === null || v === undefined ? '' : String(v) }))}
          data-testid="pii-details"
        />
      ) : (
        <Space wrap size={8}>
          <span className="muted">{t('pii.masked')}</span>
          {can('case.pii') ? (
            <Button size="small" onClick={() => void show()} loading={busy} title={t('pii.note')} data-testid="pii-show">
              {t('pii.show')}
            </Button>
          ) : null}
        </Space>
      )}
      {error ? <LoadError error={error} /> : null}
    </div>
  )
}

function Summary({ c, L, today }: { c: CaseView; L: Lookups; today: string | null }) {
  const i18n = useI18n()
  const { t } = i18n
  const f = c.context.facts ?? {}
  const intake = L.formOfEvent(c.context.records[0]?.event ?? '')
  // the intake's titles of the fields playing each role (the summary is keyed by role)
  const title = (role: string, fallback: string) => roleTitle(intake?.schema, role) || fallback
  const summary = roleValue(intake?.schema, f, 'summary')
  const d = c.context.decision
  const s = c.summary
  // a row for a role only when the case's intake form has that field or the case has a value
  // (an online petition has no level yet; a complaint has neither category nor level)
  const has = (role: string, value: unknown) => !!roleTitle(intake?.schema, role) || (value !== undefined && value !== null && value !== '')
  const items = [
    { key: 'p', label: title('petitionerName', t('col.petitioner')), children: s.petitionerName ?? '' },
    ...(has('village', s.village) ? [{ key: 'v', label: title('village', t('col.village')), children: s.village ?? '' }] : []),
    ...(has('channel', s.channel) ? [{ key: 'ch', label: title('channel', t('cases.channel')), children: L.channelName(s.channel) }] : []),
    ...(has('category', s.category) ? [{ key: 'cat', label: title('category', t('col.category')), children: s.category ?? '' }] : []),
    // the level as decided: a rule may have set it (a collective petition at the town level), beside the typed one
    ...(has('level', roleValue(intake?.schema, f, 'level') ?? d?.derived?.find((x) => x.role === 'level')?.value)
      ? [
          {
            key: 'lv',
            label: title('level', t('col.level')),
            children: <DecidedLevel decision={d} typed={roleValue(intake?.schema, f, 'level')} levelName={L.levelName} />,
          },
        ]
      : []),
    { key: 'r', label: title('receivedOn', t('col.receivedOn')), children: s.receivedOn ?? '' },
    { key: 'o', label: t('col.officer'), children: s.officer ?? <span className="muted">—</span> },
    {
      key: 'g',
      label: t('col.group'),
      children: s.group ? (
        <Tag color="blue" data-testid="case-group">
          {s.group}
        </Tag>
      ) : (
        <span className="muted">—</span>
      ),
    },
    {
      key: 'due',
      label: t('col.dueDate'),
      children:
        s.dueDate || !Object.keys(c.context.clocks ?? {}).length ? (
          <DueTag dueDate={s.dueDate} today={today} done={c.done} />
        ) : (
          <span className="muted">{t('clock.stopped')}</span>
        ),
    },
    ...(d ? [{ key: 'out', label: t('case.decision'), children: <Tag data-testid="case-outcome">{d.outcomeName || d.outcome}</Tag> }] : []),
  ]
  return (
    <Card size="small" className="section" title={t('case.summary')}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 4, xxl: 4 }} items={items} />
      {(c as CaseView & { masked?: boolean }).masked ? <Petitioner c={c} title={title} /> : null}
      {typeof summary === 'string' ? (
        <p className="prewrap" style={{ margin: '8px 0 0' }}>
          {summary}
        </p>
      ) : null}
      {d?.reasons?.length ? (
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'r',
              label: t('case.reasons'),
              children: (
                <ol style={{ margin: 0, paddingLeft: 20 }}>
                  {(i18n.lang === 'en' && d.reasonsEn?.length ? d.reasonsEn : d.reasons).map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ol>
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  )
}

/**
 * The actions the server says this user may take now (the case view's `actions`): the suggested
 * next step as the primary button, the rest under 更多操作.
 */
function Actions({
  c,
  L,
  org,
  today,
  onCase,
  reload,
}: {
  c: CaseView
  L: Lookups
  org: Org | undefined
  today: string | null
  onCase: (c: CaseView) => void
  reload: () => Promise<CaseView>
}) {
  const i18n = useI18n()
  const { t } = i18n
  const [selected, setSelected] = useState<string | null>(null)
  const known = useRef(new Map<string, { name: string; nameEn?: string; form?: string }>())
  for (const a of c.actions) known.current.set(a.type, a)
  const action = selected ? known.current.get(selected) : undefined
  const allowed = !!selected && c.actions.some((a) => a.type === selected)
  const first = c.actions.find((a) => a.type === c.suggested) ?? c.actions[0]
  const rest = c.actions.filter((a) => a !== first)
  // triage of an online or imported petition: the 代办单 opens filled from the submission (screens/Register.tsx, issue #18 §3)
  const triage = (type: string) => type === L.workflow?.entry?.register && (c.context.records[0]?.event ?? type) !== type
  const toggle = (type: string) => (triage(type) ? navigate(`/register?triage=${encodeURIComponent(c.number)}`) : setSelected(selected === type ? null : type))
  return (
    <Card size="small" className="section" title={t('case.actions')} data-testid="actions">
      {c.actions.length === 0 ? <p className="muted">{t('case.noActions')}</p> : null}
      <div className="action-buttons">
        {first ? (
          <Button
            type="primary"
            ghost={selected !== null && selected !== first.type}
            onClick={() => toggle(first.type)}
            data-testid={`action-${first.type}`}
            data-suggested="true"
          >
            {i18n.label(first)}
          </Button>
        ) : null}
        {rest.length ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: rest.map((a) => ({ key: a.type, label: <span data-testid={`action-${a.type}`}>{i18n.label(a)}</span> })),
              selectable: true,
              selectedKeys: selected ? [selected] : [],
              onClick: ({ key }) => toggle(key),
            }}
          >
            <Button data-testid="action-more">
              {t('case.moreActions', { n: rest.length })} <DownOutlined />
            </Button>
          </Dropdown>
        ) : null}
      </div>
      {selected && action ? (
        <ActionForm
          // the case moved onto a version whose form has other fields (a recount): the open form starts again from its draft
          key={`${selected}:${Object.keys(L.form(action.form)?.schema.properties ?? {}).join(',')}`}
          c={c}
          type={selected}
          label={i18n.label(action)}
          formId={action.form}
          L={L}
          org={org}
          today={today}
          allowed={allowed}
          onDone={(n) => {
            setSelected(null)
            onCase(n)
          }}
          onClose={() => setSelected(null)}
          reload={reload}
        />
      ) : null}
    </Card>
  )
}

function ActionForm(props: {
  c: CaseView
  type: string
  label: string
  formId?: string | undefined
  L: Lookups
  org?: Org | undefined
  today: string | null
  allowed: boolean
  onDone: (c: CaseView) => void
  onClose: () => void
  reload: () => Promise<CaseView>
}) {
  const { c, type, L } = props
  const { t } = useI18n()
  const { message } = App.useApp()
  const form = L.form(props.formId)
  // this user's draft, kept without the form's x-sensitive fields (review finding 14)
  const session = useSession()
  const key = draftKey(session.status === 'signedIn' ? session.user.username : '', 'case', c.id, type)
  // fields the form no longer has (a later version removed them) are left out of the draft, and named (issue #17)
  const [{ start, dropped }] = useState(() => {
    const r = restoreDraft('session', key, form?.schema)
    // the 处置单 starts with the routed group's member units ticked (issue #18 §4)
    const start = { ...(form ? initialData(form.schema, props.today) : {}), ...(r.data ?? {}) }
    return { start: withRoutedUnits(form?.schema, start, routedUnits(props.org, c.context.decision)), dropped: r.dropped }
  })
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [reloading, setReloading] = useState(false)
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const versionRef = useRef(c.version)
  versionRef.current = c.version

  const onChange = useCallback(
    (data: Record<string, unknown>) => {
      clearTimeout(saveTimer.current)
      saveTimer.current = setTimeout(() => writeDraft('session', key, data, form?.schema), 300)
    },
    [key, form],
  )

  const { onDone } = props
  const submit = useCallback(
    async (data: Record<string, unknown>) => {
      setSubmitting(true)
      setError(null)
      try {
        const body: { type: string; expectedVersion: number; form?: Record<string, unknown> } = { type, expectedVersion: versionRef.current }
        if (form) body.form = cleanData(form.schema, data)
        const n = await api.sendEvent(c.id, body)
        clearTimeout(saveTimer.current)
        writeDraft('session', key, null, undefined)
        void message.success(t('case.submitted', { name: props.label }))
        onDone(n)
        // the form closes: focus goes to the case's heading (its state tag beside it shows the new state)
        focusResult('[data-testid="case-page"] h1')
      } catch (e) {
        writeDraft('session', key, data, form?.schema)
        setError(e)
        setRefusal(e instanceof ApiError && e.fields.length ? { problems: e.fields, data } : null)
      } finally {
        setSubmitting(false)
      }
    },
    [c.id, type, form, key, message, t, props.label, onDone],
  )

  const reloadKeep = async () => {
    setReloading(true)
    try {
      const n = await props.reload()
      setError(null)
      void message.info(t('case.reloaded', { v: n.version }))
    } catch (e) {
      setError(e)
    } finally {
      setReloading(false)
    }
  }

  const conflict = error instanceof ApiError && error.isConflict
  return (
    <Card
      type="inner"
      size="small"
      title={props.label}
      className="action-form"
      data-testid={`action-form-${type}`}
      extra={
        <Button size="small" type="text" onClick={props.onClose}>
          {t('case.closeForm')}
        </Button>
      }
    >
      {form?.description ? (
        <p className="muted" style={{ marginTop: 0 }}>
          {form.description}
        </p>
      ) : null}
      {!props.allowed ? <Alert type="warning" showIcon title={t('case.notAllowedNow')} style={{ marginBottom: 12 }} /> : null}
      <RefusalAlert
        error={error}
        schema={form?.schema}
        action={
          conflict ? (
            <Button size="small" type="primary" loading={reloading} onClick={reloadKeep} data-testid="reload-keep">
              {t('case.reloadKeep')}
            </Button>
          ) : undefined
        }
      />
      {conflict ? <p className="muted">{t('case.conflict')}</p> : null}
      <DroppedFields dropped={dropped} />
      {form ? (
        <LazySchemaForm
          form={form}
          initialData={start}
          onChange={onChange}
          onSubmit={submit}
          refusal={refusal}
          submitting={submitting}
          disabled={!props.allowed}
          context={{ schemeId: c.schemeId, ...(c.summary.village ? { village: c.summary.village } : {}) }}
        />
      ) : (
        <Button type="primary" loading={submitting} disabled={!props.allowed} onClick={() => void submit({})} data-testid={`submit-${type}`}>
          {t('common.submit')}
        </Button>
      )}
    </Card>
  )
}

function Dispatches({ c, L }: { c: CaseView; L: Lookups }) {
  const { t } = useI18n()
  const list = c.context.dispatches ?? []
  return (
    <Card size="small" className="section" title={`${t('case.dispatches')}${list.length ? `（${list.length}）` : ''}`} data-testid="dispatches">
      {list.length === 0 ? <p className="muted">{t('case.noDispatches')}</p> : list.map((d) => <Dispatch key={d.id} c={c} d={d} L={L} />)}
    </Card>
  )
}

function Dispatch({ c, d, L }: { c: CaseView; d: DispatchRecord; L: Lookups }) {
  const i18n = useI18n()
  const { t } = i18n
  const rec = L.dispatchRecord(d)
  const form = rec ? L.formOfEvent(rec.event) : undefined
  const title = (role: string, fallback: string) => roleTitle(form?.schema, role) || fallback
  return (
    <div className="dispatch" data-testid={`dispatch-${d.id}`}>
      <div className="head">
        <Space wrap size={6}>
          <strong>{d.id}</strong>
          <span>{L.unitName(d.unit)}</span>
          {d.replies.length ? <Tag color="green">{t('case.replied')}</Tag> : <Tag color="orange">{t('case.awaiting')}</Tag>}
        </Space>
        <Button
          size="small"
          icon={<PrinterOutlined />}
          href={`#/cases/${encodeURIComponent(c.number)}/print/disposal/${encodeURIComponent(d.id)}`}
          data-testid={`print-disposal-${d.id}`}
        >
          {t('case.printDisposal')}
        </Button>
      </div>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 's', label: title('sentOn', t('print.disposal.sentOn')), children: d.sentOn },
          { key: 'm', label: title('matter', t('print.disposal.matter')), children: <span className="prewrap">{d.matter}</span> },
          ...(d.requirement
            ? [{ key: 'r', label: title('requirement', t('print.disposal.requirement')), children: <span className="prewrap">{d.requirement}</span> }]
            : []),
          ...(d.leaderInstruction
            ? [{ key: 'l', label: title('leaderInstruction', t('case.leaderInstruction')), children: <span className="prewrap">{d.leaderInstruction}</span> }]
            : []),
        ]}
      />
      <div>
        <strong>{t('case.replies')}</strong>
        {d.replies.length === 0 ? (
          <span className="muted">　{t('case.noReplies')}</span>
        ) : (
          <ul>
            {d.replies.map((r, i) => (
              <li key={i}>
                <span className="muted">{r.repliedOn}</span> <span className="prewrap">{r.result}</span> <span className="muted">（{r.by}）</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {d.urgings.length ? (
        <div>
          <strong>{t('case.urgings')}</strong>
          <ul>
            {d.urgings.map((u, i) => (
              <li key={i}>
                <span className="muted">{u.at}</span> {u.content} <span className="muted">（{u.by}）</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}

function clockStatus(s: ClockState['status'], t: ReturnType<typeof useI18n>['t']) {
  if (s === 'running') return <Tag color="processing">{t('clock.running')}</Tag>
  if (s === 'paused') return <Tag color="warning">{t('clock.paused')}</Tag>
  return <Tag>{t('clock.stopped')}</Tag>
}

function Clocks({ c, today }: { c: CaseView; today: string | null }) {
  const { t } = useI18n()
  const clocks = Object.values(c.context.clocks ?? {})
  return (
    <Card size="small" className="section" title={t('case.clocks')} data-testid="clocks">
      {clocks.length === 0 ? <p className="muted">{t('case.noClocks')}</p> : null}
      {clocks.map((k) => (
        <div key={k.clock} style={{ marginBottom: 8 }}>
          <Space wrap size={6}>
            <strong>{k.name}</strong>
            {clockStatus(k.status, t)}
            {k.status === 'running' ? <DueTag dueDate={k.dueDate} today={today} /> : null}
            {k.late === true ? <Tag color="red">{t('clock.late')}</Tag> : k.late === false ? <Tag color="green">{t('clock.onTime')}</Tag> : null}
          </Space>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'st', label: t('clock.started'), children: k.startedOn },
              { key: 'due', label: t('clock.due'), children: k.dueDate },
              {
                key: 'lim',
                label: t('clock.limit'),
                children: k.unit === 'workday' ? t('clock.workdays', { n: k.days }) : t('clock.calendarDays', { n: k.days }),
              },
              ...(k.pausedDays ? [{ key: 'pd', label: t('clock.paused'), children: t('clock.pausedDays', { n: k.pausedDays }) }] : []),
              ...(k.pausedSince ? [{ key: 'ps', label: t('clock.paused'), children: t('clock.pausedSince', { date: k.pausedSince }) }] : []),
              ...(k.stoppedOn ? [{ key: 'so', label: t('clock.stopped'), children: k.stoppedOn }] : []),
            ]}
          />
        </div>
      ))}
    </Card>
  )
}

function Outcome({ c, L }: { c: CaseView; L: Lookups }) {
  const { t } = useI18n()
  const o = c.context.outcome
  if (!o) return null
  const yn = (v: boolean | null) => (v === null ? null : v ? t('common.yes') : t('common.no'))
  const items = [
    o.concludedOn ? { key: 'c', label: t('outcome.concludedOn'), children: o.concludedOn } : null,
    o.resolved !== null ? { key: 'r', label: t('outcome.resolved'), children: yn(o.resolved) } : null,
    o.satisfied !== null ? { key: 's', label: t('outcome.satisfied'), children: yn(o.satisfied) } : null,
    o.escalatedTo ? { key: 'e', label: t('outcome.escalatedTo'), children: L.unitName(o.escalatedTo) } : null,
    o.reviewsUpheld ? { key: 'u', label: t('outcome.reviewsUpheld'), children: String(o.reviewsUpheld) } : null,
    o.archivedOn ? { key: 'a', label: t('outcome.archivedOn'), children: o.archivedOn } : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null)
  if (!items.length) return null
  return (
    <Card size="small" className="section" title={t('case.outcome')} data-testid="outcome">
      <Descriptions size="small" column={1} items={items} />
    </Card>
  )
}

function Progress({ c, L }: { c: CaseView; L: Lookups }) {
  const { t } = useI18n()
  const person = usePeople(c.schemeId)
  const stages = visitedStages(c, L.workflow)
  const current = stages.indexOf(c.stage)
  const records = c.context.records ?? []
  return (
    <Card size="small" className="section" title={t('case.progress')} data-testid="progress">
      <Steps
        size="small"
        orientation="vertical"
        current={current}
        status={c.done ? 'finish' : 'process'}
        items={stages.map((s) => ({ key: s, title: L.stageLabel(s) }))}
        style={{ marginBottom: 12 }}
      />
      <Timeline
        items={records.map((r) => ({
          key: r.seq,
          color: 'blue',
          content: (
            <div className="timeline-entry">
              <div>
                <strong>{L.eventLabel(r.event)}</strong>
                {r.state ? <Tag style={{ marginLeft: 6 }}>{L.stateLabel(r.state)}</Tag> : null}
              </div>
              <div className="when">
                {r.at} · {r.by === 'public' ? L.channelName(c.summary.channel) : person(r.by)}
              </div>
            </div>
          ),
        }))}
      />
    </Card>
  )
}

function Records({ c, L }: { c: CaseView; L: Lookups }) {
  const { t } = useI18n()
  const person = usePeople(c.schemeId)
  const records = c.context.records ?? []
  const groups: Array<{ event: string; items: typeof records }> = []
  for (const r of records) {
    const g = groups.find((x) => x.event === r.event)
    if (g) g.items.push(r)
    else groups.push({ event: r.event, items: [r] })
  }
  if (!groups.length)
    return (
      <Card size="small" className="section" title={t('case.records')}>
        <Empty />
      </Card>
    )
  const first = records[0]?.event
  return (
    <Card size="small" className="section case-records" title={t('case.records')} data-testid="records">
      <Collapse
        size="small"
        defaultActiveKey={first ? [first] : []}
        items={groups.map((g) => {
          const form = L.formOfEvent(g.event)
          return {
            key: g.event,
            label: (
              <span>
                {g.event === first && form ? `${L.eventLabel(g.event)}（${form.printTitle ?? form.name}）` : L.eventLabel(g.event)}
                {g.items.length > 1 ? <Tag style={{ marginLeft: 6 }}>{g.items.length}</Tag> : null}
              </span>
            ),
            children: g.items.map((r) => (
              <div key={r.seq} style={{ marginBottom: 8 }} data-testid={`record-${r.event}`}>
                <div className="muted" style={{ fontSize: 12 }}>
                  {r.at} · {r.by === 'public' ? L.channelName(c.summary.channel) : person(r.by)}
                </div>
                <FormValues form={form} data={r.form} />
              </div>
            )),
          }
        })}
      />
    </Card>
  )
}
