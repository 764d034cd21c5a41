/**
 * Why a village got its score: every item with its formula, its inputs and its value, each
 * section's cap or base, the grade with its band and the distance to the next one, the evidence
 * behind each manual input (an assessor's entry or a duty record) and what would lift the score.
 * All of it from the server's breakdown and the scoring definition.
 */
import { Descriptions, Drawer, Grid, List, Space, Table, Tag, Typography } from 'antd'
import { useI18n } from '../i18n'
import type { Evidence, ScoredItem, ScoringDefinition, VillageScore, JsonSchemaLite } from './api'
import { bandIndex, pct, pts } from './format'
import { GradeTag, useDefLabel } from './shared'
import { useT } from './messages'

/** Titles of the scoring inputs by dotted path ("organization.stableTeam" → "代办员队伍相对稳定、职责明确"). */
export function inputTitles(schema: JsonSchemaLite | undefined, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, sub] of Object.entries(schema?.properties ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k
    out.set(p, sub.title ?? p)
    if (sub.type === 'object') inputTitles(sub, p, out)
  }
  return out
}

export function ExplainDrawer({
  detail,
  def,
  periodLabel,
  open,
  onClose,
}: {
  detail: VillageScore | undefined
  def: ScoringDefinition | undefined
  periodLabel: string
  open: boolean
  onClose: () => void
}) {
  const t = useT()
  const screens = Grid.useBreakpoint()
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md === false ? '100%' : 760}
      title={detail ? t('explain.title', { village: detail.village, period: periodLabel }) : ''}
      destroyOnHidden
    >
      {detail && <Explain detail={detail} def={def} />}
    </Drawer>
  )
}

export function Explain({ detail, def }: { detail: VillageScore; def: ScoringDefinition | undefined }) {
  const t = useT()
  const i18n = useI18n()
  const r = detail.result
  const label = useDefLabel(def)
  const titles = inputTitles(def?.inputs)
  const rateIds = new Set(r.variables.map((v) => v.id))
  for (const v of r.variables) titles.set(v.id, v.name)
  const grades = def?.grades ?? []
  const here = grades.findIndex((g) => g.name === r.grade)
  const band = here >= 0 ? here : bandIndex(grades, r.total)
  const next = band > 0 && !r.vetoed.length ? grades[band - 1] : undefined
  const fmt = (k: string, v: unknown) =>
    typeof v === 'boolean'
      ? v
        ? t('explain.yes')
        : t('explain.no')
      : typeof v === 'number' && rateIds.has(k)
        ? pct(v)
        : v === undefined || v === null
          ? '—'
          : String(v)

  return (
    <div data-testid="explain" data-village={detail.village}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered className="section">
        <Descriptions.Item label={t('explain.total')}>
          <b data-testid="explain-total">{pts(r.total)}</b> / {r.max}
        </Descriptions.Item>
        <Descriptions.Item label={t('explain.grade')}>
          <Space wrap size={4}>
            <GradeTag grade={r.grade} total={r.total} def={def} />
            <span className="muted" data-testid="explain-grade-reason">
              {r.gradeReason}
            </span>
          </Space>
        </Descriptions.Item>
      </Descriptions>

      {r.vetoed.length > 0 && (
        <p>
          <Tag color="red">{t('explain.vetoed')}</Tag>
          {r.vetoed.map((id) => def?.vetoes.find((v) => v.id === id)?.description ?? def?.vetoes.find((v) => v.id === id)?.name ?? id).join('；')}
        </p>
      )}

      <Typography.Title level={5}>{t('explain.bands')}</Typography.Title>
      <ul className="report-bands" data-testid="explain-bands">
        {grades.map((g, i) => {
          const lower = grades[i - 1]
          const text =
            g.min !== null
              ? t('explain.band', { name: i18n.label({ name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}) }), min: g.min })
              : t('explain.bandLast', { name: i18n.label({ name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}) }), min: lower?.min ?? '' })
          return (
            <li key={g.name} className={i === band ? 'here' : undefined}>
              {text} {i === band && <Tag color="blue">{t('explain.bandHere')}</Tag>}
            </li>
          )
        })}
      </ul>
      {next && next.min !== null && (
        <p data-testid="explain-next">
          {t('explain.toNext', { name: i18n.label({ name: next.name, ...(next.nameEn ? { nameEn: next.nameEn } : {}) }), gap: pts(next.min - r.total) })}
        </p>
      )}
      {def?.gradeNote && <p className="muted">{def.gradeNote}</p>}

      <Typography.Title level={5}>{t('explain.variables')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={r.variables}
        data-testid="explain-variables"
        columns={[
          {
            key: 'name',
            title: t('explain.item'),
            render: (_, v) => (
              <div className="report-item-name">
                <b>{label('variable', v.id, v.name)}</b>
                {v.explain && <div className="muted small">{v.explain}</div>}
              </div>
            ),
          },
          { key: 'formula', title: t('explain.formula'), render: (_, v) => <code>{v.formula}</code> },
          { key: 'value', title: t('explain.value'), align: 'right', render: (_, v) => <b>{pct(v.value)}</b> },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('explain.sections')}
      </Typography.Title>
      {r.sections.map((s) => {
        const items = r.items.filter((i) => i.section === s.id)
        return (
          <div key={s.id} className="section" data-testid={`explain-section-${s.id}`}>
            <div className="report-section-head">
              {t('explain.section', { name: label('section', s.id, s.name), value: pts(s.value), max: s.max, note: s.note })}
            </div>
            <Table<ScoredItem>
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={items}
              onRow={(it) => ({ 'data-testid': `explain-item-${it.id}`, 'data-value': it.value }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  key: 'name',
                  title: t('explain.item'),
                  render: (_, it) => (
                    <div className="report-item-name">
                      <b>{it.name}</b>
                      {it.explain && <div className="muted small">{it.explain}</div>}
                    </div>
                  ),
                },
                { key: 'formula', title: t('explain.formula'), render: (_, it) => <code>{it.formula}</code> },
                {
                  key: 'inputs',
                  title: t('explain.inputs'),
                  render: (_, it) => (
                    <div>
                      {Object.entries(it.inputs).map(([k, v]) => (
                        <div key={k}>
                          <span className="muted">{titles.get(k) ?? k}</span>：{fmt(k, v)}
                          {detail.overridden.includes(k) && (
                            <Tag color="orange" style={{ marginLeft: 4 }}>
                              {t('explain.overridden')}
                            </Tag>
                          )}
                          <EvidenceList items={detail.evidence[k]} />
                          {detail.records[k]?.missing.length ? (
                            <div className="muted small">{t('explain.missing', { list: detail.records[k]!.missing.join('、') })}</div>
                          ) : null}
                        </div>
                      ))}
                    </div>
                  ),
                },
                { key: 'value', title: t('explain.value'), align: 'right', render: (_, it) => <b>{pts(it.value)}</b> },
                { key: 'max', title: t('explain.max'), align: 'right', render: (_, it) => (it.max === null ? '' : it.max) },
              ]}
            />
          </div>
        )
      })}

      <Typography.Title level={5}>{t('explain.lift')}</Typography.Title>
      {detail.lift.length ? (
        <List
          size="small"
          data-testid="explain-lift"
          dataSource={detail.lift}
          renderItem={(l) => <List.Item>{t('explain.liftItem', { name: l.name, gap: pts(l.gap) })}</List.Item>}
        />
      ) : (
        <p className="muted">{t('explain.liftNone')}</p>
      )}

      <Typography.Title level={5}>{t('explain.counts')}</Typography.Title>
      <Descriptions size="small" column={{ xs: 2, sm: 4 }} bordered>
        {(['petitions', 'proxied', 'online', 'concluded', 'resolved'] as const).map((k) => (
          <Descriptions.Item key={k} label={titles.get(`counts.${k}`) ?? t(`count.${k}`)}>
            {detail.counts[k]}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </div>
  )
}

function EvidenceList({ items }: { items: Evidence[] | undefined }) {
  const t = useT()
  if (!items?.length) return null
  return (
    <ul className="report-evidence">
      {items.map((e) =>
        e.source === 'entry' ? (
          <li key={e.id}>
            <Tag>{t('explain.fromEntry')}</Tag>
            {e.date} · {e.by} · {e.note}
            {e.attachment ? ` · ${e.attachment}` : ''}
          </li>
        ) : (
          <li key={e.recordId}>
            <Tag color="cyan">{t('explain.fromRecord')}</Tag>
            {e.name} · {e.date} · {e.by}
            {e.note ? ` · ${e.note}` : ''}
          </li>
        ),
      )}
    </ul>
  )
}
