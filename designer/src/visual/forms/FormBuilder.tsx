/**
 * The form builder (issue #17; anchor: Form.io's builder): the fields of one form of a forms file as
 * a list — add, remove, drag (or move up/down) to reorder — and each field's settings below it.
 * Every change is a changed copy of the file (./model.ts) handed to the host, which writes it as
 * minimal text edits; the preview beside it renders the form from the draft.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { Alert, Badge, Button, Empty, Popconfirm, Select, Space, Tag, Tooltip, Typography, message } from 'antd'
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined, PlusOutlined, RightOutlined, DownOutlined } from '@ant-design/icons'
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { At, label, ptr, useProblemsAt, useT, type VisualEditorProps } from '../kit'
import { problemText } from '../../lib/problems'
import type { OrgDefinition } from '../../../../engine/scheme/types'
import { MESSAGES, type MessageKey } from './messages'
import { FieldEditor, roleName, type BuilderCtx } from './FieldEditor'
import {
  addField,
  conditionsUsing,
  fieldTokens,
  fieldsOf,
  isRefusal,
  moveField,
  removeField,
  type Edited,
  type FieldInfo,
  type FormsDoc,
  type Refusal,
} from './model'

/** Members of other draft files that name a field (a rule's fact, a clock's date field): a removal warns about them. */
function usesElsewhere(files: VisualEditorProps['draft']['files'], self: string, id: string): string[] {
  const out: string[] = []
  const walk = (n: unknown, path: string, file: string) => {
    if (out.length > 5 || !n || typeof n !== 'object') return
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, `${path}/${i}`, file))
    for (const [k, v] of Object.entries(n)) {
      if ((k === 'fact' || k === 'dateField' || k === 'field') && v === id) out.push(`${file} ${path}/${k}`)
      else walk(v, `${path}/${k}`, file)
    }
  }
  for (const f of files) if (f.file !== self && f.kind !== 'forms') walk(f.doc, '', f.file)
  return out
}

export default function FormBuilder(props: VisualEditorProps<FormsDoc>) {
  const { doc, i18n, draft } = props
  const lang = i18n.lang
  const t = useT(MESSAGES, lang)
  const forms = useMemo(() => (Array.isArray(doc?.forms) ? doc.forms : []), [doc?.forms])
  const [formId, setFormId] = useState<string | undefined>(() => forms[0]?.id)
  const fi = Math.max(
    0,
    forms.findIndex((f) => f.id === formId),
  )
  const form = forms[fi]
  const [open, setOpen] = useState<string | null>(null)

  // the latest props for stable callbacks (rows are memoised)
  const [msgApi, msgHolder] = message.useMessage()
  const msg = useRef(msgApi)
  msg.current = msgApi
  const latest = useRef(props)
  latest.current = props
  const focus = props.onFocusElement
  useEffect(() => {
    if (form?.id) focus?.(form.id)
  }, [form?.id, focus])

  const fields = useMemo(() => (form ? fieldsOf(form) : []), [form])
  const fieldsRef = useRef(fields)
  fieldsRef.current = fields
  const org = (draft.docsOf<OrgDefinition>('org')[0] ?? null) as OrgDefinition | null

  const act = useCallback((make: (d: FormsDoc) => FormsDoc | Edited, what: string, coalesceKey?: string): boolean => {
    const cur = latest.current
    const r = make(cur.doc) as FormsDoc | Edited
    if (isRefusal(r as Edited)) {
      const { refused, params } = r as Refusal
      const f = fieldsRef.current.find((x) => x.id === params.field)
      const title = typeof f?.schema.title === 'string' && f.schema.title ? f.schema.title : (params.field ?? '')
      const words = tOf(cur.i18n.lang)(`refused_${refused}` as MessageKey, { ...params, title, role: f?.role ? roleName(f.role, cur.i18n.lang) : '' })
      msg.current?.error({ content: <span data-testid="fb-refusal">{words}</span>, duration: 8 })
      return false
    }
    const next = Array.isArray((r as FormsDoc).forms) ? (r as FormsDoc) : (r as { doc: FormsDoc }).doc
    if (next !== cur.doc) cur.onChange(next, what, coalesceKey ? { coalesceKey } : undefined)
    return true
  }, [])

  const onMove = useCallback(
    (id: string, to: number) => {
      const f = fieldsRef.current.find((x) => x.id === id)
      act((d) => moveField(d, fi, id, to), tOf(latest.current.i18n.lang)('histMove', { title: typeof f?.schema.title === 'string' ? f.schema.title : id }))
    },
    [act, fi],
  )
  const onRemove = useCallback(
    (id: string) => {
      const f = fieldsRef.current.find((x) => x.id === id)
      if (act((d) => removeField(d, fi, id), tOf(latest.current.i18n.lang)('histRemove', { title: typeof f?.schema.title === 'string' ? f.schema.title : id })))
        setOpen((o) => (o === id ? null : o))
    },
    [act, fi],
  )
  const onToggle = useCallback((id: string) => setOpen((o) => (o === id ? null : id)), [])
  // the confirmation's words, made when it opens (they read every other file of the draft)
  const confirmFor = useCallback((id: string) => {
    const f = fieldsRef.current.find((x) => x.id === id)
    const cur = latest.current
    return f ? removeText(tOf(cur.i18n.lang), f, cur.draft.files, cur.file) : id
  }, [])
  const onAdd = () => {
    let created = ''
    act((d) => {
      const r = addField(d, fi, { title: t('newFieldTitle', { n: fields.length + 1 }) })
      created = r.id
      return r.doc
    }, t('histAdd'))
    if (created) {
      setOpen(created)
      // the new row's title, ready for typing
      setTimeout(() => {
        const el = document.querySelector<HTMLInputElement>(`[data-testid="fb-field-editor"][data-field="${created}"] [data-testid="fb-title"]`)
        el?.scrollIntoView?.({ block: 'center' })
        el?.focus()
        el?.select()
      }, 50)
    }
  }

  const sensors = useSensors(useSensor(PointerSensor, POINTER), useSensor(KeyboardSensor, KEYBOARD))
  // the same ids, the same array: the sortable rows re-render only when the list changes
  const idsKey = fields.map((f) => f.id).join('\n')
  const ids = useMemo(() => (idsKey ? idsKey.split('\n') : []), [idsKey])
  const formOptions = useMemo(
    () => forms.map((f) => ({ value: f.id, label: `${label(f, lang)}（${f.id}）· ${t('fieldsCount', { n: fieldsOf(f).length })}` })),
    [forms, lang, t],
  )
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      if (!e.over || e.active.id === e.over.id) return
      const to = fieldsRef.current.findIndex((f) => f.id === e.over!.id)
      if (to >= 0) onMove(String(e.active.id), to)
    },
    [onMove],
  )

  if (!form) return <Empty description={t('noForms')} />

  const ctx: BuilderCtx = { t, lang, fi, form, fields, org, problems: props.problems, act, openJson: props.openJson }
  const formPtr = ptr('forms', fi)
  // the form's problems no field shows (ui:order, the form's own members)
  const fieldPtrs = fields.flatMap((f) => [ptr(...fieldTokens(fi, f)), ptr('forms', fi, 'uiSchema', f.id)])
  const formProblems = props.problems.filter(
    (p) => (p.pointer === formPtr || p.pointer.startsWith(formPtr + '/')) && !fieldPtrs.some((q) => p.pointer === q || p.pointer.startsWith(q + '/')),
  )

  return (
    <div data-testid="form-builder" data-form={form.id} style={{ maxWidth: 760 }}>
      {msgHolder}
      <Space style={{ marginBottom: 8, width: '100%' }} wrap>
        <Typography.Text strong>{t('form')}</Typography.Text>
        <Select
          style={{ minWidth: 280 }}
          value={form.id}
          onChange={(v: string) => {
            setFormId(v)
            setOpen(null)
          }}
          options={formOptions}
          data-testid="fb-form"
          aria-label={t('form')}
          showSearch
          optionFilterProp="label"
        />
      </Space>
      {formProblems.length > 0 && (
        <At pointer={formPtr}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title={t('formProblems')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {formProblems.map((p, i) => (
                  <li key={i}>
                    {problemText(p, lang)} <a onClick={() => props.openJson(p.pointer)}>{t('openJson')}</a>
                  </li>
                ))}
              </ul>
            }
            data-testid="fb-form-problems"
          />
        </At>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <div data-testid="fb-fields">
            {fields.map((f, i) => (
              <FieldRow
                key={f.id}
                id={f.id}
                pointer={ptr(...fieldTokens(fi, f))}
                title={typeof f.schema.title === 'string' ? f.schema.title : ''}
                kind={f.kind}
                required={f.required}
                requiredWhen={f.placement.mode === 'requiredWhen'}
                conditional={f.placement.mode !== 'always'}
                sensitive={f.schema['x-sensitive'] === true}
                hidden={f.hidden}
                role={f.role}
                index={i}
                count={fields.length}
                open={open === f.id}
                lang={lang}
                onToggle={onToggle}
                onMove={onMove}
                onRemove={onRemove}
                blocked={!!f.role || conditionsUsing(form.schema ?? {}, f.id).length > 0}
                confirmFor={confirmFor}
              >
                {open === f.id ? <FieldEditor f={f} ctx={ctx} /> : null}
              </FieldRow>
            ))}
          </div>
        </SortableContext>
      </DndContext>
      <Button type="dashed" block icon={<PlusOutlined />} onClick={onAdd} style={{ marginTop: 8 }} data-testid="fb-add">
        {t('addField')}
      </Button>
    </div>
  )
}

// Sensor options kept the same object: new ones would make a new DndContext value, and every sortable row re-render, on each edit.
const POINTER = { activationConstraint: { distance: 4 } }
const KEYBOARD = { coordinateGetter: sortableKeyboardCoordinates }

const tOf = (lang: 'zh-CN' | 'en') => (k: MessageKey, p?: Record<string, string | number>) => {
  let s: string = MESSAGES[lang][k] ?? MESSAGES['zh-CN'][k] ?? k
  if (p) for (const [n, v] of Object.entries(p)) s = s.split(`{${n}}`).join(String(v))
  return s
}

function removeText(
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
  f: FieldInfo,
  files: VisualEditorProps['draft']['files'],
  self: string,
): string {
  const title = typeof f.schema.title === 'string' && f.schema.title ? f.schema.title : f.id
  const used = usesElsewhere(files, self, f.id)
  return used.length ? t('removeConfirmUsed', { title, where: used.join('，') }) : t('removeConfirm', { title })
}

interface RowProps {
  id: string
  pointer: string
  title: string
  kind: FieldInfo['kind']
  required: boolean
  requiredWhen: boolean
  conditional: boolean
  sensitive: boolean
  hidden: boolean
  role?: string
  index: number
  count: number
  open: boolean
  lang: 'zh-CN' | 'en'
  /** Removal is refused (a role, a condition reads it): the button says why instead of asking */
  blocked: boolean
  confirmFor(id: string): string
  onToggle(id: string): void
  onMove(id: string, to: number): void
  onRemove(id: string): void
  children: ReactNode
}

/** One field in the list: drag handle, title with its marks, move and remove; its editor below when open. */
const FieldRow = memo(function FieldRow(p: RowProps) {
  const t = tOf(p.lang)
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: p.id })
  const style = {
    transform: CSS.Transform.toString(transform),
    transition,
    border: `1px solid ${p.open ? '#91caff' : '#f0f0f0'}`,
    borderRadius: 6,
    marginBottom: 4,
    background: isDragging ? '#e6f4ff' : '#fff',
    position: 'relative' as const,
    zIndex: isDragging ? 2 : undefined,
  }
  const name = p.title || p.id
  return (
    <At pointer={p.pointer}>
      <div ref={setNodeRef} style={style} data-testid="fb-field" data-field={p.id} data-open={p.open ? '1' : '0'}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '4px 6px', minHeight: 32 }}>
          <span
            {...attributes}
            {...listeners}
            style={{ cursor: 'grab', color: '#595959', touchAction: 'none' }}
            data-testid="fb-drag"
            aria-label={t('dragHandle')}
            title={t('dragHandle')}
          >
            <HolderOutlined />
          </span>
          <span
            onClick={() => p.onToggle(p.id)}
            style={{ flex: 1, minWidth: 0, cursor: 'pointer', display: 'flex', alignItems: 'center', gap: 6 }}
            data-testid="fb-field-toggle"
          >
            {p.open ? <DownOutlined style={{ fontSize: 10, color: '#595959' }} /> : <RightOutlined style={{ fontSize: 10, color: '#595959' }} />}
            <Typography.Text ellipsis style={{ maxWidth: 220 }} data-testid="fb-field-title">
              {name}
            </Typography.Text>
            {p.required && (
              <span style={{ color: '#ff4d4f' }} data-testid="fb-required-mark">
                *
              </span>
            )}
            <Tag style={{ marginInlineEnd: 0 }} data-testid="fb-kind">
              {t(`kind_${p.kind}` as MessageKey).replace(/（在 JSON 中编辑）| \(edit in JSON\)/, '')}
            </Tag>
            {p.role && (
              <Tooltip title={t('roleTip', { name: roleName(p.role, p.lang), id: p.role })}>
                <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="fb-role">
                  {t('role', { name: roleName(p.role, p.lang) })}
                </Tag>
              </Tooltip>
            )}
            {p.sensitive && (
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('sensitiveTag')}
              </Tag>
            )}
            {p.conditional && (
              <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="fb-cond-tag">
                {p.requiredWhen ? t('cond_requiredWhen').replace(/^.*，|^.*; /, '') : t('condTag')}
              </Tag>
            )}
            {p.hidden && (
              <Tag style={{ marginInlineEnd: 0 }} title={t('hiddenTip')}>
                {t('hiddenTag')}
              </Tag>
            )}
            <RowProblems pointer={p.pointer} />
          </span>
          <Space size={0}>
            <Button
              size="small"
              type="text"
              icon={<ArrowUpOutlined />}
              disabled={p.index === 0}
              onClick={() => p.onMove(p.id, p.index - 1)}
              data-testid="fb-up"
              aria-label={t('moveUp')}
              title={t('moveUp')}
            />
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              disabled={p.index === p.count - 1}
              onClick={() => p.onMove(p.id, p.index + 1)}
              data-testid="fb-down"
              aria-label={t('moveDown')}
              title={t('moveDown')}
            />
            {p.blocked ? (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => p.onRemove(p.id)}
                data-testid="fb-remove"
                aria-label={t('remove')}
                title={t('remove')}
              />
            ) : (
              <Popconfirm
                title={() => p.confirmFor(p.id)}
                okText={t('removeOk')}
                cancelText={t('cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'fb-remove-ok' } as never}
                onConfirm={() => p.onRemove(p.id)}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="fb-remove" aria-label={t('remove')} title={t('remove')} />
              </Popconfirm>
            )}
          </Space>
        </div>
        {p.children}
      </div>
    </At>
  )
})

/**
 * The problems inside a field (the worker's, deep under its schema node): a count and a red frame.
 * Its own component, so a new problem list re-renders this and not the whole row.
 */
function RowProblems({ pointer }: { pointer: string }) {
  const st = useProblemsAt(pointer, true)
  if (!st.validateStatus) return null
  return (
    <>
      <Tooltip title={st.help}>
        <Badge count={st.problems.length} size="small" data-testid="fb-field-problem" />
      </Tooltip>
      <span
        style={{ position: 'absolute', inset: -1, border: '1px solid #ff4d4f', borderRadius: 6, pointerEvents: 'none' }}
        data-testid="fb-field-error-frame"
      />
    </>
  )
}
