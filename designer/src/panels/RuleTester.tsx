/**
 * The rule tester: facts typed as the facts form or as JSON (or taken from an existing case),
 * decided in the browser by the engine's `decide` on the draft, with outcome, group, due date,
 * reasons and the trace of every rule set (which rules matched, each condition with its value).
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { Alert, Descriptions, Empty, Input, Segmented, Select, Space, Tag, Typography, message } from 'antd'
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons'
import { SchemaForm } from '../rjsf'
import { api, type CaseListItem } from '../api'
import { debounce, localName, todayLocal, type PreviewProps } from './ctx'
import type { DecideReply } from '../engine/client'
import { problemText } from '../lib/problems'
import { decisionFacts } from '../../../engine/decide/facts'

/** Sample facts: today's date for required dates, the first choice of every choice field (enum, oneOf const, examples). */
export function sampleFacts(schema: Record<string, unknown>, today: string): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const required = new Set((schema.required as string[] | undefined) ?? [])
  const out: Record<string, unknown> = {}
  for (const [k, p] of Object.entries(props)) {
    const oneOf = Array.isArray(p.oneOf) ? (p.oneOf as Array<Record<string, unknown>>).filter((o) => typeof o.const === 'string') : []
    if (Array.isArray(p.enum) && p.enum.length && (p.type === 'string' || p.type === undefined)) out[k] = p.enum[0]
    else if (oneOf.length && p.type === 'string') out[k] = oneOf[0]!.const
    else if (Array.isArray(p.examples) && p.examples.length && p.type === 'string') out[k] = p.examples[0]
    else if (p.format === 'date' && required.has(k)) out[k] = today
    else if (p.type === 'string' && required.has(k)) out[k] = k === 'petitionerName' ? '测试' : '测试内容'
  }
  return out
}

const fmt = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v))

export default function RuleTester({ client, load, loadSeq, i18n }: PreviewProps) {
  const { t, lang } = i18n
  const form = load?.info?.forms.find((f) => f.id === load.info?.factsForm) ?? null
  const [mode, setMode] = useState<'form' | 'json'>('form')
  const [facts, setFacts] = useState<Record<string, unknown> | null>(null)
  const [jsonText, setJsonText] = useState('')
  const [jsonError, setJsonError] = useState<string | null>(null)
  const [result, setResult] = useState<DecideReply | null>(null)
  const [cases, setCases] = useState<CaseListItem[]>([])
  const [picked, setPicked] = useState<{ number: string; decision: { outcome: string; group: string | null; dueDate: string | null } | null } | null>(null)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    if (form && facts === null) {
      const s = sampleFacts(form.schema, todayLocal())
      setFacts(s)
      setJsonText(JSON.stringify(s, null, 2))
    }
  }, [form, facts])

  const run = useMemo(
    () =>
      debounce((f: Record<string, unknown>) => {
        client
          .decide(JSON.parse(JSON.stringify(f)) as unknown)
          .then(setResult)
          .catch((e: Error) => setResult({ ok: false, problems: [{ code: 'ERROR', pointer: '', message: e.message }] }))
      }, 150),
    [client],
  )
  useEffect(() => () => run.cancel(), [run])
  useEffect(() => {
    if (facts && load?.hasCompiled) run(facts)
  }, [facts, loadSeq, load?.hasCompiled, run])

  const search = useRef(
    debounce((q: string) => {
      api
        .cases(q, load?.info?.schemeId ?? 'galutu')
        .then((r) => setCases(r.items))
        .catch(() => setCases([]))
    }, 250),
  ).current
  useEffect(() => search(''), [search])

  const pickCase = async (id: string) => {
    try {
      const v = await api.caseView(id)
      // The engine's own rule for a case's decision facts (the server decides the case on the same).
      const f = decisionFacts(form ?? undefined, v.context?.facts)
      setFacts(f)
      setJsonText(JSON.stringify(f, null, 2))
      setFormKey((k) => k + 1)
      setPicked({ number: v.summary.number, decision: v.context?.decision ?? null })
      message.success(t('caseLoaded', { number: v.summary.number }))
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }

  if (!load?.info || !form) return <Empty description={t('noScheme')} />
  const ruleSetName = (id: string) => {
    const r = load.info?.ruleSets.find((x) => x.id === id)
    return r ? `${r.name}（${id}）` : id
  }
  const d = result?.ok ? result.decision : null
  return (
    <div data-testid="rule-tester">
      {load.compiledStale && <Alert type="warning" showIcon title={t('staleInfo')} style={{ marginBottom: 8 }} />}
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'form' | 'json')}
          options={[
            { value: 'form', label: t('factsAsForm') },
            { value: 'json', label: t('factsAsJson') },
          ]}
        />
        <Select
          style={{ width: 320 }}
          showSearch
          allowClear
          placeholder={`${t('pickCase')}：${t('pickCasePlaceholder')}`}
          filterOption={false}
          onSearch={search}
          onChange={(v) => v && void pickCase(v as string)}
          options={cases.map((c) => ({ value: c.id, label: `${c.number} · ${c.village ?? ''} · ${c.category ?? ''} · ${c.receivedOn ?? ''}` }))}
          data-testid="case-picker"
          aria-label={t('pickCase')}
        />
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 12 }}>
        <div style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto', paddingRight: 4 }}>
          {mode === 'form' ? (
            <SchemaForm
              key={`${formKey}:${lang}:${form.id}`}
              lang={lang}
              schema={{ ...form.schema, required: [] }}
              uiSchema={form.uiSchema}
              formData={facts ?? {}}
              onChange={(e) => {
                const f = e.formData as Record<string, unknown>
                setFacts(f)
                setJsonText(JSON.stringify(f, null, 2))
              }}
              submitText=""
              noValidate
            />
          ) : (
            <>
              <Input.TextArea
                aria-label={t('factsAsJson')}
                value={jsonText}
                autoSize={{ minRows: 16, maxRows: 40 }}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
                onChange={(e) => {
                  setJsonText(e.target.value)
                  try {
                    const v = JSON.parse(e.target.value) as Record<string, unknown>
                    setJsonError(null)
                    setFacts(v)
                    setFormKey((k) => k + 1)
                  } catch (err) {
                    setJsonError((err as Error).message)
                  }
                }}
              />
              {jsonError && <Alert type="error" title={t('jsonInvalid', { msg: jsonError })} />}
            </>
          )}
        </div>
        <div style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }} data-testid="decision" tabIndex={0}>
          {result && !result.ok && <Alert type="error" showIcon title={result.problems.map((p) => problemText(p, lang)).join('；')} />}
          {d && (
            <>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('outcome')}>
                  <Tag color="blue">{d.outcomeName}</Tag> <Typography.Text type="secondary">{d.outcome}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('group')}>{d.group ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('clock')}>
                  {d.clock
                    ? load.info?.clocks.find((c) => c.id === d.clock)
                      ? localName(
                          load.info.clocks.find((c) => c.id === d.clock)!,
                          lang,
                        )
                      : d.clock
                    : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('dueDate')}>
                  <b data-testid="due-date">{d.dueDate ?? '—'}</b>
                </Descriptions.Item>
                {d.escalateTo && <Descriptions.Item label={t('escalateTo')}>{d.escalateTo}</Descriptions.Item>}
              </Descriptions>
              {picked && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 6 }}>
                  {t('caseDecisionThen')}（{picked.number}）：
                  {picked.decision ? `${picked.decision.outcome} · ${picked.decision.group ?? '—'} · ${picked.decision.dueDate ?? '—'}` : '—'}
                </Typography.Paragraph>
              )}
              <Typography.Title level={5}>{t('reasons')}</Typography.Title>
              <ol style={{ paddingLeft: 20, marginTop: 0 }}>
                {(lang === 'en' ? d.reasonsEn : d.reasons).map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ol>
              <Typography.Title level={5}>{t('trace')}</Typography.Title>
              {d.trace.map((tr) => (
                <div key={tr.ruleSet} style={{ marginBottom: 10 }}>
                  <div>
                    <b>{ruleSetName(tr.ruleSet)}</b> → {tr.winner ? <Tag color="green">{tr.winner}</Tag> : <Tag>{lang === 'en' ? 'default' : '默认'}</Tag>}
                  </div>
                  {tr.rules.map((r) => (
                    <div key={r.id} style={{ marginLeft: 12 }}>
                      {r.matched ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#bfbfbf" />}{' '}
                      <span style={{ fontWeight: r.id === tr.winner ? 600 : 400, color: r.matched ? undefined : '#595959' }}>{r.name}</span>{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.id} · {t('priority')} {r.priority}
                      </Typography.Text>
                      {r.conditions.map((c, i) => (
                        <div key={i} style={{ marginLeft: 20, fontSize: 12, fontFamily: 'monospace', color: c.result ? '#237804' : '#595959' }}>
                          {c.result ? '✓' : '✗'} {c.fact} {c.operator} {fmt(c.value)}{' '}
                          <span style={{ color: '#595959' }}>
                            （{lang === 'en' ? 'value' : '实际'} {fmt(c.factValue)}）
                          </span>
                        </div>
                      ))}
                    </div>
                  ))}
                </div>
              ))}
            </>
          )}
        </div>
      </div>
    </div>
  )
}
