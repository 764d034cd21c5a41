/** Scoring simulator: a village's facts entered through a form generated from the scoring's `inputs`, every item with its formula, and the grade. */
import { useEffect, useMemo, useState } from 'react'
import { Alert, Descriptions, Empty, Select, Space, Table, Tag, Typography } from 'antd'
import { SchemaForm } from '../rjsf'
import { debounce, localName, type PreviewProps } from './ctx'
import type { ScoreReply } from '../engine/client'
import { problemText } from '../lib/problems'

/** Zeros for required integers without a default, so a new form scores at once. */
export function sampleInputs(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const req = new Set((schema.required as string[] | undefined) ?? [])
  for (const [k, p] of Object.entries(props)) {
    if (p.type === 'object') {
      const v = sampleInputs(p)
      if (req.has(k) || Object.keys(v).length) out[k] = v
    } else if ((p.type === 'integer' || p.type === 'number') && req.has(k) && !('default' in p)) out[k] = 0
  }
  return out
}

const strip = (v: unknown) => JSON.parse(JSON.stringify(v ?? {})) as unknown

export default function ScoringSim({ client, load, loadSeq, i18n }: PreviewProps) {
  const { t, lang } = i18n
  const scorings = load?.info?.scorings ?? []
  const [picked, setPicked] = useState<string | null>(null)
  const sc = scorings.find((s) => s.id === picked) ?? scorings[0] ?? null
  const [data, setData] = useState<Record<string, unknown> | null>(null)
  const [r, setR] = useState<ScoreReply | null>(null)
  useEffect(() => {
    if (sc) setData(sampleInputs(sc.inputs))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sc?.id])
  const run = useMemo(
    () =>
      debounce((input: unknown, id: string) => {
        client
          .score(strip(input), id)
          .then(setR)
          .catch((e: Error) => setR({ ok: false, problems: [{ code: 'ERROR', pointer: '', message: e.message }] }))
      }, 150),
    [client],
  )
  useEffect(() => {
    if (sc && data && load?.hasCompiled) run(data, sc.id)
  }, [data, sc, loadSeq, load?.hasCompiled, run])
  if (!load?.info || !sc) return <Empty description={t('noScheme')} />
  const res = r?.ok ? r.result : null
  const sectionName = (id: string) => res?.sections.find((s) => s.id === id)?.name ?? id
  return (
    <div data-testid="scoring-sim">
      {load.compiledStale && <Alert type="warning" showIcon title={t('staleInfo')} style={{ marginBottom: 8 }} />}
      <Space style={{ marginBottom: 8 }}>
        <span>{t('scoringPick')}</span>
        <Select
          style={{ width: 280 }}
          aria-label={t('scoringPick')}
          value={sc.id}
          onChange={setPicked}
          options={scorings.map((s) => ({ value: s.id, label: `${localName(s, lang)}（${s.id}）` }))}
        />
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(220px, 1fr) minmax(0, 2fr)', gap: 12 }}>
        <div style={{ maxHeight: 'calc(100vh - 240px)', overflow: 'auto', paddingRight: 4 }}>
          <SchemaForm
            key={`${sc.id}:${lang}`}
            lang={lang}
            schema={sc.inputs}
            formData={data ?? {}}
            onChange={(e) => setData(e.formData as Record<string, unknown>)}
            submitText=""
            noValidate
          />
        </div>
        <div style={{ maxHeight: 'calc(100vh - 240px)', overflow: 'auto' }} tabIndex={0}>
          {r && !r.ok && <Alert type="error" showIcon title={r.problems.map((p) => problemText(p, lang)).join('；')} />}
          {res && (
            <>
              <Descriptions size="small" bordered column={2}>
                <Descriptions.Item label={t('total')}>
                  <b style={{ fontSize: 18 }} data-testid="score-total">
                    {res.total}
                  </b>{' '}
                  / {res.max}
                </Descriptions.Item>
                <Descriptions.Item label={t('grade')}>
                  <Tag color={res.vetoed.length ? 'red' : 'blue'} data-testid="score-grade">
                    {res.grade}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label="" span={2}>
                  <Typography.Text type="secondary">{res.gradeReason}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                style={{ marginTop: 8 }}
                pagination={false}
                rowKey="id"
                dataSource={res.sections}
                columns={[
                  { title: t('section'), dataIndex: 'name' },
                  { title: t('value'), render: (_, s) => <b>{s.value}</b> },
                  { title: t('max'), dataIndex: 'max' },
                  {
                    title: '',
                    dataIndex: 'note',
                    render: (n: string) => (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {n}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
              <Table
                size="small"
                style={{ marginTop: 8 }}
                pagination={false}
                rowKey="id"
                dataSource={res.items}
                columns={[
                  {
                    title: `${t('item')} · ${t('formula')}`,
                    render: (_, it) => (
                      <div style={{ fontSize: 12 }}>
                        <div>
                          <b>{it.name}</b>{' '}
                          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                            {sectionName(it.section)}
                          </Typography.Text>
                        </div>
                        <div style={{ color: '#1d39c4' }}>{it.formula}</div>
                        {it.explain && <div style={{ fontSize: 11, color: '#595959' }}>{it.explain}</div>}
                      </div>
                    ),
                  },
                  {
                    title: t('value'),
                    render: (_, it) => (
                      <span style={{ whiteSpace: 'nowrap' }}>
                        <b>{it.value}</b>
                        {it.max !== null ? ` / ${it.max}` : ''}
                      </span>
                    ),
                    width: 70,
                  },
                  {
                    title: t('inputs'),
                    width: 160,
                    render: (_, it) => (
                      <div style={{ fontSize: 11, fontFamily: 'monospace', wordBreak: 'break-all' }}>
                        {Object.entries(it.inputs).map(([k, v]) => (
                          <div key={k}>
                            {k.split('.').at(-1)}={typeof v === 'number' ? Math.round(v * 10000) / 10000 : String(v)}
                          </div>
                        ))}
                      </div>
                    ),
                  },
                ]}
              />
              {res.variables.length > 0 && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 8 }}>
                    {t('variables')}
                  </Typography.Title>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="id"
                    dataSource={res.variables}
                    columns={[
                      { title: t('item'), dataIndex: 'name' },
                      { title: t('value'), render: (_, v) => Math.round(v.value * 10000) / 10000 },
                      { title: t('formula'), render: (_, v) => <code style={{ fontSize: 11 }}>{v.formula}</code> },
                    ]}
                  />
                </>
              )}
              {res.letters.length > 0 && (
                <Typography.Paragraph style={{ marginTop: 8 }}>
                  {t('letters')}：
                  {res.letters.map((l) => (
                    <Tag key={l.id} color="orange">
                      {l.name} × {l.count}
                    </Tag>
                  ))}
                </Typography.Paragraph>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  )
}
