/**
 * Print views, as an office files them on A4: the 代办单 (`#/cases/:id/print/intake`), each 处置单
 * (`…/print/disposal/:dispatchId`) and the whole case file, 一案一档 (`…/print/file`). Plain HTML
 * tables, labels from the form schemas' titles, the town's name from the scheme, signature lines.
 */
import type { ReactNode } from 'react'
import { Alert } from 'antd'
import type { CaseView, DispatchRecord, EventRecord, FormDef } from '../api'
import { api, loadScheme, useAsync } from '../data'
import { usePeople } from './people'
import { useI18n } from '../i18n'
import { lookups, type Lookups } from '../lookups'
import { formRows, type Row } from '../schemaUtil'
import { roleField, roleTitle, roleValue } from '../../kit/forms/roles'
import { localToday } from '../dates'
import { DocHead, Filled, PrintPage, PrintWaiting, Sheet, usePrintingView } from './PrintPage'
import { dispatchInstructions } from './instructions'

export interface DocProps {
  c: CaseView
  L: Lookups
  town: string
  /** A person's display name for the login a record was made with (the login when unknown) */
  person?: (login: string) => string
}

export default function PrintView({ id, kind, part }: { id: string; kind: string; part?: string | undefined }) {
  const i18n = useI18n()
  const { t } = i18n
  const kase = useAsync(() => api.getCase(id), [id])
  const c = kase.data
  const bundle = useAsync(() => (c ? loadScheme(c.schemeId, c.schemeHash) : new Promise<never>(() => {})), [c?.schemeId, c?.schemeHash])
  const person = usePeople(c?.schemeId)
  usePrintingView()

  const error = kase.error ?? bundle.error
  if (error || !c || !bundle.data) return <PrintWaiting error={error} onRetry={kase.error ? kase.reload : bundle.reload} />
  const L = lookups(bundle.data, c.machine, i18n, c.context.records)
  const town = bundle.data.scheme.town
  const props: DocProps = { c, L, town, person }

  let body: ReactNode
  if (kind === 'intake') body = <IntakeDoc {...props} />
  else if (kind === 'disposal') {
    const d = c.context.dispatches.find((x) => x.id === part)
    body = d ? <DisposalDoc {...props} d={d} /> : <Alert type="error" showIcon title={t('print.notFound')} />
  } else if (kind === 'file') body = <FileDoc {...props} />
  else body = <Alert type="warning" showIcon title={t('notFound')} />

  return (
    <PrintPage back={`#/cases/${encodeURIComponent(c.number)}`} testId="print-view">
      {body}
    </PrintPage>
  )
}

function DocTitle({ town, title, meta }: { town: string; title: string; meta: Array<[string, string]> }) {
  return (
    <DocHead
      title={`${town}${title}`}
      meta={meta.map(([k, v]) => (
        <Filled label={k} value={v} />
      ))}
    />
  )
}

/** Rows in a four-column table: short fields two to a line, long ones across. */
function FormTable({ rows, tall = [] }: { rows: Row[]; tall?: string[] }) {
  const lines: ReactNode[] = []
  let pending: Row | null = null
  const flush = () => {
    if (!pending) return
    lines.push(
      <tr key={`r-${pending.field}`}>
        <th>{pending.title}</th>
        <td colSpan={3}>{pending.value}</td>
      </tr>,
    )
    pending = null
  }
  for (const r of rows) {
    if (r.long || tall.includes(r.field)) {
      flush()
      lines.push(
        <tr key={r.field}>
          <th>{r.title}</th>
          <td colSpan={3} className={tall.includes(r.field) ? 'tall' : 'long'}>
            {r.value}
          </td>
        </tr>,
      )
      continue
    }
    if (!pending) {
      pending = r
      continue
    }
    const a: Row = pending
    lines.push(
      <tr key={`${a.field}-${r.field}`}>
        <th>{a.title}</th>
        <td>{a.value}</td>
        <th>{r.title}</th>
        <td>{r.value}</td>
      </tr>,
    )
    pending = null
  }
  flush()
  return (
    <table className="form-table">
      <colgroup>
        <col className="c-label" />
        <col className="c-value" />
        <col className="c-label" />
        <col className="c-value" />
      </colgroup>
      <tbody>{lines}</tbody>
    </table>
  )
}

function Signatures({ who }: { who: string[] }) {
  const { t } = useI18n()
  return (
    <div className="signatures">
      {who.map((w) => (
        <div key={w} className="sig">
          <span>{w}：</span>
          <span className="line" />
          <span className="sig-date">{t('print.sign.date')}</span>
        </div>
      ))}
    </div>
  )
}

function PrintedOn() {
  const { t } = useI18n()
  return (
    <footer className="doc-foot">
      {t('print.printedOn')}：{localToday()}
    </footer>
  )
}

function intakeOf(c: CaseView, L: Lookups): { record: EventRecord | undefined; form: FormDef | undefined } {
  const record = c.context.records[0]
  return { record, form: record ? L.formOfEvent(record.event) : undefined }
}

/**
 * The 代办单's rows (exported for tests): the intake record, with what the system decided written
 * into the form's own fields — its read-only date fields (what the system writes, engine/decide/
 * facts.ts: the promised due date) get the decision's due date, its officer field the officer the
 * case is assigned to (by display name). `dueShown`/`officerShown`: the form has such a field.
 */
export function intakeRows(
  form: FormDef | undefined,
  data: Record<string, unknown> | undefined,
  c: Pick<CaseView, 'context'>,
  i18n: Parameters<typeof formRows>[2],
): { rows: Row[]; dueShown: boolean; officerShown: boolean } {
  if (!form) return { rows: [], dueShown: false, officerShown: false }
  const props = (form.schema.properties ?? {}) as Record<string, { readOnly?: boolean; format?: string; type?: unknown }>
  const due = c.context.decision?.dueDate ?? ''
  const officerField = roleField(form.schema, 'officer')
  const officer = c.context.officer?.name ?? ''
  const filled: Record<string, unknown> = { ...(data ?? {}) }
  let dueShown = false
  for (const [k, p] of Object.entries(props)) {
    if (p?.readOnly && p.format === 'date' && p.type === 'string') {
      dueShown = true
      if (due && (filled[k] === undefined || filled[k] === '')) filled[k] = due
    }
  }
  if (officerField && officer) filled[officerField] = officer
  return { rows: formRows(form, filled, i18n, true, true), dueShown, officerShown: officerField !== undefined }
}

/** The 代办单 (exported for tests). */
export function IntakeSheet({ c, L, town }: DocProps) {
  const i18n = useI18n()
  const { t } = i18n
  const { record, form } = intakeOf(c, L)
  const d = c.context.decision
  const { rows, dueShown, officerShown } = intakeRows(form, record?.form, c, i18n)
  const decisionRows: Row[] = [
    { field: '_outcome', title: t('print.decision.outcome'), value: d ? d.outcomeName || d.outcome : '', long: false },
    { field: '_group', title: t('print.decision.group'), value: d?.group ?? '', long: false },
    // the form's own rows carry these when it has them: each is printed once
    ...(dueShown ? [] : [{ field: '_due', title: t('print.decision.dueDate'), value: d?.dueDate ?? '', long: false }]),
    ...(officerShown ? [] : [{ field: '_officer', title: t('print.decision.officer'), value: c.context.officer?.name ?? '', long: false }]),
  ]
  const receivedOn = roleValue(form?.schema, c.context.facts, 'receivedOn')
  const received = typeof receivedOn === 'string' ? receivedOn : (record?.at ?? '')
  return (
    <Sheet>
      <DocTitle
        town={town}
        title={form?.printTitle ?? form?.name ?? t('case.intake')}
        meta={[
          [t('print.number'), c.number],
          [t('print.receivedOn'), received],
        ]}
      />
      <FormTable rows={rows} />
      {/* a workflow without triage (a complaint) has no decision to print, nor the 代办单's signatures */}
      {d ? (
        <>
          <h2 className="doc-sub">{t('case.decision')}</h2>
          <FormTable rows={decisionRows} />
          <Signatures who={[t('print.sign.petitioner'), t('print.sign.officer')]} />
        </>
      ) : null}
      <PrintedOn />
    </Sheet>
  )
}

function IntakeDoc(props: DocProps) {
  return <IntakeSheet {...props} />
}

/** One 处置单 (exported for tests). */
export function DisposalSheet({ c, L, town, d, person = (x) => x }: DocProps & { d: DispatchRecord }) {
  const i18n = useI18n()
  const { t } = i18n
  const rec = L.dispatchRecord(d)
  const form = rec ? L.formOfEvent(rec.event) : undefined
  const title = (role: string, fallback: string) => roleTitle(form?.schema, role) || fallback
  const intake = intakeOf(c, L).form
  // the form a reply of this unit was recorded with: its unit and result, by role
  const replyForm = (() => {
    for (const x of c.context.records) {
      const f = L.formOfEvent(x.event)
      if (x.form && roleValue(f?.schema, x.form, 'result') !== undefined && roleValue(f?.schema, x.form, 'unit') === d.unit) return f
    }
    return undefined
  })()
  const rows: Row[] = [
    {
      field: 'petitioner',
      title: roleTitle(intake?.schema, 'petitionerName') || t('print.disposal.petitioner'),
      value: c.summary.petitionerName ?? '',
      long: false,
    },
    { field: 'unit', title: t('print.disposal.unit'), value: L.unitName(d.unit), long: false },
    { field: 'matter', title: title('matter', t('print.disposal.matter')), value: d.matter, long: true },
    { field: 'requirement', title: title('requirement', t('print.disposal.requirement')), value: d.requirement ?? '', long: true },
    {
      field: 'leaderInstruction',
      title: title('leaderInstruction', t('case.leaderInstruction')),
      value: dispatchInstructions(d, c.context.records, rec, L.formOfEvent).join('\n'),
      long: true,
    },
    { field: 'urging', title: t('print.disposal.urging'), value: d.urgings.map((u) => `${u.at}　${u.content}（${person(u.by)}）`).join('\n'), long: true },
    {
      field: 'result',
      title: roleTitle(replyForm?.schema, 'result') || t('print.disposal.result'),
      value: d.replies.map((r) => `${r.repliedOn}　${r.result}`).join('\n'),
      long: true,
    },
  ]
  return (
    <Sheet>
      <DocTitle
        town={town}
        title={form?.printTitle ?? form?.name ?? t('case.dispatches')}
        meta={[
          [t('print.number'), `${c.number}-${d.id}`],
          [title('sentOn', t('print.date')), d.sentOn],
        ]}
      />
      <FormTable rows={rows} tall={['leaderInstruction', 'urging', 'result']} />
      <Signatures who={[t('print.sign.unit'), t('print.sign.unitSeal'), t('print.sign.officer')]} />
      <PrintedOn />
    </Sheet>
  )
}

function DisposalDoc(props: DocProps & { d: DispatchRecord }) {
  return <DisposalSheet {...props} />
}

function FileDoc(props: DocProps) {
  const i18n = useI18n()
  const { t } = i18n
  const { c, L, town, person = (x: string) => x } = props
  const { record, form: intake } = intakeOf(c, L)
  const o = c.context.outcome
  const summary = roleValue(intake?.schema, c.context.facts, 'summary')
  const cover: Row[] = [
    { field: 'number', title: t('print.number'), value: c.number, long: false },
    { field: 'petitioner', title: t('print.file.petitioner'), value: c.summary.petitionerName ?? '', long: false },
    { field: 'received', title: t('print.file.receivedOn'), value: c.summary.receivedOn ?? '', long: false },
    { field: 'concluded', title: t('print.file.concludedOn'), value: o?.concludedOn ?? '', long: false },
    { field: 'archived', title: t('print.file.archivedOn'), value: o?.archivedOn ?? '', long: false },
    { field: 'state', title: t('print.file.state'), value: L.stateLabel(c.state), long: false },
    { field: 'matter', title: t('print.file.matter'), value: typeof summary === 'string' ? summary : '', long: true },
  ]
  const docs: Array<[string, string]> = [[intake?.printTitle ?? intake?.name ?? t('case.intake'), record?.at ?? '']]
  for (const d of c.context.dispatches) {
    const rec = L.dispatchRecord(d)
    const form = rec ? L.formOfEvent(rec.event) : undefined
    docs.push([`${form?.printTitle ?? form?.name ?? t('case.dispatches')}（${d.id} ${L.unitName(d.unit)}）`, d.sentOn])
  }
  docs.push([t('print.file.records'), c.context.records.at(-1)?.at ?? ''])
  return (
    <>
      <Sheet className="cover">
        <div className="cover-title">
          <div className="cover-town">{town}</div>
          <h1>{t('print.file.title')}</h1>
        </div>
        <FormTable rows={cover} />
        <Signatures who={[t('print.sign.filer'), t('print.sign.checker')]} />
      </Sheet>
      <Sheet>
        <DocTitle town={town} title={t('print.file.toc')} meta={[[t('print.number'), c.number]]} />
        <table className="form-table toc">
          <thead>
            <tr>
              <th style={{ width: '12%' }}>{t('print.file.seq')}</th>
              <th>{t('print.file.doc')}</th>
              <th style={{ width: '22%' }}>{t('print.file.docDate')}</th>
            </tr>
          </thead>
          <tbody>
            {docs.map(([name, date], i) => (
              <tr key={i}>
                <td className="center">{i + 1}</td>
                <td>{name}</td>
                <td className="center">{date}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Sheet>
      <IntakeSheet {...props} />
      {c.context.dispatches.map((d) => (
        <DisposalSheet key={d.id} {...props} d={d} />
      ))}
      <Sheet>
        <DocTitle town={town} title={t('print.file.records')} meta={[[t('print.number'), c.number]]} />
        <table className="form-table records">
          <thead>
            <tr>
              <th style={{ width: '8%' }}>{t('print.file.seq')}</th>
              <th style={{ width: '16%' }}>{t('print.file.docDate')}</th>
              <th style={{ width: '22%' }}>{t('print.file.event')}</th>
              <th>{t('print.file.timeline')}</th>
              <th style={{ width: '13%' }}>{t('print.file.by')}</th>
            </tr>
          </thead>
          <tbody>
            {c.context.records.map((r) => {
              const form = L.formOfEvent(r.event)
              const rows = form ? formRows(form, r.form, i18n) : []
              return (
                <tr key={r.seq}>
                  <td className="center">{r.seq}</td>
                  <td className="center">{r.at}</td>
                  <td>
                    {L.eventLabel(r.event)}
                    {r.state ? <div className="small">→ {L.stateLabel(r.state)}</div> : null}
                  </td>
                  <td className="small">
                    {rows.map((x) => (
                      <div key={x.field}>
                        <b>{x.title}</b>：{x.value}
                      </div>
                    ))}
                  </td>
                  <td className="center">{person(r.by)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <Signatures who={[t('print.sign.filer'), t('print.sign.checker')]} />
        <PrintedOn />
      </Sheet>
    </>
  )
}
