/**
 * The engine's triage and routing, live while the officer fills the intake form: the facts so far
 * go to `POST /api/schemes/:id/decide` (debounced, earlier requests aborted), and the panel shows
 * the outcome, task group, due date and reasons, or the fields still needed or wrong.
 */
import { useEffect, useRef, useState } from 'react'
import { Alert, Card, Descriptions, Spin, Tag } from 'antd'
import { ApiError, isAbort, type Decision, type FieldProblem, type JsonSchema } from '../api'
import { useI18n } from '../i18n'
import { fieldTitle } from '../schemaUtil'
import { stripFieldPrefix } from '../fieldErrors'

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; previous?: Decision }
  | { status: 'ok'; decision: Decision }
  | { status: 'problems'; message: string; fields: FieldProblem[] }
  | { status: 'error'; message: string }

const OUTCOME_COLOR: Record<string, string> = {
  proxy: 'blue',
  coordinate: 'cyan',
  excluded: 'red',
  answer_on_spot: 'green',
  legal_channel: 'purple',
  declined: 'orange',
}

/** Debounced decide calls for the facts given; `facts === null` means nothing filled yet. */
export function useDecidePreview(
  decide: (facts: Record<string, unknown>, signal: AbortSignal) => Promise<Decision>,
  facts: Record<string, unknown> | null,
  delayMs = 350,
): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: 'idle' })
  const decideRef = useRef(decide)
  decideRef.current = decide
  const key = facts ? JSON.stringify(facts) : null
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' })
      return
    }
    const ctl = new AbortController()
    const timer = setTimeout(() => {
      setState((s) => ({
        status: 'loading',
        ...(s.status === 'ok' ? { previous: s.decision } : s.status === 'loading' && s.previous ? { previous: s.previous } : {}),
      }))
      decideRef.current(JSON.parse(key) as Record<string, unknown>, ctl.signal).then(
        (decision) => !ctl.signal.aborted && setState({ status: 'ok', decision }),
        (e: unknown) => {
          if (ctl.signal.aborted || isAbort(e)) return
          if (e instanceof ApiError && e.status === 422) setState({ status: 'problems', message: e.message, fields: e.fields })
          else setState({ status: 'error', message: e instanceof Error ? e.message : String(e) })
        },
      )
    }, delayMs)
    return () => {
      clearTimeout(timer)
      ctl.abort()
    }
  }, [key, delayMs])
  return state
}

export function DecidePreview({ state, schema }: { state: PreviewState; schema?: JsonSchema }) {
  const i18n = useI18n()
  const { t, lang } = i18n
  const decision = state.status === 'ok' ? state.decision : state.status === 'loading' ? state.previous : undefined
  return (
    <Card
      size="small"
      className="decide-preview"
      data-testid="decide-preview"
      title={
        <span>
          {t('preview.title')} {state.status === 'loading' ? <Spin size="small" /> : null}
        </span>
      }
    >
      {state.status === 'idle' && <p className="muted">{t('preview.idle')}</p>}
      {state.status === 'error' && <Alert type="error" showIcon title={state.message} />}
      {state.status === 'problems' && (
        <div data-testid="decide-problems">
          <div className="preview-label">{t('preview.problems')}</div>
          <ul className="problems">
            {state.fields.length === 0 && <li>{state.message}</li>}
            {state.fields.map((f, i) => (
              <li key={`${f.field}-${i}`}>
                {f.field ? <strong>{fieldTitle(schema, f.field)}：</strong> : null}
                {stripFieldPrefix(stripFieldPrefix(f.message, f.field), fieldTitle(schema, f.field))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {decision && (
        <div className={state.status === 'loading' ? 'stale' : undefined} data-testid="decide-result">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'outcome',
                label: t('preview.outcome'),
                children: (
                  <Tag color={OUTCOME_COLOR[decision.outcome] ?? 'default'} data-testid="decide-outcome">
                    {decision.outcomeName || decision.outcome}
                  </Tag>
                ),
              },
              ...(decision.group ? [{ key: 'group', label: t('preview.group'), children: <strong data-testid="decide-group">{decision.group}</strong> }] : []),
              ...(decision.clock || decision.dueDate
                ? [{ key: 'due', label: t('preview.dueDate'), children: <span data-testid="decide-due">{decision.dueDate ?? t('preview.notRunning')}</span> }]
                : []),
              ...(decision.escalateTo ? [{ key: 'esc', label: t('preview.escalate'), children: decision.escalateTo }] : []),
            ]}
          />
          <div className="preview-label">{t('preview.reasons')}</div>
          <ol className="reasons">
            {(lang === 'en' && decision.reasonsEn?.length ? decision.reasonsEn : decision.reasons).map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  )
}
