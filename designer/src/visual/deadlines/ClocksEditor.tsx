/**
 * Time limits (deadlines.json) as one table of clocks: name, days and working/calendar days, when to
 * warn and urge, on each row; a row opens to what starts and stops the clock (the workflow's events
 * by name, the date it counts from by field title), the rule set that picks it, and its id. Each row
 * shows what its limit means today ("例：今日登记 → 2026-12-21 到期") from the draft's own calendar.
 */
import { useEffect, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react'
import { Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined, CodeOutlined } from '@ant-design/icons'
import { At, LabelledItem, edit, ptr, useProblemsAt, useT, type Messages, type VisualEditorProps, labelColumns } from '../kit'
import type { EngineClient } from '../../engine/client'
import type { SchemeInfo } from '../../engine/protocol'
import type { Lang } from '../../i18n'
import { todayLocal } from '../../panels/ctx'
import {
  eventName,
  eventOptions,
  machineOptions,
  newClock,
  selectorOptions,
  startChoice,
  startOptions,
  stateOptions,
  withList,
  withStartChoice,
  type Clock,
  type DeadlinesDoc,
} from './model'

const M: Messages<
  | 'title'
  | 'hint'
  | 'add'
  | 'newName'
  | 'name'
  | 'limit'
  | 'warn'
  | 'urge'
  | 'workday'
  | 'calendar'
  | 'warnBefore'
  | 'urgeAfter'
  | 'urgeEvery'
  | 'machine'
  | 'startEvents'
  | 'startState'
  | 'startDate'
  | 'eventDay'
  | 'notOn'
  | 'ownForm'
  | 'otherForm'
  | 'when'
  | 'whenJson'
  | 'stopEvents'
  | 'stopStates'
  | 'selectedBy'
  | 'always'
  | 'nameEn'
  | 'description'
  | 'source'
  | 'id'
  | 'advanced'
  | 'delete'
  | 'deleteConfirm'
  | 'example'
  | 'exampleState'
  | 'exampleNone'
  | 'editDays'
  | 'editUnit'
  | 'editName'
  | 'editWarn'
  | 'editUrge'
  | 'editStart'
  | 'editStop'
  | 'editOther'
  | 'addLabel'
  | 'deleteLabel'
  | 'days'
  | 'before'
  | 'after'
  | 'every'
  | 'problems'
> = {
  'zh-CN': {
    title: '时限',
    hint: '每行一个时限；展开一行可设定从哪个环节开始、到哪个环节停止计时。',
    add: '新增时限',
    newName: '新时限',
    name: '名称',
    limit: '时限',
    warn: '临期提醒',
    urge: '超期催办',
    workday: '工作日',
    calendar: '自然日',
    warnBefore: '到期前几天提醒',
    urgeAfter: '超期几天后首次催办',
    urgeEvery: '此后每隔几天催办',
    machine: '所属流程',
    startEvents: '开始计时的环节（任一）',
    startState: '或进入该状态时开始',
    startDate: '起算日期',
    eventDay: '该环节发生之日',
    notOn: '{events}的表单没有此字段',
    ownForm: '开始环节的表单',
    otherForm: '其他环节的表单（最近一次记录）',
    when: '开始条件',
    whenJson: '在 JSON 中修改',
    stopEvents: '停止计时的环节',
    stopStates: '进入即停止的状态',
    selectedBy: '由规则集选定',
    always: '（总是计时）',
    nameEn: '英文名称',
    description: '说明',
    source: '依据',
    id: '标识',
    advanced: '高级',
    delete: '删除',
    deleteConfirm: '删除时限“{name}”？',
    example: '例：今日{event} → {due} 到期',
    exampleState: '例：今日进入“{state}” → {due} 到期',
    exampleNone: '例：今日开始 → {due} 到期',
    editDays: '修改时限天数',
    editUnit: '修改计日方式',
    editName: '修改时限名称',
    editWarn: '修改临期提醒',
    editUrge: '修改超期催办',
    editStart: '修改开始计时',
    editStop: '修改停止计时',
    editOther: '修改时限“{name}”',
    addLabel: '新增时限',
    deleteLabel: '删除时限“{name}”',
    days: '天',
    before: '前',
    after: '后',
    every: '每',
    problems: '此行有问题',
  },
  en: {
    title: 'Time limits',
    hint: 'One time limit per row; open a row to set which steps start and stop it.',
    add: 'Add time limit',
    newName: 'New time limit',
    name: 'Name',
    limit: 'Limit',
    warn: 'Due-soon',
    urge: 'Urging',
    workday: 'working days',
    calendar: 'calendar days',
    warnBefore: 'Warn this many days before due',
    urgeAfter: 'First urging this many days past due',
    urgeEvery: 'Then urge every',
    machine: 'Workflow',
    startEvents: 'Steps that start it (any)',
    startState: 'Or entering this state',
    startDate: 'Counted from',
    eventDay: 'the day of the step',
    notOn: 'not on the form of {events}',
    ownForm: "Starting step's form",
    otherForm: "Another step's form (latest record)",
    when: 'Only when',
    whenJson: 'Edit in JSON',
    stopEvents: 'Steps that stop it',
    stopStates: 'States that stop it',
    selectedBy: 'Chosen by rule set',
    always: '(always runs)',
    nameEn: 'English name',
    description: 'Description',
    source: 'Source',
    id: 'Id',
    advanced: 'Advanced',
    delete: 'Delete',
    deleteConfirm: 'Delete time limit "{name}"?',
    example: 'e.g. {event} today → due {due}',
    exampleState: 'e.g. entering "{state}" today → due {due}',
    exampleNone: 'e.g. starting today → due {due}',
    editDays: 'Change days',
    editUnit: 'Change day count',
    editName: 'Rename time limit',
    editWarn: 'Change due-soon warning',
    editUrge: 'Change urging',
    editStart: 'Change start',
    editStop: 'Change stop',
    editOther: 'Change time limit "{name}"',
    addLabel: 'Add time limit',
    deleteLabel: 'Delete time limit "{name}"',
    days: 'days',
    before: 'before',
    after: 'after',
    every: 'every',
    problems: 'This row has problems',
  },
}

type T = (k: keyof (typeof M)['zh-CN'], p?: Record<string, string | number>) => string

/** A control with the engine's problems at its pointer (status + help) and the host's marker. */
function Check({ pointer, deep = false, label, children }: { pointer: string; deep?: boolean; label?: ReactNode; children: ReactNode }) {
  const p = useProblemsAt(pointer, deep)
  return (
    <At pointer={pointer}>
      <LabelledItem label={label} validateStatus={p.validateStatus} help={p.help} style={{ marginBottom: label ? 8 : 0 }}>
        {children}
      </LabelledItem>
    </At>
  )
}

/** "例：今日登记并甄别受理 → 2026-12-21 到期", on the draft's calendar (the worker's addDays). */
function Example({ clock, info, client, lang, t }: { clock: Clock; info: SchemeInfo | null; client: EngineClient; lang: Lang; t: T }) {
  const [due, setDue] = useState<{ date: string | null; why?: string } | null>(null)
  const { days, unit } = clock
  useEffect(() => {
    let live = true
    if (!Number.isInteger(days) || days < 1) return void setDue(null)
    client
      .addDays(todayLocal(), days, unit)
      .then((r) => live && setDue({ date: r.due, why: r.problems.map((p) => (lang === 'en' ? (p.messageEn ?? p.message) : p.message)).join('；') }))
      .catch(() => live && setDue(null))
    return () => {
      live = false
    }
    // info: a new draft (e.g. the calendar changed) may move the date
  }, [client, days, unit, info, lang])
  if (!due) return null
  const first = clock.start.events?.[0]
  const state = clock.start.state ? info?.machines.find((m) => m.id === clock.machine)?.stateInfo?.[clock.start.state] : undefined
  const text = first
    ? t('example', { event: eventName(info, clock.machine, first, lang), due: due.date ?? '—' })
    : state
      ? t('exampleState', { state: lang === 'en' ? (state.nameEn ?? state.name) : state.name, due: due.date ?? '—' })
      : t('exampleNone', { due: due.date ?? '—' })
  return (
    <Tooltip title={due.why || undefined}>
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, display: 'block', lineHeight: 1.4, marginTop: 2 }}
        data-testid="clock-example"
        data-due={due.date ?? ''}
      >
        {text}
      </Typography.Text>
    </Tooltip>
  )
}

export default function ClocksEditor({ doc, onChange, info, client, i18n, problems, openJson }: VisualEditorProps<DeadlinesDoc>) {
  const lang = i18n.lang
  const t = useT(M, lang)
  const clocks = useMemo(() => (Array.isArray(doc.clocks) ? doc.clocks : []), [doc.clocks])
  const [open, setOpen] = useState<number[]>([])
  /** Rows with a problem inside are open, so the control it is on can be shown. */
  const withProblems = useMemo(() => {
    const s = new Set<number>()
    for (const p of problems) {
      const m = /^\/clocks\/(\d+)\//.exec(p.pointer + '/')
      if (m) s.add(Number(m[1]))
    }
    return s
  }, [problems])
  const rowOf = useMemo(() => new Map(clocks.map((c, i) => [c, i])), [clocks])
  const expanded = useMemo(() => [...new Set([...open, ...withProblems])], [open, withProblems])

  const setClock = (i: number, next: Clock, label: string, key?: string) =>
    onChange(
      edit(doc, (d) => void (d.clocks[i] = next)),
      label,
      key ? { coalesceKey: `clocks/${i}/${key}` } : undefined,
    )
  const unitOptions = [
    { value: 'workday', label: t('workday') },
    { value: 'calendar', label: t('calendar') },
  ]
  const num = (v: number | string | null) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

  const columns = [
    {
      key: 'name',
      title: t('name'),
      render: (_: unknown, c: Clock, i: number) => (
        <div style={{ minWidth: 0 }}>
          <Check pointer={ptr('clocks', i, 'name')}>
            <Input
              size="small"
              value={c.name}
              data-testid="clock-name"
              aria-label={t('name')}
              onChange={(e) => setClock(i, { ...c, name: e.target.value }, t('editName'), 'name')}
            />
          </Check>
          <Example clock={c} info={info} client={client} lang={lang} t={t} />
        </div>
      ),
    },
    {
      key: 'limit',
      title: t('limit'),
      width: 142,
      render: (_: unknown, c: Clock, i: number) => (
        <Space.Compact size="small">
          <Check pointer={ptr('clocks', i, 'days')}>
            <InputNumber
              size="small"
              min={1}
              max={3650}
              precision={0}
              value={c.days}
              style={{ width: 50 }}
              data-testid="clock-days"
              aria-label={t('limit')}
              onChange={(v) => {
                const n = num(v)
                if (n !== null) setClock(i, { ...c, days: n }, t('editDays'), 'days')
              }}
            />
          </Check>
          <Check pointer={ptr('clocks', i, 'unit')}>
            <Select
              size="small"
              value={c.unit}
              options={unitOptions}
              style={{ width: 76 }}
              suffixIcon={null}
              data-testid="clock-unit"
              aria-label={`${t('limit')}：${t('workday')} / ${t('calendar')}`}
              popupMatchSelectWidth={false}
              onChange={(v) => setClock(i, { ...c, unit: v }, t('editUnit'))}
            />
          </Check>
        </Space.Compact>
      ),
    },
    {
      key: 'warn',
      title: <Tooltip title={t('warnBefore')}>{t('warn')}</Tooltip>,
      width: 74,
      render: (_: unknown, c: Clock, i: number) => (
        <Check pointer={ptr('clocks', i, 'warnBefore')}>
          <Tooltip title={t('warnBefore')}>
            <InputNumber
              size="small"
              min={0}
              precision={0}
              value={c.warnBefore}
              style={{ width: 54 }}
              data-testid="clock-warn"
              aria-label={t('warnBefore')}
              onChange={(v) => {
                const n = num(v)
                if (n !== null) setClock(i, { ...c, warnBefore: n }, t('editWarn'), 'warn')
              }}
            />
          </Tooltip>
        </Check>
      ),
    },
    {
      key: 'urge',
      title: <Tooltip title={`${t('urgeAfter')} / ${t('urgeEvery')}`}>{t('urge')}</Tooltip>,
      width: 120,
      render: (_: unknown, c: Clock, i: number) => (
        <Space size={2}>
          <Check pointer={ptr('clocks', i, 'urge', 'after')}>
            <Tooltip title={t('urgeAfter')}>
              <InputNumber
                size="small"
                min={0}
                precision={0}
                value={c.urge?.after}
                style={{ width: 56 }}
                prefix={lang === 'en' ? undefined : t('after')}
                data-testid="clock-urge-after"
                aria-label={t('urgeAfter')}
                onChange={(v) => {
                  const n = num(v)
                  if (n !== null) setClock(i, { ...c, urge: { ...c.urge, after: n } }, t('editUrge'), 'urgeAfter')
                }}
              />
            </Tooltip>
          </Check>
          <Check pointer={ptr('clocks', i, 'urge', 'every')}>
            <Tooltip title={t('urgeEvery')}>
              <InputNumber
                size="small"
                min={1}
                precision={0}
                value={c.urge?.every}
                style={{ width: 56 }}
                prefix={lang === 'en' ? undefined : t('every')}
                data-testid="clock-urge-every"
                aria-label={t('urgeEvery')}
                onChange={(v) => {
                  const n = num(v)
                  if (n !== null) setClock(i, { ...c, urge: { ...c.urge, every: n } }, t('editUrge'), 'urgeEvery')
                }}
              />
            </Tooltip>
          </Check>
        </Space>
      ),
    },
    {
      key: 'ops',
      width: 32,
      render: (_: unknown, c: Clock, i: number) => (
        <Popconfirm
          title={t('deleteConfirm', { name: c.name })}
          onConfirm={() =>
            onChange(
              edit(doc, (d) => void d.clocks.splice(i, 1)),
              t('deleteLabel', { name: c.name }),
            )
          }
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('delete')} data-testid="clock-delete" />
        </Popconfirm>
      ),
    },
  ]

  return (
    <div data-testid="clocks-editor">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
        <Typography.Text strong>{t('title')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, flex: 1 }} ellipsis>
          {t('hint')}
        </Typography.Text>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="clock-add"
          onClick={() => {
            onChange(
              edit(doc, (d) => void d.clocks.push(newClock(doc, info, t('newName')))),
              t('addLabel'),
            )
            setOpen((o) => [...o, clocks.length])
          }}
        >
          {t('add')}
        </Button>
      </div>
      <Table<Clock>
        size="small"
        pagination={false}
        rowKey={(c) => String(rowOf.get(c))}
        dataSource={clocks}
        columns={labelColumns(columns)}
        tableLayout="fixed"
        onRow={(c, i) =>
          ({
            'data-testid': 'clock-row',
            'data-id': c.id,
            'data-pointer': ptr('clocks', i!),
            style: withProblems.has(i!) ? { boxShadow: 'inset 3px 0 0 #ff4d4f' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          columnWidth: 28,
          expandedRowKeys: expanded.map(String),
          onExpand: (isOpen, c) => {
            const i = clocks.indexOf(c)
            setOpen((o) => (isOpen ? [...o, i] : o.filter((x) => x !== i)))
          },
          expandedRowRender: (c, i) => (
            <Details clock={c} i={i} info={info} lang={lang} t={t} onClock={(next, label, key) => setClock(i, next, label, key)} openJson={openJson} />
          ),
        }}
      />
    </div>
  )
}

function Details({
  clock: c,
  i,
  info,
  lang,
  t,
  onClock,
  openJson,
}: {
  clock: Clock
  i: number
  info: SchemeInfo | null
  lang: Lang
  t: T
  onClock(next: Clock, label: string, key?: string): void
  openJson(pointer?: string, note?: string): void
}) {
  const events = eventOptions(info, c.machine, lang)
  const states = stateOptions(info, c.machine, lang)
  const starts = startOptions(info, c, lang, { eventDay: t('eventDay'), notOn: t('notOn') })
  const selectors = selectorOptions(info)
  const other = t('editOther', { name: c.name })
  const optionsOf = (list: Array<{ value: string; label: string; note?: string }>) =>
    list.map((o) => ({
      value: o.value,
      label: o.note ? (
        <Tooltip title={o.note}>
          <span style={{ color: '#cf1322' }}>{o.label}</span>
        </Tooltip>
      ) : (
        o.label
      ),
      title: o.label,
    }))
  // an id the draft does not know stays visible (the engine marks it)
  const keepUnknown = (list: Array<{ value: string; label: string }>, values: string[] | undefined) => [
    ...list,
    ...(values ?? []).filter((v) => !list.some((o) => o.value === v)).map((v) => ({ value: v, label: v })),
  ]
  const field = (key: string, label: string, node: ReactNode, deep = false) => (
    <Check pointer={ptr('clocks', i, ...key.split('/'))} deep={deep} label={label}>
      {node}
    </Check>
  )
  const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))', columnGap: 12 } as const
  return (
    <Form layout="vertical" size="small" component={false}>
      <div style={grid} data-testid="clock-details">
        {field(
          'start/events',
          t('startEvents'),
          <Select
            mode="multiple"
            size="small"
            value={c.start.events ?? []}
            options={keepUnknown(events, c.start.events)}
            optionFilterProp="label"
            data-testid="clock-start-events"
            onChange={(v: string[]) => onClock(withList(c, 'start', 'events', v), t('editStart'))}
          />,
          true,
        )}
        {field(
          'start/dateField',
          t('startDate'),
          <Select
            size="small"
            value={startChoice(c)}
            data-testid="clock-start-date"
            popupMatchSelectWidth={false}
            showSearch
            optionFilterProp="title"
            options={[
              { label: t('ownForm'), options: optionsOf(starts[0]!.options) },
              { label: t('otherForm'), options: optionsOf(starts[1]!.options) },
            ]}
            onChange={(v: string) => onClock(withStartChoice(c, v), t('editStart'))}
          />,
          true,
        )}
        {field(
          'start/state',
          t('startState'),
          <Select
            size="small"
            allowClear
            value={c.start.state}
            options={keepUnknown(states, c.start.state ? [c.start.state] : [])}
            optionFilterProp="label"
            data-testid="clock-start-state"
            onChange={(v?: string) => {
              const start = { ...c.start }
              if (v) start.state = v
              else delete start.state
              onClock({ ...c, start }, t('editStart'))
            }}
          />,
        )}
        {c.start.when && (
          <Check pointer={ptr('clocks', i, 'start', 'when')} deep label={t('when')}>
            <Space size={4}>
              <Tag data-testid="clock-when">{`${c.start.when.field} = ${JSON.stringify(c.start.when.equals)}`}</Tag>
              <Button size="small" type="link" icon={<CodeOutlined />} onClick={() => openJson(ptr('clocks', i, 'start', 'when'))}>
                {t('whenJson')}
              </Button>
            </Space>
          </Check>
        )}
        {field(
          'stop/events',
          t('stopEvents'),
          <Select
            mode="multiple"
            size="small"
            value={c.stop.events ?? []}
            options={keepUnknown(events, c.stop.events)}
            optionFilterProp="label"
            data-testid="clock-stop-events"
            onChange={(v: string[]) => onClock(withList(c, 'stop', 'events', v), t('editStop'))}
          />,
          true,
        )}
        {(c.stop.states?.length || states.length > 0) &&
          field(
            'stop/states',
            t('stopStates'),
            <Select
              mode="multiple"
              size="small"
              value={c.stop.states ?? []}
              options={keepUnknown(states, c.stop.states)}
              optionFilterProp="label"
              data-testid="clock-stop-states"
              onChange={(v: string[]) => onClock(withList(c, 'stop', 'states', v), t('editStop'))}
            />,
            true,
          )}
        {field(
          'selectedBy',
          t('selectedBy'),
          <Select
            size="small"
            allowClear
            placeholder={t('always')}
            value={c.selectedBy}
            options={keepUnknown(selectors, c.selectedBy ? [c.selectedBy] : [])}
            data-testid="clock-selected-by"
            onChange={(v?: string) => {
              const next = { ...c }
              if (v) next.selectedBy = v
              else delete next.selectedBy
              onClock(next, other)
            }}
          />,
        )}
        {field(
          'machine',
          t('machine'),
          <Select
            size="small"
            value={c.machine}
            options={keepUnknown(machineOptions(info, lang), [c.machine])}
            data-testid="clock-machine"
            onChange={(v: string) => onClock({ ...c, machine: v }, other)}
          />,
        )}
        {field(
          'nameEn',
          t('nameEn'),
          <Input
            size="small"
            value={c.nameEn ?? ''}
            data-testid="clock-name-en"
            onChange={(e) => {
              const next = { ...c }
              if (e.target.value) next.nameEn = e.target.value
              else delete next.nameEn
              onClock(next, other, 'nameEn')
            }}
          />,
        )}
        {field(
          'source',
          t('source'),
          <Input
            size="small"
            value={c.source ?? ''}
            data-testid="clock-source"
            onChange={(e) => {
              const next = { ...c }
              if (e.target.value) next.source = e.target.value
              else delete next.source
              onClock(next, other, 'source')
            }}
          />,
        )}
        {field(
          'id',
          `${t('id')}（${t('advanced')}）`,
          <Input
            size="small"
            value={c.id}
            data-testid="clock-id"
            style={{ fontFamily: 'monospace' }}
            onChange={(e) => onClock({ ...c, id: e.target.value }, other, 'id')}
          />,
        )}
      </div>
      {field(
        'description',
        t('description'),
        <Input.TextArea
          size="small"
          autoSize={{ minRows: 1, maxRows: 4 }}
          value={c.description ?? ''}
          data-testid="clock-description"
          onChange={(e) => {
            const next = { ...c }
            if (e.target.value) next.description = e.target.value
            else delete next.description
            onClock(next, other, 'description')
          }}
        />,
      )}
    </Form>
  )
}
