/**
 * The decision tables (issue #17, after GoRules JDM): a tab per rule set of rules.json. Routing is
 * a grid of categories × task groups (plus a table of its other rules); triage, level → time limit
 * and escalation are tables with one row per rule in the order the rules decide. Facts are shown
 * by their titles in the facts form, values by their labels; the file is written through the
 * host's onChange, so everything the tables do not show stays as it was.
 */
import { memo, useCallback, useMemo, useRef, useState } from 'react'
import { Alert, Space, Tabs, Tag, Typography } from 'antd'
import type { FormsDefinition, OrgDefinition, RuleSetDefinition, RulesDefinition, DeadlinesDefinition } from '../../../../engine/scheme/types'
import { expandOptions } from '../../../../engine/scheme/options'
import { label as nameOf, ptr, useProblemsAt, useT, At, type VisualEditorProps } from '../kit'
import type { Lang } from '../../i18n'
import { factCatalog, type FactInfo } from './facts'
import { MESSAGES, type T } from './messages'
import { RuleTable, ResultPicker, type Choice } from './RuleTable'
import { RoutingGridView } from './RoutingGrid'
import { routingGrid, updateRuleSet, withOutcome, OUTCOME_PARAM } from './model'

/**
 * The host's props, and one it may add: writing another file of the draft (the routing grid moves
 * a category in org.json when the groups' lists are kept there).
 */
export type RulesEditorProps = VisualEditorProps<RulesDefinition> & {
  onChangeFile?: (file: string, next: unknown, label: string, opts?: { coalesceKey?: string }) => void
}

export default function RulesEditor(props: RulesEditorProps) {
  const { doc, draft, info, i18n } = props
  const lang = i18n.lang
  const t = useT(MESSAGES, lang)
  const ruleSets = useMemo(() => (Array.isArray(doc.ruleSets) ? doc.ruleSets : []), [doc.ruleSets])
  const [tab, setTab] = useState('0')

  const orgFile = draft.files.find((f) => f.kind === 'org' && f.doc && typeof f.doc === 'object')
  const orgDoc = orgFile?.doc as OrgDefinition | undefined
  // keyed on the org file's name and parsed doc: its entry object is rebuilt on every draft change
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const org = useMemo(() => (orgFile && orgDoc ? { file: orgFile.file, doc: orgDoc } : null), [orgFile?.file, orgDoc])
  const forms = useMemo(() => draft.docsOf<FormsDefinition>('forms').flatMap((d) => (Array.isArray(d.forms) ? d.forms : [])), [draft])
  const clocks = useMemo(() => draft.docsOf<DeadlinesDefinition>('deadlines').flatMap((d) => (Array.isArray(d.clocks) ? d.clocks : [])), [draft])

  /** Each facts form's fields with org lists expanded: the draft's own text first, the worker's info otherwise. */
  const catalogs = useMemo(() => {
    const out = new Map<string, { facts: Map<string, FactInfo>; name: string }>()
    for (const id of new Set(ruleSets.map((rs) => rs.factsForm))) {
      const form = forms.find((f) => f.id === id)
      const inf = info?.forms.find((f) => f.id === id)
      if (form && org) out.set(id, { facts: factCatalog(expandOptions(form.schema, org.doc) as Record<string, unknown>, lang), name: nameOf(form, lang) })
      else out.set(id, { facts: factCatalog(inf?.schema, lang), name: inf ? nameOf(inf, lang) : String(id) })
    }
    return out
  }, [ruleSets, forms, org, info, lang])

  const results = useMemo(
    () =>
      ruleSets.map((rs): Choice[] | null => {
        switch (rs.produces) {
          case 'outcome':
            return (rs.outcomes ?? []).map((o) => ({ value: o.id, label: nameOf(o, lang) }))
          case 'group':
            return (org?.doc.groups ?? info?.groups ?? []).map((g) => ({ value: g.id, label: nameOf(g, lang) }))
          case 'clock': {
            const mine = clocks.filter((c) => c.selectedBy === rs.id)
            return (mine.length ? mine : clocks).map((c) => ({
              value: c.id,
              label: `${nameOf(c, lang)}（${c.days}${c.unit === 'workday' ? (lang === 'en' ? ' working days' : '个工作日') : lang === 'en' ? ' days' : '日'}）`,
            }))
          }
          default:
            return null
        }
      }),
    [ruleSets, org, info, clocks, lang],
  )

  // The host's callbacks change with every render of the host: stable ones keep the tabs not shown from re-rendering.
  const latest = useRef(props)
  latest.current = props
  const onChange = useCallback<RulesEditorProps['onChange']>((next, label, opts) => latest.current.onChange(next, label, opts), [])
  const openJson = useCallback<RulesEditorProps['openJson']>((pointer, note) => latest.current.openJson(pointer, note), [])
  const canWriteFiles = !!props.onChangeFile
  const onChangeFile = useCallback((file: string, next: unknown, label: string) => latest.current.onChangeFile?.(file, next, label), [])

  if (!ruleSets.length) return <Alert type="info" title="ruleSets: []" />
  return (
    <div data-testid="rules-editor" style={{ minWidth: 0 }}>
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        items={ruleSets.map((rs, i) => ({
          key: String(i),
          label: <span data-testid={`ruleset-tab-${rs.id}`}>{nameOf(rs, lang)}</span>,
          children: (
            <RuleSetPanel
              doc={doc}
              rsIndex={i}
              rs={rs}
              t={t}
              lang={lang}
              org={org}
              cat={catalogs.get(rs.factsForm)!}
              results={results[i]!}
              onChange={onChange}
              onChangeFile={canWriteFiles ? onChangeFile : undefined}
              openJson={openJson}
            />
          ),
        }))}
      />
    </div>
  )
}

interface PanelProps {
  doc: RulesDefinition
  rsIndex: number
  rs: RuleSetDefinition
  t: T
  lang: Lang
  org: { file: string; doc: OrgDefinition } | null
  cat: { facts: Map<string, FactInfo>; name: string }
  results: Choice[] | null
  onChange: RulesEditorProps['onChange']
  onChangeFile: ((file: string, next: unknown, label: string) => void) | undefined
  openJson: RulesEditorProps['openJson']
}

const RuleSetPanel = memo(function RuleSetPanel({ doc, rsIndex, rs, t, lang, org, cat, results, onChange, onChangeFile, openJson }: PanelProps) {
  const rsPtr = ptr('ruleSets', rsIndex)
  const own = useProblemsAt(rsPtr)
  const routing = rs.produces === 'group'
  const gridRules = useMemo(() => {
    if (!routing || !org) return new Set<number>()
    return new Set(routingGrid(rs, org.doc.groups).gridRules)
  }, [routing, rs, org])
  const description = rs.description
  const param = OUTCOME_PARAM[rs.produces]
  return (
    <At pointer={rsPtr}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={`ruleset-${rs.id}`}>
        <div>
          <Space size={4} wrap>
            <Tag color={rs.mode === 'first' ? 'blue' : 'default'}>{rs.mode === 'first' ? t('modeFirst') : t('modeAll')}</Tag>
          </Space>
          {description && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }} style={{ fontSize: 12, margin: '4px 0 0' }}>
              {description}
            </Typography.Paragraph>
          )}
        </div>
        {own.help && <Alert type="error" showIcon title={own.help} />}
        {routing && <RoutingGridView doc={doc} rsIndex={rsIndex} org={org} onChange={onChange} {...(onChangeFile ? { onChangeFile } : {})} t={t} lang={lang} />}
        {routing && rs.rules.some((_, i) => !gridRules.has(i)) && (
          <div>
            <Typography.Text strong style={{ fontSize: 13 }}>
              {t('otherRoutingRules')}
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 4px' }}>
              {t('otherRoutingHint')}
              {rs.mode === 'first' && gridRules.size > 0 && (
                <>；{t('gridPriority', { p: [...new Set([...gridRules].map((i) => rs.rules[i]!.priority ?? 1))].join('、') })}</>
              )}
            </Typography.Paragraph>
          </div>
        )}
        {(!routing || rs.rules.some((_, i) => !gridRules.has(i))) && (
          <RuleTable
            doc={doc}
            rsIndex={rsIndex}
            only={routing ? (i) => !gridRules.has(i) : undefined}
            facts={cat.facts}
            formName={cat.name}
            results={results}
            onChange={onChange}
            openJson={openJson}
            t={t}
            lang={lang}
          />
        )}
        {rs.default ? (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-testid={`default-${rs.id}`}>
            <Typography.Text style={{ whiteSpace: 'nowrap' }}>{t('default')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              （{t('defaultHint')}）
            </Typography.Text>
            <div style={{ width: 200 }}>
              <ResultPicker
                pointer={`${rsPtr}/default/event`}
                value={rs.default.event?.params?.[param]}
                results={results}
                testid={`default-outcome-${rs.id}`}
                label={t('default')}
                onChange={(v) =>
                  onChange(
                    updateRuleSet(doc, rsIndex, (x) => ({ ...x, default: { ...x.default!, event: withOutcome(x.default!.event, x.produces, v) } })),
                    t('hDefault', { ruleSet: rs.name }),
                  )
                }
              />
            </div>
          </div>
        ) : null}
      </Space>
    </At>
  )
})
