/** One field's settings in the form builder: title, type, options, format, help, required, sensitive, condition, id. */
import { useEffect, useMemo, useState } from 'react'
import { Alert, Button, Checkbox, Collapse, Form, InputNumber, Select, Space, Tooltip, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, LabelledItem, ptr, useProblemsAt } from '../kit'
import type { Lang } from '../../i18n'
import type { Problem } from '../../lib/problems'
import { problemText } from '../../lib/problems'
import { OPTION_SOURCES } from '../../../../engine/scheme/options'
import type { OrgDefinition } from '../../../../engine/scheme/types'
import { FIELD_ROLES, type RoleType } from '../../../../engine/scheme/field-roles'
import { TextArea, TextInput } from './inputs'
import { PATTERN_PRESETS, presetOf } from '../../../../engine'
import { MESSAGES, type MessageKey } from './messages'
import {
  KINDS,
  fieldTokens,
  helpOf,
  isRefusal,
  optionsOf,
  renameField,
  setBlockDescription,
  setHelp,
  setInteger,
  setKind,
  setOptions,
  setPattern,
  setPlacement,
  setRequired,
  setSensitive,
  setSource,
  setTitle,
  sourceOf,
  blocksOf,
  moveField,
  type Cond,
  type CondOp,
  type Edited,
  type FieldInfo,
  type FieldKind,
  type FormDoc,
  type FormsDoc,
  type Option,
  type PlacementMode,
} from './model'

export type T = (k: MessageKey, p?: Record<string, string | number>) => string

export interface BuilderCtx {
  t: T
  lang: Lang
  fi: number
  form: FormDoc
  fields: FieldInfo[]
  org: OrgDefinition | null
  problems: Problem[]
  /** Apply an edit to the latest doc; a refusal is shown and returns false. */
  act(make: (doc: FormsDoc) => FormsDoc | Edited, label: string, coalesceKey?: string): boolean
  openJson(pointer?: string, note?: string): void
}

/** The kinds a role's field may take (FIELD_ROLES' JSON shape). */
const KINDS_OF_ROLE: Record<RoleType, FieldKind[]> = {
  string: ['text', 'textarea', 'choice', 'org'],
  date: ['date'],
  boolean: ['boolean'],
  strings: ['multi', 'multiOrg'],
}

export const roleSpec = (role: string | undefined) =>
  role && Object.prototype.hasOwnProperty.call(FIELD_ROLES, role) ? FIELD_ROLES[role as keyof typeof FIELD_ROLES] : undefined
export const roleName = (role: string, lang: Lang) => {
  const s = roleSpec(role)
  return s ? (lang === 'en' ? s.nameEn : s.name) : role
}

/** The options an org source lists in the draft's org (empty when the org does not read). */
export function orgOptions(org: OrgDefinition | null, source: string | undefined): Array<{ value: string; label: string }> {
  if (!org || !source || !OPTION_SOURCES[source]) return []
  try {
    return OPTION_SOURCES[source].options(org)
  } catch {
    return []
  }
}

/** The values a condition on `f` can compare with (null: typed freely). */
function valuesOf(f: FieldInfo, org: OrgDefinition | null, t: T): Array<{ value: unknown; label: string }> | null {
  if (f.kind === 'boolean')
    return [
      { value: true, label: t('yes') },
      { value: false, label: t('no') },
    ]
  if (f.kind === 'choice') return optionsOf(f).map((o) => ({ value: o.value, label: o.label ?? o.value }))
  if (f.kind === 'org') return orgOptions(org, sourceOf(f))
  return null
}

const OPS_OF_KIND: Partial<Record<FieldKind, CondOp[]>> = {
  boolean: ['eq'],
  choice: ['eq', 'in'],
  org: ['eq', 'in'],
  number: ['gte', 'lte', 'eq'],
  text: ['eq'],
  date: ['eq'],
}

const zh = MESSAGES['zh-CN']
/** The condition in the definition's words (Chinese, as the form's messages): 「信访人数」不少于5, 性别为男或女. */
export function describeCond(c: Cond, fields: FieldInfo[], org: OrgDefinition | null): string {
  const f = fields.find((x) => x.id === c.field)
  const title = typeof f?.schema.title === 'string' ? f.schema.title : c.field
  const tz: T = (k) => zh[k]
  const labels = f ? valuesOf(f, org, tz) : null
  const word = (v: unknown) => labels?.find((o) => o.value === v)?.label ?? String(v)
  if (c.op === 'eq') return `${title}为${word(c.value)}`
  if (c.op === 'in') return `${title}为${(Array.isArray(c.value) ? c.value : []).map(word).join('或')}`
  return `${title}${c.op === 'gte' ? '不少于' : '不超过'}${String(c.value)}`
}

/** Problems at or under any of `pointers`, as antd status and help. */
function statusOf(problems: Problem[], lang: Lang, pointers: string[]): { validateStatus?: 'error'; help?: string } {
  const hit = problems.filter((p) => pointers.some((q) => p.pointer === q || p.pointer.startsWith(q + '/')))
  return hit.length ? { validateStatus: 'error', help: hit.map((p) => problemText(p, lang)).join('；') } : {}
}

const KNOWN_KEYS = new Set([
  'title',
  'description',
  'type',
  'format',
  'enum',
  'oneOf',
  'items',
  'x-daiban-options',
  'x-sensitive',
  'x-daiban-role',
  'pattern',
  'uniqueItems',
])

export function FieldEditor({ f, ctx }: { f: FieldInfo; ctx: BuilderCtx }) {
  const { t, lang, fi, form, act } = ctx
  const p = ptr(...fieldTokens(fi, f))
  const title = typeof f.schema.title === 'string' ? f.schema.title : ''
  const named = title || f.id
  const titleSt = useProblemsAt(p + '/title')
  const typeSt = useProblemsAt(p + '/type')
  const spec = roleSpec(f.role)
  const allowed = spec ? KINDS_OF_ROLE[spec.type] : KINDS
  const kindOptions = [...KINDS, ...(f.kind === 'other' ? (['other'] as const) : [])].map((k) => ({
    value: k,
    label: t(`kind_${k}` as MessageKey),
    disabled: k === 'other' || (!allowed.includes(k) && k !== f.kind),
  }))
  const other = Object.keys(f.schema).filter((k) => !KNOWN_KEYS.has(k))
  const uiPtr = ptr('forms', fi, 'uiSchema', f.id)
  // problems no control below shows: listed on top of the editor
  const shownAt = [p + '/title', p + '/type', p + '/enum', p + '/oneOf', p + '/items', p + '/x-daiban-options', p + '/pattern', p + '/format']
  const rest = ctx.problems.filter(
    (q) =>
      (q.pointer === p || q.pointer.startsWith(p + '/') || q.pointer === uiPtr || q.pointer.startsWith(uiPtr + '/')) &&
      !shownAt.some((s) => q.pointer === s || q.pointer.startsWith(s + '/')),
  )
  return (
    <div style={{ padding: '8px 4px 4px 28px' }} data-testid="fb-field-editor" data-field={f.id}>
      {rest.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={rest.map((q) => problemText(q, lang)).join('；')} data-testid="fb-field-problems" />
      )}
      <Form size="small" layout="horizontal" labelCol={{ flex: '96px' }} wrapperCol={{ flex: 1 }} colon={false} labelWrap>
        <At pointer={p + '/title'}>
          <LabelledItem label={t('title')} validateStatus={titleSt.validateStatus} help={titleSt.help} style={{ marginBottom: 8 }}>
            <TextInput value={title} onText={(v) => act((d) => setTitle(d, fi, f.id, v), t('histTitle'), `title:${form.id}:${f.id}`)} data-testid="fb-title" />
          </LabelledItem>
        </At>
        <At pointer={p + '/type'}>
          <LabelledItem
            label={t('type')}
            validateStatus={typeSt.validateStatus}
            help={
              typeSt.help ??
              (spec
                ? t('kindRoleLimited', { role: roleName(f.role!, lang), type: t(`roleType_${spec.type}` as MessageKey) })
                : f.kind === 'other'
                  ? t('otherNote', { title: named })
                  : undefined)
            }
            style={{ marginBottom: 8 }}
          >
            <Select
              value={f.kind}
              options={kindOptions}
              disabled={f.kind === 'other'}
              onChange={(k: FieldKind) =>
                act((d) => setKind(d, fi, f.id, k, { source: k === 'multiOrg' ? 'units' : 'categories' }), t('histType', { title: named }))
              }
              data-testid="fb-type"
              popupMatchSelectWidth={false}
            />
          </LabelledItem>
        </At>
        {(f.kind === 'choice' || f.kind === 'multi') && <OptionsEditor f={f} p={p} ctx={ctx} named={named} />}
        {(f.kind === 'org' || f.kind === 'multiOrg') && <SourceEditor f={f} p={p} ctx={ctx} named={named} />}
        {f.kind === 'number' && (
          <Form.Item label=" " style={{ marginBottom: 8 }}>
            <Checkbox
              checked={f.schema.type === 'integer'}
              onChange={(e) => act((d) => setInteger(d, fi, f.id, e.target.checked), t('histInteger', { title: named }))}
              data-testid="fb-integer"
            >
              {t('integer')}
            </Checkbox>
          </Form.Item>
        )}
        {f.kind === 'text' && <PatternEditor f={f} p={p} ctx={ctx} named={named} />}
        <At pointer={p + '/description'}>
          <LabelledItem label={t('help')} style={{ marginBottom: 8 }}>
            <TextArea
              value={helpOf(form, f)}
              placeholder={t('helpPh')}
              autoSize={{ minRows: 1, maxRows: 4 }}
              onText={(v) => act((d) => setHelp(d, fi, f.id, v), t('histHelp', { title: named }), `help:${form.id}:${f.id}`)}
              data-testid="fb-help"
            />
          </LabelledItem>
        </At>
        <Form.Item label=" " style={{ marginBottom: 8 }}>
          <Space size={16} wrap>
            <Checkbox
              checked={f.required}
              disabled={f.placement.mode === 'complex' || f.placement.mode === 'requiredWhen'}
              onChange={(e) => act((d) => setRequired(d, fi, f.id, e.target.checked), t('histRequired', { title: named }))}
              data-testid="fb-required"
            >
              {t('required')}
            </Checkbox>
            <Tooltip title={t('sensitiveTip')}>
              <Checkbox
                checked={f.schema['x-sensitive'] === true}
                onChange={(e) => act((d) => setSensitive(d, fi, f.id, e.target.checked), t('histSensitive', { title: named }))}
                data-testid="fb-sensitive"
              >
                {t('sensitive')}
              </Checkbox>
            </Tooltip>
          </Space>
        </Form.Item>
        <ConditionEditor f={f} ctx={ctx} named={named} />
      </Form>
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'adv',
            label: <span data-testid="fb-advanced">{t('advanced')}</span>,
            children: <Advanced f={f} p={p} ctx={ctx} named={named} other={other} />,
          },
        ]}
      />
    </div>
  )
}

function OptionsEditor({ f, p, ctx, named }: { f: FieldInfo; p: string; ctx: BuilderCtx; named: string }) {
  const { t, fi, act, lang } = ctx
  const options = optionsOf(f)
  const base = f.kind === 'multi' ? p + '/items' : p
  const st = statusOf(ctx.problems, lang, [base + '/enum', base + '/oneOf', ...(f.kind === 'multi' ? [p + '/items'] : [])])
  const write = (next: Option[], key?: string) => act((d) => setOptions(d, fi, f.id, next), t('histOptions', { title: named }), key)
  const seen = new Map<string, number>()
  for (const o of options) seen.set(o.value, (seen.get(o.value) ?? 0) + 1)
  const local = !options.length
    ? t('optionsNone')
    : options.some((o) => !o.value)
      ? t('optionEmpty')
      : [...seen]
          .filter(([, n]) => n > 1)
          .map(([v]) => t('optionDup', { v }))
          .join('；')
  const [focusLast, setFocusLast] = useState(false)
  return (
    <At pointer={base + (Array.isArray(f.kind === 'multi' ? f.schema.items?.oneOf : f.schema.oneOf) ? '/oneOf' : '/enum')}>
      <LabelledItem
        label={t('options')}
        validateStatus={st.validateStatus ?? (local ? 'error' : undefined)}
        help={st.help ?? (local || undefined)}
        style={{ marginBottom: 8 }}
      >
        <div data-testid="fb-options">
          {options.map((o, i) => (
            <Space.Compact key={i} style={{ display: 'flex', marginBottom: 4 }} data-testid="fb-option">
              <TextInput
                value={o.value}
                autoFocus={focusLast && i === options.length - 1}
                onFocus={(e) => {
                  if (focusLast && i === options.length - 1) {
                    e.target.select()
                    setFocusLast(false)
                  }
                }}
                onText={(v) =>
                  write(
                    options.map((x, j) => (j === i ? { ...x, value: v } : x)),
                    `opt:${ctx.form.id}:${f.id}:${i}`,
                  )
                }
                placeholder={t('optionValue')}
                data-testid="fb-option-value"
                style={{ flex: 1 }}
              />
              <TextInput
                value={o.label ?? ''}
                onText={(v) =>
                  write(
                    options.map((x, j) => (j === i ? (v ? { ...x, label: v } : { value: x.value }) : x)),
                    `optl:${ctx.form.id}:${f.id}:${i}`,
                  )
                }
                placeholder={t('optionLabel')}
                data-testid="fb-option-label"
                style={{ flex: 1 }}
              />
              <Tooltip title={t('removeOption')}>
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => write(options.filter((_, j) => j !== i))}
                  data-testid="fb-option-remove"
                  aria-label={t('removeOption')}
                />
              </Tooltip>
            </Space.Compact>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => {
              let n = options.length + 1
              while (options.some((o) => o.value === `选项${n}`)) n++
              setFocusLast(true)
              write([...options, { value: `选项${n}` }])
            }}
            data-testid="fb-option-add"
          >
            {t('addOption')}
          </Button>
        </div>
      </LabelledItem>
    </At>
  )
}

function SourceEditor({ f, p, ctx, named }: { f: FieldInfo; p: string; ctx: BuilderCtx; named: string }) {
  const { t, fi, act, org } = ctx
  const at = f.kind === 'multiOrg' ? p + '/items/x-daiban-options' : p + '/x-daiban-options'
  const st = useProblemsAt(at)
  const src = sourceOf(f)
  const list = orgOptions(org, src)
  const known = Object.keys(OPTION_SOURCES)
  return (
    <At pointer={at}>
      <LabelledItem
        label={t('source')}
        validateStatus={st.validateStatus}
        help={st.help}
        style={{ marginBottom: 8 }}
        extra={
          list.length
            ? t('sourceItems', {
                n: list.length,
                list:
                  list
                    .slice(0, 6)
                    .map((o) => o.label)
                    .join('、') + (list.length > 6 ? '…' : ''),
              })
            : t('sourceNone')
        }
      >
        <Select
          value={src}
          options={[...known, ...(src && !known.includes(src) ? [src] : [])].map((k) => ({
            value: k,
            label: known.includes(k) ? t(`src_${k}` as MessageKey) : k,
          }))}
          onChange={(v: string) => act((d) => setSource(d, fi, f.id, v), t('histSource', { title: named }))}
          data-testid="fb-source"
          aria-label={t('source')}
          popupMatchSelectWidth={false}
        />
      </LabelledItem>
    </At>
  )
}

function PatternEditor({ f, p, ctx, named }: { f: FieldInfo; p: string; ctx: BuilderCtx; named: string }) {
  const { t, fi, act, lang } = ctx
  const st = useProblemsAt(p + '/pattern')
  const pattern = typeof f.schema.pattern === 'string' ? f.schema.pattern : undefined
  const preset = presetOf(pattern)
  const [custom, setCustom] = useState(pattern !== undefined && !preset)
  // another field selected: its own pattern decides; edits of this field keep the user's choice of 自定义
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setCustom(pattern !== undefined && !presetOf(pattern)), [f.id])
  const choice = preset ? preset.id : custom || pattern !== undefined ? '__custom' : '__none'
  let bad: string | undefined
  if (pattern !== undefined && !preset) {
    try {
      new RegExp(pattern, 'u')
    } catch (e) {
      bad = t('patternBad', { msg: (e as Error).message })
    }
  }
  const write = (v: string | undefined, key?: string) => act((d) => setPattern(d, fi, f.id, v), t('histPattern', { title: named }), key)
  return (
    <At pointer={p + '/pattern'}>
      <LabelledItem
        label={t('pattern')}
        validateStatus={st.validateStatus ?? (bad ? 'error' : undefined)}
        help={st.help ?? bad ?? (preset ? t('patternExample', { ex: preset.example }) : undefined)}
        style={{ marginBottom: 8 }}
      >
        <Space.Compact style={{ display: 'flex' }}>
          <Select
            style={{ width: 170 }}
            value={choice}
            options={[
              { value: '__none', label: t('patternNone') },
              ...PATTERN_PRESETS.map((x) => ({ value: x.id, label: lang === 'en' ? x.nameEn : x.name })),
              { value: '__custom', label: t('patternCustom') },
            ]}
            onChange={(v: string) => {
              if (v === '__custom') {
                setCustom(true)
                return
              }
              setCustom(false)
              write(v === '__none' ? undefined : PATTERN_PRESETS.find((x) => x.id === v)!.pattern)
            }}
            data-testid="fb-pattern"
            aria-label={t('pattern')}
            popupMatchSelectWidth={false}
          />
          {choice === '__custom' && (
            <TextInput
              value={pattern ?? ''}
              placeholder={t('patternCustomPh')}
              onText={(v) => write(v || undefined, `pattern:${ctx.form.id}:${f.id}`)}
              data-testid="fb-pattern-custom"
              style={{ flex: 1, fontFamily: 'monospace' }}
            />
          )}
        </Space.Compact>
      </LabelledItem>
    </At>
  )
}

function ConditionEditor({ f, ctx, named }: { f: FieldInfo; ctx: BuilderCtx; named: string }) {
  const { t, fi, act, fields, org, form } = ctx
  const blocks = useMemo(() => blocksOf(form.schema ?? {}), [form.schema])
  const cur = f.placement.mode !== 'always' && f.placement.mode !== 'complex' ? blocks[f.placement.block] : undefined
  const curMode: PlacementMode | 'complex' = f.placement.mode
  const [mode, setMode] = useState<PlacementMode>(curMode === 'complex' ? 'always' : curMode)
  const [cond, setCond] = useState<Partial<Cond>>(cur?.cond ?? {})
  const key = JSON.stringify([curMode, cur?.cond])
  // the saved placement changed (undo, the JSON view): the editor follows it; `key` is its content
  useEffect(() => {
    setMode(curMode === 'complex' ? 'always' : curMode)
    setCond(cur?.cond ?? {})
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const blockPtr = cur ? ptr('forms', fi, 'schema', ...cur.at, 'if') : ''
  const st = useProblemsAt(blockPtr || '/-', true)
  if (curMode === 'complex') {
    return (
      <LabelledItem label={t('condition')} style={{ marginBottom: 8 }}>
        <Space>
          <Typography.Text type="secondary" data-testid="fb-cond-complex">
            {t('cond_complex')}
          </Typography.Text>
          <Button size="small" type="link" onClick={() => ctx.openJson(ptr('forms', fi, 'schema'), t('cond_complex'))}>
            {t('openJson')}
          </Button>
        </Space>
      </LabelledItem>
    )
  }
  const candidates = fields.filter((x) => x.id !== f.id && OPS_OF_KIND[x.kind])
  const on = candidates.find((x) => x.id === cond.field)
  const ops = on ? OPS_OF_KIND[on.kind]! : []
  const values = on ? valuesOf(on, org, t) : null
  const complete =
    mode !== 'always' &&
    !!on &&
    !!cond.op &&
    ops.includes(cond.op) &&
    cond.value !== undefined &&
    cond.value !== '' &&
    !(Array.isArray(cond.value) && !cond.value.length)
  const changed = mode !== curMode || JSON.stringify(cond) !== JSON.stringify(cur?.cond ?? {})
  const apply = (m: PlacementMode, c: Cond | null) => {
    const same = c && blocks.find((b) => b.cond && JSON.stringify(b.cond) === JSON.stringify(c))
    act((d) => setPlacement(d, fi, f.id, m, c, same ? same.description : c ? describeCond(c, fields, org) : undefined), t('histCondition', { title: named }))
  }
  const body = (
    <LabelledItem label={t('condition')} validateStatus={st.validateStatus} help={st.help} style={{ marginBottom: 8 }}>
      <div data-testid="fb-condition">
        <Select
          value={mode}
          style={{ width: '100%' }}
          options={(['always', 'shownWhen', 'shownUnless', 'requiredWhen'] as const).map((m) => ({ value: m, label: t(`cond_${m}`) }))}
          onChange={(m: PlacementMode) => {
            setMode(m)
            if (m === 'always') apply('always', null)
            else if (curMode !== 'always' && cur?.cond) apply(m, cur.cond)
          }}
          data-testid="fb-cond-mode"
          aria-label={t('condition')}
        />
        {mode !== 'always' && (
          <Space.Compact style={{ display: 'flex', marginTop: 4 }}>
            <Select
              style={{ width: 170 }}
              placeholder={t('condPickField')}
              value={cond.field}
              showSearch
              optionFilterProp="label"
              options={candidates.map((x) => ({ value: x.id, label: typeof x.schema.title === 'string' ? x.schema.title : x.id }))}
              onChange={(v: string) => {
                const nf = candidates.find((x) => x.id === v)!
                setCond({ field: v, op: OPS_OF_KIND[nf.kind]![0], value: undefined })
              }}
              data-testid="fb-cond-field"
              aria-label={t('condField')}
              popupMatchSelectWidth={false}
            />
            <Select
              style={{ width: 100 }}
              value={cond.op}
              options={ops.map((o) => ({ value: o, label: t(`op_${o}`) }))}
              onChange={(o: CondOp) =>
                setCond((c) => ({
                  ...c,
                  op: o,
                  value: o === 'in' ? (c.value === undefined ? [] : [c.value].flat()) : Array.isArray(c.value) ? c.value[0] : c.value,
                }))
              }
              data-testid="fb-cond-op"
              aria-label={t('condOp')}
            />
            {values ? (
              <Select
                style={{ flex: 1, minWidth: 120 }}
                mode={cond.op === 'in' ? 'multiple' : undefined}
                placeholder={t('condPickValue')}
                value={cond.value as never}
                options={values.map((o) => ({ value: o.value as never, label: o.label }))}
                onChange={(v: unknown) => setCond((c) => ({ ...c, value: v }))}
                data-testid="fb-cond-value"
                aria-label={t('condValue')}
              />
            ) : on?.kind === 'number' ? (
              <InputNumber
                style={{ flex: 1 }}
                value={typeof cond.value === 'number' ? cond.value : null}
                onChange={(v) => setCond((c) => ({ ...c, value: v ?? undefined }))}
                data-testid="fb-cond-value"
                aria-label={t('condValue')}
              />
            ) : (
              <TextInput
                style={{ flex: 1 }}
                value={typeof cond.value === 'string' ? cond.value : ''}
                onText={(v) => setCond((c) => ({ ...c, value: v }))}
                data-testid="fb-cond-value"
                aria-label={t('condValue')}
                placeholder={t('condPickValue')}
              />
            )}
            <Button type="primary" disabled={!complete || !changed} onClick={() => apply(mode, cond as Cond)} data-testid="fb-cond-apply">
              {t('condApply')}
            </Button>
          </Space.Compact>
        )}
        {cur && mode === curMode && (
          <Tooltip title={t('condWordsTip')}>
            <div style={{ marginTop: 4 }}>
              <TextInput
                addonBefore={t('condWords')}
                value={cur.description ?? ''}
                onText={(v) =>
                  act((d) => setBlockDescription(d, fi, (f.placement as { block: number }).block, v), t('histCondWords'), `cw:${form.id}:${cur.at.join('/')}`)
                }
                data-testid="fb-cond-words"
              />
            </div>
          </Tooltip>
        )}
      </div>
    </LabelledItem>
  )
  return blockPtr ? <At pointer={blockPtr}>{body}</At> : body
}

function Advanced({ f, p, ctx, named, other }: { f: FieldInfo; p: string; ctx: BuilderCtx; named: string; other: string[] }) {
  const { t, fi, act, fields } = ctx
  const [id, setId] = useState(f.id)
  useEffect(() => setId(f.id), [f.id])
  const idx = fields.findIndex((x) => x.id === f.id)
  const keyName = (k: string) => {
    const m = `key_${k}` as MessageKey
    const label = (MESSAGES[ctx.lang] as Record<string, string>)[m]
    const v = f.schema[k]
    return `${label ?? k}${v !== undefined && typeof v !== 'object' ? ` ${String(v)}` : ''}`
  }
  return (
    <Form size="small" layout="horizontal" labelCol={{ flex: '96px' }} wrapperCol={{ flex: 1 }} colon={false} labelWrap>
      <LabelledItem label={t('fieldId')} tooltip={t('fieldIdTip')} style={{ marginBottom: 8 }}>
        <Space.Compact style={{ display: 'flex' }}>
          <TextInput value={id} onText={setId} data-testid="fb-id" style={{ flex: 1, fontFamily: 'monospace' }} />
          <Button
            disabled={id === f.id}
            onClick={() => {
              if (!act((d) => renameField(d, fi, f.id, id), t('histRename', { from: f.id, to: id }))) setId(f.id)
            }}
            data-testid="fb-rename"
          >
            {t('rename')}
          </Button>
        </Space.Compact>
      </LabelledItem>
      <LabelledItem label={t('moveAfter')} style={{ marginBottom: 8 }}>
        <Select
          value={idx > 0 ? fields[idx - 1]!.id : '__first'}
          showSearch
          optionFilterProp="label"
          options={[
            { value: '__first', label: t('moveFirst') },
            ...fields
              .filter((x) => x.id !== f.id)
              .map((x) => ({ value: x.id, label: `${typeof x.schema.title === 'string' ? x.schema.title : x.id}（${x.id}）` })),
          ]}
          onChange={(v: string) => {
            const order = fields.map((x) => x.id).filter((x) => x !== f.id)
            const to = v === '__first' ? 0 : order.indexOf(v) + 1
            act((d) => moveField(d, fi, f.id, to), t('histMove', { title: named }))
          }}
          data-testid="fb-move-after"
          popupMatchSelectWidth={false}
        />
      </LabelledItem>
      {other.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }} data-testid="fb-other-keys">
          {t('otherKeys', { list: other.map(keyName).join('、') })}
        </Typography.Paragraph>
      )}
      <Button size="small" type="link" style={{ padding: 0 }} onClick={() => ctx.openJson(p)} data-testid="fb-open-json">
        {t('openJson')}
      </Button>
    </Form>
  )
}

export { isRefusal }
