/**
 * 登记: the scheme's intake form (the form of the event that registers a case), with the engine's
 * triage and routing shown live beside it; then `POST /api/cases`. Entries are kept as a draft in
 * this browser until the case is registered, so nothing is lost on a refusal or a reload.
 * Beside the form: earlier cases of the same petitioner or matter (可能的重复访), which the officer
 * may choose to link once the case is registered; above it, who is on duty today, offered first as
 * the case's officer.
 *
 * `#/register?triage=<case>`: triage of an online or imported petition (issue #18 §3). The form
 * starts from what was submitted (carried over by field role on the server), 受理日期 from the
 * submission date; a different date asks for a reason. Submitting sends the register event to
 * that case instead of creating one.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Alert, App, Button, Col, Grid, Input, Popconfirm, Row, Skeleton, Tag, Typography } from 'antd'
import { ApiError } from '../api'
import { api, loadScheme, loadToday, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { navigate, useLocation } from '../router'
import { cleanData, initialData } from '../schemaUtil'
import { DecidePreview, useDecidePreview } from '../components/DecidePreview'
import { LoadError } from '../components/Problem'
import { RefusalAlert } from '../components/RefusalAlert'
import { LazySchemaForm, type Refusal } from '../forms/LazyForm'
import { SimilarPanel, linkChosen } from '../channels/SimilarPanel'
import { DutySuggestion, officerField, useOnDuty, withDutyOptions } from '../channels/DutySuggestion'
import type { Similar } from '../channels/api'
import { useT as useChannelsT } from '../channels/messages'
import { useCan, useSession } from '../session'
import { draftKey, readDraft, restoreDraft, writeDraft } from '../../kit/drafts'
import { DroppedFields } from '../components/DroppedFields'
import { queuesApi } from '../queues/api'
import { useT as useQueuesT } from '../queues/messages'

/** The workflow and event `POST /api/cases` uses when none is given. */
const MACHINE = 'case'

export default function Register() {
  const i18n = useI18n()
  const { t } = i18n
  const ct = useChannelsT()
  const qt = useQueuesT()
  const can = useCan()
  const { message } = App.useApp()
  const schemeId = useSchemeId()
  const bundle = useAsync(() => Promise.all([loadScheme(schemeId), loadToday().catch(() => null)]), [schemeId])
  const scheme = bundle.data?.[0]
  const today = bundle.data?.[1] ?? null
  // triage of a submitted petition: its case and the form's values carried over
  const triageOf = useLocation().query.get('triage')
  const triage = useAsync(() => (triageOf ? queuesApi.triageStart(triageOf) : Promise.resolve(null)), [triageOf])
  const carried = triageOf ? (triage.data ?? undefined) : null
  const form = useMemo(() => {
    if (!scheme) return undefined
    if (carried) return scheme.forms.find((f) => f.id === carried.form)
    const wf = scheme.workflows.find((w) => w.id === MACHINE) ?? scheme.workflows[0]
    const ev = wf?.entry?.register ? wf.events[wf.entry.register] : undefined
    return scheme.forms.find((f) => f.id === ev?.form)
  }, [scheme, carried])

  const onDuty = useOnDuty(schemeId, form)
  const shownForm = useMemo(() => (form && onDuty.people.length ? withDutyOptions(form, onDuty.people) : form), [form, onDuty.people])

  // the draft is this user's, kept without the form's x-sensitive fields (review finding 14)
  const session = useSession()
  const key = draftKey(session.status === 'signedIn' ? session.user.username : '', ...(triageOf ? ['triage', triageOf] : ['register', schemeId]))
  const [formKey, setFormKey] = useState(0)
  /** Data to start the form from instead of the draft (a value filled from outside the form) */
  const [seed, setSeed] = useState<Record<string, unknown> | null>(null)
  // the draft as this form has it now: fields a later version removed are left out, and named (issue #17)
  const draft = useMemo(
    () => (form ? restoreDraft('local', key, form.schema) : null),
    // read again when the form is cleared or changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form, formKey],
  )
  const start = useMemo(() => {
    if (!form || carried === undefined) return undefined
    return seed ?? { ...initialData(form.schema, today), ...(carried?.data ?? {}), ...(draft?.data ?? {}) }
    // a new start only when the form is cleared or filled from outside
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, today, formKey, seed, draft, carried])
  const restored = useMemo(() => readDraft('local', key) !== null, [key])
  const dataRef = useRef<Record<string, unknown>>({})
  const [facts, setFacts] = useState<Record<string, unknown> | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [chosen, setChosen] = useState<Similar[]>([])
  const [reason, setReason] = useState('')
  const chosenRef = useRef(chosen)
  chosenRef.current = chosen
  const narrow = Grid.useBreakpoint().lg === false

  useEffect(() => {
    if (start) {
      dataRef.current = start
      if ((restored || carried) && form) setFacts(cleanData(form.schema, start))
    }
  }, [start, restored, form, carried])
  useEffect(() => () => clearTimeout(timer.current), [])

  const onChange = useCallback(
    (data: Record<string, unknown>) => {
      dataRef.current = data
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        if (!form) return
        setFacts(cleanData(form.schema, data))
        writeDraft('local', key, data, form.schema)
      }, 200)
    },
    [form, key],
  )

  const decideFn = useCallback((f: Record<string, unknown>, signal: AbortSignal) => api.decide(schemeId, f, signal), [schemeId])
  const preview = useDecidePreview(decideFn, facts, 200)

  const onSubmit = useCallback(
    async (data: Record<string, unknown>) => {
      if (!form) return
      const body = cleanData(form.schema, data)
      const change = carried ? changedReceivedOn(carried, body) : null
      if (change && !reason.trim()) {
        void message.warning(qt('triage.reasonHint', change))
        document.querySelector('[data-testid="triage-reason"] textarea')?.scrollIntoView({ behavior: 'smooth', block: 'center' })
        return
      }
      setSubmitting(true)
      setError(null)
      try {
        const c = carried
          ? await queuesApi.triage(carried.caseId, { type: carried.event, form: body, expectedVersion: carried.version, ...(change ? { reason } : {}) })
          : await api.createCase(body, schemeId)
        clearTimeout(timer.current)
        writeDraft('local', key, null, form.schema)
        void message.success(carried ? qt('triage.done', { number: c.number }) : t('register.done', { number: c.number }))
        const links = chosenRef.current
        if (links.length) {
          const failed = await linkChosen(c.id, links)
          for (const f of failed) void message.warning(ct('similar.linkFailed', f))
          if (failed.length < links.length) void message.success(ct('similar.linkedDone', { n: links.length - failed.length }))
        }
        navigate(`/cases/${encodeURIComponent(c.number)}`)
      } catch (e) {
        setError(e)
        if (e instanceof ApiError && e.fields.length) setRefusal({ problems: e.fields, data })
        else setRefusal(null)
      } finally {
        setSubmitting(false)
      }
    },
    [form, key, message, t, ct, qt, schemeId, carried, reason],
  )

  // the on-duty officer chosen: the form starts again from what was typed, with the officer set
  const pickOfficer = (name: string) => {
    const field = officerField(form)
    if (!form || !field) return
    const data = { ...dataRef.current, [field]: name }
    clearTimeout(timer.current)
    writeDraft('local', key, data, form.schema)
    setSeed(data)
    setFacts(cleanData(form.schema, data))
    setFormKey((k) => k + 1)
  }

  const clear = () => {
    writeDraft('local', key, null, undefined)
    setError(null)
    setRefusal(null)
    setFacts(null)
    setChosen([])
    setSeed(null)
    setFormKey((k) => k + 1)
  }

  if (bundle.error) return <LoadError error={bundle.error} onRetry={bundle.reload} />
  if (triage.error) return <LoadError error={triage.error} onRetry={triage.reload} />
  if (!scheme || !form || !shownForm || !start || !onDuty.ready) return <Skeleton active />
  const receivedChange = carried ? changedReceivedOn(carried, facts ?? start) : null

  return (
    <div style={narrow ? { paddingBottom: 72 } : undefined}>
      <div className="page-title">
        <h1>{carried ? qt('triage.title', { number: carried.number }) : t('register.title')}</h1>
        {carried ? <Button href={`#/cases/${encodeURIComponent(carried.number)}`}>{qt('triage.back')}</Button> : null}
        <Popconfirm title={t('register.clearConfirm')} onConfirm={clear} okText={t('user.save')} cancelText={t('common.cancel')}>
          <Button>{t('register.clear')}</Button>
        </Popconfirm>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <div className="panel" data-testid="register-form">
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }}>
              {i18n.label(form)}
            </Typography.Title>
            {form.description ? <p className="muted">{form.description}</p> : null}
            {carried?.receivedOn ? (
              <Alert
                type="info"
                showIcon
                title={qt('triage.hint', { date: carried.receivedOn.value })}
                style={{ marginBottom: 12 }}
                data-testid="triage-hint"
              />
            ) : null}
            {restored && formKey === 0 ? <p className="muted">{t('register.draftRestored')}</p> : null}
            {formKey === 0 && draft ? <DroppedFields dropped={draft.dropped} /> : null}
            <DutySuggestion people={onDuty.people} current={(facts ?? start)[officerField(form) ?? '']} onPick={pickOfficer} />
            <RefusalAlert error={error} schema={form.schema} />
            {receivedChange ? (
              <div className="section" data-testid="triage-reason">
                <label>
                  <Typography.Text strong>{qt('triage.reason')}</Typography.Text>
                  <p className="muted" style={{ margin: '4px 0' }}>
                    {qt('triage.reasonHint', receivedChange)}
                  </p>
                  <Input.TextArea
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    maxLength={500}
                    autoSize={{ minRows: 2 }}
                    placeholder={qt('triage.reasonPlaceholder')}
                  />
                </label>
              </div>
            ) : null}
            <LazySchemaForm
              key={formKey}
              form={shownForm}
              initialData={start}
              onChange={onChange}
              onSubmit={onSubmit}
              refusal={refusal}
              submitting={submitting}
            />
          </div>
        </Col>
        <Col xs={24} lg={9}>
          <div className="sticky-side" id="decide-preview">
            <SimilarPanel
              schemeId={schemeId}
              facts={facts}
              schema={form.schema}
              chosen={chosen}
              onChosen={setChosen}
              canLink={can('case.link')}
              exclude={carried?.caseId}
            />
            <DecidePreview state={preview} schema={form.schema} />
          </div>
        </Col>
      </Row>
      {narrow && preview.status === 'ok' ? (
        // on a phone the panel is below the form: the routing so far stays in view while typing
        <button
          type="button"
          className="preview-bar"
          onClick={() => document.getElementById('decide-preview')?.scrollIntoView({ behavior: 'smooth' })}
          data-testid="preview-bar"
        >
          <Tag color="blue">{preview.decision.outcomeName || preview.decision.outcome}</Tag>
          {preview.decision.group ? <strong>{preview.decision.group}</strong> : null}
          {preview.decision.dueDate ? (
            <span>
              {t('preview.dueDate')} {preview.decision.dueDate}
            </span>
          ) : null}
        </button>
      ) : null}
    </div>
  )
}

/** The received date set on the form when it differs from the submission's (then a reason is asked for). */
function changedReceivedOn(
  c: { receivedOn: { field: string; value: string } | null },
  data: Record<string, unknown>,
): { set: string; submitted: string } | null {
  const set = c.receivedOn ? data[c.receivedOn.field] : undefined
  return c.receivedOn && typeof set === 'string' && set !== '' && set !== c.receivedOn.value ? { set, submitted: c.receivedOn.value } : null
}
