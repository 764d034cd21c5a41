/**
 * The workflow (workflow.json) for what administrators change: each step's (state's) name, and per
 * step the events it accepts as a table — event name, who may send it (roles), the form it carries,
 * the notices it sends, its clock control. Which clocks an event starts or stops is written in
 * deadlines.json: shown here read only, with a way to open that file. States and transitions are
 * edited in the JSON view. The diagram stays in the preview panel.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode, type SyntheticEvent } from 'react'
import { Alert, Button, Checkbox, Collapse, Empty, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { ButtonProps } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { ClockCircleOutlined, CodeOutlined, DeleteOutlined, EditOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons'
import { At, label, ptr, useProblemsAt, useT, type DraftFiles, type VisualEditorProps, labelColumns } from '../kit'
import { Help, SelectCell, TextCell } from '../org/cells'
import { Markers, nodePointers, useRevealHidden } from '../org/reveal'
import { enumLabel, MESSAGES } from './messages'
import {
  cleanNotices,
  clockControls,
  clocksOfEvent,
  clocksOfState,
  formFieldsOf,
  machinesOf,
  notifyKinds,
  notifyMax,
  notifyRecipients,
  setEventMember,
  setStateInfo,
  statesOf,
  unplacedEvents,
  type ClockRef,
  type Notice,
  type Obj,
  type StateRow,
} from './model'

type Lang = 'zh-CN' | 'en'
type T = (k: keyof (typeof MESSAGES)['zh-CN'], p?: Record<string, string | number>) => string
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

/** A host that can open another file (an additive prop; without it, the file list entry is clicked). */
type HostExtras = { openFile?(file: string, pointer?: string): void }

export default function WorkflowEditor(props: VisualEditorProps<Obj>) {
  const { doc, onChange, draft, i18n, openJson } = props
  const lang = i18n.lang as Lang
  const t = useT(MESSAGES, lang)
  const machines = machinesOf(doc)
  const [picked, setPicked] = useState(0)
  const mi = Math.min(picked, Math.max(0, machines.length - 1))
  const m = machines[mi]
  const states = useMemo(() => (m ? statesOf(m) : []), [m])
  const [open, setOpen] = useState<string[] | null>(null)
  const [notices, setNotices] = useState<string | null>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const firstKey = states[0]?.key
  useRevealHidden(
    rootRef,
    useCallback(
      (key: string) =>
        setOpen((o) => {
          const cur = o ?? (firstKey ? [firstKey] : [])
          return cur.includes(key) ? cur : [...cur, key]
        }),
      [firstKey],
    ),
  )
  // stable (the memoised state headers hold it)
  const toggle = useCallback(
    (key: string) =>
      setOpen((o) => {
        const cur = o ?? (firstKey ? [firstKey] : [])
        return cur.includes(key) ? cur.filter((k) => k !== key) : [...cur, key]
      }),
    [firstKey],
  )

  const roleOpts = useMemo(
    () =>
      draft
        .docsOf<Obj>('org')
        .flatMap((o) => (Array.isArray(o.roles) ? o.roles.filter(isObj) : []))
        .map((r) => ({
          value: str(r.id),
          label: label(r as { name?: string }, lang) || str(r.id),
          title: `${label(r as { name?: string }, lang)} ${str(r.id)}`,
        })),
    [draft, lang],
  )
  const formOpts = useMemo(
    () =>
      draft
        .docsOf<Obj>('forms')
        .flatMap((d) => (Array.isArray(d.forms) ? d.forms.filter(isObj) : []))
        .map((f) => ({
          value: str(f.id),
          label: label(f as { name?: string }, lang) || str(f.id),
          title: `${label(f as { name?: string }, lang)} ${str(f.id)}`,
        })),
    [draft, lang],
  )
  const deadlinesFile = draft.files.find((f) => f.kind === 'deadlines')?.file

  // Stable across edits (the state headers are memoised): reads the latest doc through a ref.
  const latest = useRef({ doc, onChange, t, mi })
  latest.current = { doc, onChange, t, mi }
  const onStateName = useCallback((key: string, member: 'name' | 'nameEn', v: string) => {
    const { doc: d, onChange: write, t: tt, mi: i } = latest.current
    write(setStateInfo(d, i, key, member, v), tt('hStateName', { key, field: tt(member === 'name' ? 'stateName' : 'stateNameEn'), value: v }), {
      coalesceKey: ptr('machines', i, 'stateInfo', key, member),
    })
  }, [])
  // The diagram beside follows the machine shown here.
  const shownId = m ? str(m.id) : ''
  const { onFocusElement } = props
  useEffect(() => {
    if (shownId) onFocusElement?.(shownId)
  }, [shownId, onFocusElement])
  if (!m) return <Empty description={t('noMachine')} />
  const machineId = str(m.id)
  const events = isObj(m.events) ? m.events : {}
  const evName = (ev: string) => (isObj(events[ev]) ? label(events[ev] as { name?: string }, lang) || ev : ev)
  const stateName = (key: string | null) => {
    if (key === null) return t('self')
    const s = states.find((x) => x.key === key)
    return (lang === 'en' ? s?.nameEn || s?.name : s?.name) || key
  }

  const openFile = (file: string, pointer?: string) => {
    const host = props as VisualEditorProps<Obj> & HostExtras
    if (host.openFile) return host.openFile(file, pointer)
    document.querySelector<HTMLElement>(`[data-testid="file-list"] [data-file="${CSS.escape(file)}"]`)?.click()
  }
  const setEvent = (ev: string, member: string, value: unknown, what: string) => {
    const { doc: d, onChange: write, mi: i } = latest.current
    write(setEventMember(d, i, ev, member, value), what, { coalesceKey: ptr('machines', i, 'events', ev, member) })
  }

  const clockTags = (c: { starts: ClockRef[]; stops: ClockRef[] }, start: string, stop: string) =>
    [...c.starts.map((r) => ({ r, verb: start, color: 'green' })), ...c.stops.map((r) => ({ r, verb: stop, color: 'default' }))].map(({ r, verb, color }) => (
      <Tooltip key={`${verb}${r.id}`} title={t('clockFileNote')}>
        <Tag
          color={color}
          icon={<ClockCircleOutlined />}
          style={{ cursor: 'pointer', marginTop: 2, fontSize: 11 }}
          onClick={() => openFile(r.file, ptr('clocks', r.index))}
          data-testid="wf-clock"
          data-clock={r.id}
        >
          {verb} {lang === 'en' ? r.nameEn || r.name : r.name}
        </Tag>
      </Tooltip>
    ))

  // event → the states accepting it (an edit there applies in all of them)
  const accepting = new Map<string, string[]>()
  for (const st of states) for (const e of st.events) accepting.set(e.event, [...(accepting.get(e.event) ?? []), st.key])
  // A row's cells are re-rendered when the event, its targets, the states sharing it or the option lists change.
  const depsKey = JSON.stringify([roleOpts, formOpts, lang, mi, draft.files.find((f) => f.kind === 'deadlines')?.doc ?? null])
  type EvRow = { event: string; targets: Array<string | null>; sig?: string }
  const eventTable = (rows: EvRow[]) => (
    <Table<EvRow>
      size="small"
      rowKey="event"
      pagination={false}
      dataSource={rows.map((r) => ({ ...r, sig: JSON.stringify([events[r.event], r.targets, accepting.get(r.event), r.targets.map(stateName), depsKey]) }))}
      scroll={{ x: 500 }}
      data-testid="wf-events"
      onRow={(r) => ({ 'data-pointer': ptr('machines', mi, 'events', r.event), 'data-event': r.event }) as HTMLAttributes<HTMLElement>}
      columns={labelColumns(
        withSig([
          {
            key: 'event',
            title: t('event'),
            width: 128,
            render: (_, r) => {
              const e = isObj(events[r.event]) ? (events[r.event] as Obj) : {}
              const shared = accepting.get(r.event) ?? []
              return (
                <>
                  <TextCell
                    pointer={ptr('machines', mi, 'events', r.event, 'name')}
                    value={e.name}
                    testid="wf-event-name"
                    onChange={(v) => setEvent(r.event, 'name', v, t('hEventName', { ev: r.event }))}
                  />
                  <div style={{ fontSize: 11, color: '#595959', marginTop: 2, lineHeight: '14px' }}>
                    <span style={{ fontFamily: 'monospace' }}>{r.event}</span>
                    {r.targets.length > 0 && <> → {r.targets.map(stateName).join(' / ')}</>}
                    {shared.length > 1 && (
                      <Tooltip title={t('sharedTip', { n: shared.length, list: shared.map(stateName).join('、') })}>
                        <Tag style={{ marginInlineStart: 4, fontSize: 10, lineHeight: '14px', padding: '0 3px' }}>×{shared.length}</Tag>
                      </Tooltip>
                    )}
                  </div>
                </>
              )
            },
          },
          {
            key: 'who',
            title: t('who'),
            render: (_, r) => (
              <RolesCell
                mi={mi}
                ev={r.event}
                e={events[r.event]}
                roleOpts={roleOpts}
                t={t}
                onRoles={(v, what) => setEvent(r.event, 'roles', v, what)}
                name={evName(r.event)}
              />
            ),
          },
          {
            key: 'carries',
            title: (
              <span>
                {t('form')} · {t('notices')} · {t('clock')}
              </span>
            ),
            width: 176,
            render: (_, r) => {
              const e = isObj(events[r.event]) ? (events[r.event] as Obj) : {}
              const cur = str(e.form)
              const opts = cur && !formOpts.some((o) => o.value === cur) ? [...formOpts, { value: cur, label: cur, title: cur }] : formOpts
              const list = Array.isArray(e.notify) ? (e.notify as Notice[]) : []
              const np = ptr('machines', mi, 'events', r.event, 'notify')
              return (
                <Space orientation="vertical" size={3} style={{ width: '100%' }}>
                  <SelectCell
                    pointer={ptr('machines', mi, 'events', r.event, 'form')}
                    value={cur || undefined}
                    placeholder={t('noForm')}
                    options={opts}
                    allowClear
                    testid="wf-event-form"
                    label={t('form')}
                    onChange={(v) => setEvent(r.event, 'form', v || undefined, t('hForm', { name: evName(r.event) }))}
                  />
                  <div style={{ display: 'flex', gap: 4, alignItems: 'flex-start' }}>
                    <At pointer={np}>
                      <Tooltip title={list.length ? list.map((n) => (lang === 'en' ? n.messageEn || n.message : n.message)).join('；') : t('noticeNone')}>
                        <Button size="small" icon={<EditOutlined />} onClick={() => setNotices(r.event)} data-testid="wf-notices-edit" danger={useless(list)}>
                          {t('notices')} {list.length}
                        </Button>
                      </Tooltip>
                    </At>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <SelectCell
                        pointer={ptr('machines', mi, 'events', r.event, 'clockControl')}
                        value={str(e.clockControl) || undefined}
                        placeholder={t('clockNone')}
                        allowClear
                        testid="wf-event-clock"
                        label={t('clock')}
                        options={clockControls().map((c) => ({ value: c, label: enumLabel(lang, 'clock', c), title: enumLabel(lang, 'clock', c) }))}
                        onChange={(v) => setEvent(r.event, 'clockControl', v || undefined, t('hClock', { name: evName(r.event) }))}
                      />
                    </div>
                  </div>
                  <Help pointer={np} deep />
                  <div>{clockTags(clocksOfEvent(draft, machineId, r.event), t('clockStarts'), t('clockStops'))}</div>
                </Space>
              )
            },
          },
        ]),
      )}
    />
  )

  const unplaced = unplacedEvents(m)
  const activeKeys = open ?? (states[0] ? [states[0].key] : [])
  // each event's controls are in the first panel that lists it: closed panels leave markers
  const firstPanel = new Map<string, string>()
  for (const s of states) for (const e of s.events) if (!firstPanel.has(e.event)) firstPanel.set(e.event, s.key)
  for (const ev of unplaced) firstPanel.set(ev, '__unplaced')
  const hidden = [...new Set(firstPanel.values())].filter((k) => !activeKeys.includes(k))
  return (
    <div data-testid="workflow-editor" ref={rootRef}>
      {hidden.map((k) => (
        <Markers
          key={k}
          group={k}
          pointers={[...firstPanel].filter(([, p]) => p === k).flatMap(([ev]) => nodePointers(events[ev], ptr('machines', mi, 'events', ev)))}
        />
      ))}
      {machines.length > 1 && (
        <div style={{ marginBottom: 6 }}>
          <Segmented
            size="small"
            value={mi}
            onChange={(v) => {
              setPicked(Number(v))
              setOpen(null)
            }}
            options={machines.map((x, i) => ({
              value: i,
              label: (
                <span data-testid="wf-machine" data-machine={str(x.id)}>
                  {label(x as { name?: string }, lang) || str(x.id)}
                </span>
              ),
            }))}
          />
        </div>
      )}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 6, padding: '4px 8px' }}
        title={
          <span style={{ fontSize: 12 }}>
            {t('structureNote')} {deadlinesFile ? t('clockFileNote') : ''}
          </span>
        }
        action={
          <Space orientation="vertical" size={2}>
            <Button
              size="small"
              icon={<CodeOutlined />}
              onClick={() => openJson(ptr('machines', mi, 'config'), t('structureJsonNote'))}
              data-testid="wf-open-json"
            >
              {t('openJson')}
            </Button>
            {deadlinesFile && (
              <Button size="small" icon={<ClockCircleOutlined />} onClick={() => openFile(deadlinesFile)} data-testid="wf-open-deadlines">
                {t('openDeadlines')}
              </Button>
            )}
          </Space>
        }
      />
      <Typography.Text strong style={{ display: 'block', margin: '4px 0' }}>
        {t('states')}
      </Typography.Text>
      {/* The arrow alone is the panel's button: the header holds inputs, which may not sit inside a
          role=button (axe nested-interactive); a click on the header's free space toggles too. */}
      <Collapse
        size="small"
        destroyOnHidden
        collapsible="icon"
        expandIcon={(p) => {
          // rc-collapse passes the panel's own props, its key among them
          const key = String((p as { panelKey?: string }).panelKey)
          const name = key === '__unplaced' ? t('unplaced') : stateName(key)
          return <RightOutlined rotate={p.isActive ? 90 : undefined} aria-label={t(p.isActive ? 'collapseState' : 'expandState', { name })} />
        }}
        activeKey={activeKeys}
        onChange={(k) => setOpen(Array.isArray(k) ? k.map(String) : [String(k)])}
        items={[
          ...states.map((s) => ({
            key: s.key,
            label: (() => {
              const c = clocksOfState(draft, machineId, s.key)
              return (
                <StateHeader
                  onToggle={toggle}
                  s={s}
                  mi={mi}
                  t={t}
                  lang={lang}
                  clocksKey={[...c.starts, ...c.stops].map((x) => `${x.id}:${x.name}:${x.nameEn}`).join('|') + `/${c.starts.length}`}
                  clocks={clockTags(c, t('clockStateStarts'), t('clockStateStops'))}
                  onName={onStateName}
                />
              )
            })(),
            children: s.events.length ? eventTable(s.events) : <Typography.Text type="secondary">{t('noEvents')}</Typography.Text>,
            styles: { body: { padding: 4 } },
          })),
          ...(unplaced.length
            ? [
                {
                  key: '__unplaced',
                  label: (
                    <span onClick={() => toggle('__unplaced')}>
                      {t('unplaced')}（{unplaced.length}）
                    </span>
                  ),
                  children: eventTable(unplaced.map((event) => ({ event, targets: [] }))),
                  styles: { body: { padding: 4 } },
                },
              ]
            : []),
        ]}
      />
      {notices !== null && isObj(events[notices]) && (
        <NoticesModal
          t={t}
          lang={lang}
          draft={draft}
          e={events[notices] as Obj}
          pointer={ptr('machines', mi, 'events', notices, 'notify')}
          onCancel={() => setNotices(null)}
          onOk={(list) => {
            const ev = notices
            setNotices(null)
            onChange(setEventMember(doc, mi, ev, 'notify', cleanNotices(list)), t('hNotices', { name: evName(ev) }))
          }}
        />
      )}
    </div>
  )
}

/** Columns whose cells re-render only when their row's signature changes. */
function withSig<R extends { sig?: string }>(cols: ColumnsType<R>): ColumnsType<R> {
  return cols.map((c) => ({ ...c, shouldCellUpdate: (r: R, prev: R) => r.sig !== prev.sig }))
}

/** A notice list with an empty message or no recipient cannot be written (the modal refuses it). */
const useless = (list: Notice[]) => list.some((n) => !n.message || !Array.isArray(n.to) || !n.to.length)

/** A state's header: re-rendered only when what it shows changes (not on every keystroke elsewhere). */
const StateHeader = memo(
  function StateHeader({
    s,
    mi,
    t,
    clocks,
    onName,
    onToggle,
  }: {
    s: StateRow
    mi: number
    t: T
    lang: Lang
    clocks: ReactNode[]
    clocksKey: string
    onName(key: string, member: 'name' | 'nameEn', v: string): void
    /** a click on the header outside its controls (the keyboard uses the arrow) */
    onToggle(key: string): void
  }) {
    const stop = (e: SyntheticEvent) => e.stopPropagation()
    const p = ptr('machines', mi, 'stateInfo', s.key)
    const { problems } = useProblemsAt(p, true)
    return (
      <div
        style={{ display: 'flex', alignItems: 'flex-start', gap: 6, paddingInlineStart: s.depth * 16, flexWrap: 'wrap' }}
        data-testid="wf-state"
        data-state={s.key}
        onClick={() => onToggle(s.key)}
      >
        <div style={{ width: 200 }} onClick={stop} onKeyDown={stop}>
          <TextCell
            pointer={ptr('machines', mi, 'stateInfo', s.key, 'name')}
            value={s.name}
            placeholder={s.key}
            testid="wf-state-name"
            onChange={(v) => onName(s.key, 'name', v)}
          />
        </div>
        <div style={{ width: 150 }} onClick={stop} onKeyDown={stop}>
          <Input
            size="small"
            value={s.nameEn}
            placeholder={t('stateNameEn')}
            onChange={(e) => onName(s.key, 'nameEn', e.target.value)}
            data-testid="wf-state-name-en"
          />
        </div>
        <span style={{ fontFamily: 'monospace', fontSize: 11, color: '#595959', paddingTop: 3 }} data-testid="wf-state-path">
          {s.key}
        </span>
        {s.initial && (
          <Tag color="blue" style={{ fontSize: 11 }}>
            {t('initial')}
          </Tag>
        )}
        {s.final && <Tag style={{ fontSize: 11 }}>{t('final')}</Tag>}
        {s.stage && (
          <Tooltip title={t('stage')}>
            <Tag style={{ fontSize: 11 }}>{s.stage}</Tag>
          </Tooltip>
        )}
        <span style={{ fontSize: 11, color: '#595959', paddingTop: 3 }}>{t('eventsIn', { n: s.events.length })}</span>
        {problems.length > 0 && <Tag color="error">{problems.length}</Tag>}
        {clocks.length > 0 && <span onClick={stop}>{clocks}</span>}
      </div>
    )
  },
  (a, b) =>
    a.mi === b.mi &&
    a.t === b.t &&
    a.lang === b.lang &&
    a.onName === b.onName &&
    a.onToggle === b.onToggle &&
    a.clocksKey === b.clocksKey &&
    JSON.stringify(a.s) === JSON.stringify(b.s),
)

/** Who may send the event: no `roles` = any role in the jurisdiction; a list = those roles; an empty list = nobody. */
function RolesCell({
  mi,
  ev,
  e,
  roleOpts,
  t,
  name,
  onRoles,
}: {
  mi: number
  ev: string
  e: unknown
  roleOpts: Array<{ value: string; label: string; title: string }>
  t: T
  name: string
  onRoles(v: string[] | undefined, what: string): void
}) {
  const roles = isObj(e) && Array.isArray(e.roles) ? (e.roles as string[]) : undefined
  const pointer = ptr('machines', mi, 'events', ev, 'roles')
  const opts = [...roleOpts, ...(roles ?? []).filter((r) => !roleOpts.some((o) => o.value === r)).map((r) => ({ value: r, label: r, title: r }))]
  return (
    <SelectCell<string[]>
      pointer={pointer}
      mode="multiple"
      value={roles ?? []}
      options={opts}
      placeholder={roles ? t('roleList') : t('anyRole')}
      testid="wf-event-roles"
      wrap
      onChange={(v) => onRoles(v, t('hRoles', { name }))}
      extra={
        roles === undefined ? (
          <Tooltip title={t('anyRoleTip')}>
            <Tag color="blue" style={{ marginTop: 2, fontSize: 11 }} data-testid="wf-any-role">
              {t('anyRole')}
            </Tag>
          </Tooltip>
        ) : (
          <div style={{ fontSize: 11, marginTop: 2 }}>
            {roles.length === 0 && (
              <Typography.Text type="warning" style={{ fontSize: 11, display: 'block' }} data-testid="wf-nobody">
                {t('nobody')}
              </Typography.Text>
            )}
            <Tooltip title={t('anyRoleTip')}>
              <a onClick={() => onRoles(undefined, t('hAnyRole', { name }))} data-testid="wf-any-role-set" style={{ color: '#595959' }}>
                {t('anyRoleOn')}
              </a>
            </Tooltip>
          </div>
        )
      }
    />
  )
}

/** The event's notices, edited as a whole and written in one step. */
function NoticesModal({
  t,
  lang,
  draft,
  e,
  pointer,
  onCancel,
  onOk,
}: {
  t: T
  lang: Lang
  draft: DraftFiles
  e: Obj
  pointer: string
  onCancel(): void
  onOk(list: Notice[]): void
}) {
  const [list, setList] = useState<Notice[]>(() => (Array.isArray(e.notify) ? structuredClone(e.notify as Notice[]) : []))
  const [tried, setTried] = useState(false)
  const fields = formFieldsOf(draft, str(e.form))
  const kinds = notifyKinds()
  const recipients = notifyRecipients()
  const set = (i: number, patch: Partial<Notice>) => setList((l) => l.map((n, k) => (k === i ? { ...n, ...patch } : n)))
  const bad = (n: Notice) => !n.message?.trim() || !n.to?.length
  return (
    <Modal
      open
      width={600}
      title={`${t('noticesEdit')} · ${label(e as { name?: string }, lang)}`}
      okText={t('ok')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'wf-notices-ok' } as ButtonProps}
      onOk={() => {
        setTried(true)
        if (!list.some(bad)) onOk(list)
      }}
    >
      <div data-testid="wf-notices" data-pointer={pointer}>
        {list.map((n, i) => {
          const field = fields.find((f) => f.name === n.when?.field)
          return (
            <div key={i} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginBottom: 8 }} data-testid="wf-notice">
              <Space wrap size={6} style={{ marginBottom: 6 }}>
                <span>{t('noticeKind')}</span>
                <Select
                  size="small"
                  style={{ width: 120 }}
                  value={n.kind}
                  options={kinds.map((k) => ({ value: k, label: enumLabel(lang, 'kind', k) }))}
                  onChange={(v) => set(i, { kind: v })}
                />
                <span>{t('noticeTo')}</span>
                <Checkbox.Group
                  value={n.to ?? []}
                  options={recipients.map((r) => ({ value: r, label: enumLabel(lang, 'to', r) }))}
                  onChange={(v) => set(i, { to: v as string[] })}
                />
                {tried && !n.to?.length && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {t('noticeRequired')}
                  </Typography.Text>
                )}
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('remove')}
                  onClick={() => setList((l) => l.filter((_, k) => k !== i))}
                />
              </Space>
              <Space wrap size={6} style={{ marginBottom: 6 }}>
                <span>{t('noticeWhen')}</span>
                <Select
                  size="small"
                  style={{ width: 180 }}
                  allowClear
                  value={n.when?.field}
                  options={fields.map((f) => ({ value: f.name, label: f.title }))}
                  onChange={(v) => set(i, { when: v ? { field: v, value: fields.find((f) => f.name === v)?.type === 'boolean' ? true : '' } : undefined })}
                />
                {n.when?.field && <span>{t('noticeWhenValue')}</span>}
                {n.when?.field &&
                  (field?.type === 'boolean' ? (
                    <Select
                      size="small"
                      style={{ width: 80 }}
                      value={n.when.value === true ? 'true' : 'false'}
                      options={[
                        { value: 'true', label: t('yes') },
                        { value: 'false', label: t('no') },
                      ]}
                      onChange={(v) => set(i, { when: { field: n.when!.field, value: v === 'true' } })}
                    />
                  ) : field?.type === 'number' || field?.type === 'integer' ? (
                    <InputNumber
                      size="small"
                      value={typeof n.when.value === 'number' ? n.when.value : null}
                      onChange={(v) => set(i, { when: { field: n.when!.field, value: typeof v === 'number' ? v : 0 } })}
                    />
                  ) : (
                    <Input
                      size="small"
                      style={{ width: 140 }}
                      value={String(n.when.value ?? '')}
                      onChange={(ev) => set(i, { when: { field: n.when!.field, value: ev.target.value } })}
                    />
                  ))}
              </Space>
              <Labelled text={t('noticeMessage')}>
                <Input
                  size="small"
                  value={n.message ?? ''}
                  status={tried && !n.message?.trim() ? 'error' : undefined}
                  onChange={(ev) => set(i, { message: ev.target.value })}
                  data-testid="wf-notice-message"
                />
              </Labelled>
              <div style={{ fontSize: 11, color: '#595959', margin: '2px 0 4px 76px' }}>{t('noticeMessageHelp')}</div>
              <Labelled text={t('noticeMessageEn')}>
                <Input size="small" value={n.messageEn ?? ''} onChange={(ev) => set(i, { messageEn: ev.target.value })} />
              </Labelled>
            </div>
          )
        })}
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={list.length >= notifyMax()}
          onClick={() => setList((l) => [...l, { kind: kinds.includes('info') ? 'info' : (kinds[0] ?? ''), to: recipients.slice(0, 1), message: '' }])}
          data-testid="wf-notice-add"
        >
          {t('noticeAdd')}
        </Button>
      </div>
    </Modal>
  )
}

function Labelled({ text, children }: { text: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
      <span style={{ width: 70, flex: '0 0 auto', color: '#595959' }}>{text}</span>
      <div style={{ flex: 1 }}>{children}</div>
    </div>
  )
}
