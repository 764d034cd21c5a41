/**
 * 可能的重复访, beside the intake form: earlier cases of the same petitioner (ID number, phone, or
 * name and village) or about the same matter, searched as the officer types (debounced, only when
 * one of those facts changed). Each can be chosen for linking; the links are made once the case
 * is registered (`linkChosen`). Matches in cases the officer may not open are only counted, with
 * the village and units to ask.
 */
import { useEffect, useMemo, useState } from 'react'
import { Card, Checkbox, Empty, Space, Spin, Tag } from 'antd'
import { isAbort, type JsonSchema } from '../api'
import { loadSchemeSummary, useAsync } from '../data'
import { useI18n } from '../i18n'
import { href } from '../router'
import { channelsApi, type Similar, type SimilarElsewhere } from './api'
import { matchFacts } from './logic'
import { useT } from './messages'

/** Pause after the last change before searching */
export const SIMILAR_DEBOUNCE_MS = 400

export function SimilarPanel(props: {
  schemeId: string
  facts: Record<string, unknown> | null
  schema?: JsonSchema
  chosen: Similar[]
  onChosen: (chosen: Similar[]) => void
  canLink: boolean
  /** the case being triaged: not its own repeat */ exclude?: string
}) {
  const { schemeId, facts, schema, chosen, onChosen, canLink, exclude } = props
  const t = useT()
  const i18n = useI18n()
  const query = useMemo(() => matchFacts(facts, schema), [facts, schema])
  const key = query?.key ?? null
  const [state, setState] = useState<{ key: string | null; items: Similar[]; elsewhere: SimilarElsewhere[]; loading: boolean }>({
    key: null,
    items: [],
    elsewhere: [],
    loading: false,
  })
  const scheme = useAsync(() => loadSchemeSummary(schemeId), [schemeId])
  const channelName = useMemo(() => {
    const m = new Map((scheme.data?.org.channels ?? []).map((c) => [c.id, c]))
    return (id: string | null) => (id ? i18n.label(m.get(id), id) : '')
  }, [scheme.data, i18n])

  useEffect(() => {
    if (!query) {
      setState({ key: null, items: [], elsewhere: [], loading: false })
      return
    }
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true }))
    const timer = setTimeout(() => {
      channelsApi.similar(schemeId, query.facts, ctl.signal).then(
        (r) =>
          !ctl.signal.aborted && setState({ key: query.key, items: r.items.filter((i) => i.caseId !== exclude), elsewhere: r.elsewhere ?? [], loading: false }),
        (e: unknown) => !ctl.signal.aborted && !isAbort(e) && setState({ key: query.key, items: [], elsewhere: [], loading: false }),
      )
    }, SIMILAR_DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      ctl.abort()
    }
    // the key stands for the facts searched with
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [schemeId, key])

  // a choice no longer in the list (the facts changed) is dropped
  useEffect(() => {
    if (state.loading || state.key !== key) return
    const still = chosen.filter((c) => state.items.some((s) => s.caseId === c.caseId))
    if (still.length !== chosen.length) onChosen(still)
  }, [state, key, chosen, onChosen])

  const toggle = (s: Similar, on: boolean) => onChosen(on ? [...chosen.filter((x) => x.caseId !== s.caseId), s] : chosen.filter((x) => x.caseId !== s.caseId))
  const items = state.key === key ? state.items : []
  const elsewhere = state.key === key ? state.elsewhere : []
  const elsewhereNote = elsewhere.length ? (
    <p className="muted" style={{ margin: '6px 0 0', fontSize: 12 }} data-testid="similar-elsewhere">
      {elsewhere
        .map((e) => t('similar.elsewhere', { n: e.count, where: [e.village, ...e.units].filter(Boolean).join('、') || t('similar.elsewhereUnknown') }))
        .join('；')}
    </p>
  ) : null

  return (
    <Card
      size="small"
      className="section"
      title={
        <Space size={6}>
          <span>{t('similar.title')}</span>
          {items.length ? (
            <Tag color="orange" data-testid="similar-count">
              {items.length}
            </Tag>
          ) : null}
          {state.loading ? <Spin size="small" /> : null}
        </Space>
      }
      data-testid="similar-panel"
      data-loading={state.loading ? '1' : '0'}
    >
      {!query ? (
        <p className="muted" style={{ margin: 0 }}>
          {t('similar.waiting')}
        </p>
      ) : items.length === 0 ? (
        state.loading ? null : (
          <>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('similar.none')} style={{ margin: 0 }} />
            {elsewhereNote}
          </>
        )
      ) : (
        <>
          <p className="muted" style={{ marginTop: 0, fontSize: 12 }}>
            {canLink ? t('similar.hint') : t('similar.hintReadOnly')}
          </p>
          <div className="similar-list">
            {items.map((s) => (
              <div key={s.caseId} className="similar-item" style={{ padding: '6px 0', borderTop: '1px solid #f0f0f0' }} data-testid={`similar-${s.number}`}>
                <Space wrap size={6} style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Space wrap size={6}>
                    <a href={href(`/cases/${encodeURIComponent(s.number)}`)} target="_blank" rel="noreferrer">
                      <strong>{s.number}</strong>
                    </a>
                    <span className="muted">{s.receivedOn ?? ''}</span>
                    {s.channel ? <Tag>{channelName(s.channel)}</Tag> : null}
                    <Tag color="blue">{s.stage}</Tag>
                  </Space>
                  {canLink ? (
                    <Checkbox
                      checked={chosen.some((c) => c.caseId === s.caseId)}
                      onChange={(e) => toggle(s, e.target.checked)}
                      data-testid={`similar-link-${s.number}`}
                    >
                      {t('similar.link')}
                    </Checkbox>
                  ) : null}
                </Space>
                <div style={{ fontSize: 12 }}>{[s.village, s.category].filter(Boolean).join(' · ')}</div>
                <div style={{ fontSize: 12, color: '#d46b08' }} data-testid={`similar-reasons-${s.number}`}>
                  {s.reasons.join('；')}
                </div>
              </div>
            ))}
          </div>
          {elsewhereNote}
          {chosen.length ? (
            <div style={{ marginTop: 6 }} data-testid="similar-chosen">
              <Tag color="orange">{t('similar.chosen', { n: chosen.length })}</Tag>
            </div>
          ) : null}
        </>
      )}
    </Card>
  )
}

/** After registering: links the new case with each chosen earlier case; the numbers that failed, with why. */
export async function linkChosen(caseId: string, chosen: Array<Pick<Similar, 'caseId' | 'number'>>): Promise<Array<{ number: string; message: string }>> {
  const failed: Array<{ number: string; message: string }> = []
  for (const other of chosen) {
    try {
      await channelsApi.link(caseId, other.caseId)
    } catch (e) {
      failed.push({ number: other.number, message: e instanceof Error ? e.message : String(e) })
    }
  }
  return failed
}
