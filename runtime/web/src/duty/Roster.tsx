/**
 * 值班表: a month on the scheme's working calendar — days off greyed, 调休 make-up workdays marked,
 * each workday's shift leader (带班) and cadre on duty (值班) — generated in rotation (duty.manage),
 * swapped with a reason (the record listed below), printable on A4. A per-unit shift (each 二级部门's
 * 带班) is one line of the day — how many units are covered, the units and their people on a click —
 * and one list of units under 本月轮次 (./shifts.ts).
 */
import { useMemo, useState } from 'react'
import { Alert, App, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Popover, Radio, Row, Select, Skeleton, Space, Table, Tag } from 'antd'
import { LeftOutlined, PrinterOutlined, RightOutlined, SwapOutlined } from '@ant-design/icons'
import { ApiError } from '../api'
import { useAsync } from '../data'
import { areaMessages, useI18n } from '../i18n'
import { navigate } from '../router'
import { useCan } from '../session'
import { LoadError, errorMessage } from '../components/Problem'
import { mondayIndex, shiftMonth, type DayInfo, type Roster, type Shift } from './api'
import { monthLabel, useT } from './messages'
import { shortTime, useDuty } from './shared'
import { gapLines, groupShifts, unitLabel, type ShiftGroup } from './shifts'

/** The roster's shortfall hint's own words (the duty area's table is another helper's file) */
const useGapT = areaMessages(
  {
    noAccounts: '没有可排班的账号：{roles}。请先创建账号并授予这些角色，再重新生成排班。',
    noAccountsUnits: '{role}：{n} 个单位没有持该角色的账号（{units}）。',
    accounts: '前往账号管理',
    askAdmin: '请联系管理员创建账号并授予角色。',
    shortBy: '其余人员不足的班次：',
  },
  {
    noAccounts: 'No account can be scheduled for: {roles}. Create accounts with these roles, then generate the roster again.',
    noAccountsUnits: '{role}: {n} units have no account with this role ({units}).',
    accounts: 'Go to accounts',
    askAdmin: 'Ask an administrator to create the accounts and grant the roles.',
    shortBy: 'Other shifts short of people:',
  },
)

/**
 * Why the month could not be filled, structured: the roles nobody holds (the shifts they leave
 * empty all month, with a link to the accounts screen), then the remaining shortfalls one per line.
 */
function RosterGaps({ roster, shifts }: { roster: Roster; shifts: Shift[] }) {
  const t = useT()
  const g = useGapT()
  const i18n = useI18n()
  const can = useCan()
  const { bundle } = useDuty()
  const roles = (bundle.scheme.org as { roles?: Array<{ id: string; name: string; nameEn?: string }> }).roles ?? []
  const roleLabel = (id: string) =>
    i18n.label(
      roles.find((x) => x.id === id),
      id,
    )
  const empty = (sh: Shift) => (roster.eligible[sh.id] ?? []).length === 0
  const noHolder: string[] = []
  const someUnits: string[] = []
  const emptyShifts = new Set<string>()
  for (const grp of groupShifts(shifts)) {
    const members = grp.kind === 'shift' ? [grp.shift] : grp.units
    const none = members.filter(empty)
    if (!none.length) continue
    const role = members[0]!.role
    none.forEach((sh) => emptyShifts.add(sh.id))
    if (none.length === members.length) noHolder.push(`${roleLabel(role)}（${i18n.label(grp.label)}）`)
    else someUnits.push(g('noAccountsUnits', { role: roleLabel(role), n: none.length, units: none.map((sh) => i18n.label(unitLabel(sh))).join('、') }))
  }
  const lines = gapLines(
    roster.gaps.filter((x) => !emptyShifts.has(x.shift)),
    shifts,
    roster.days.length,
  )
  return (
    <Alert
      type="warning"
      showIcon
      title={t('roster.gaps')}
      data-testid="roster-gaps"
      style={{ marginBottom: 12 }}
      description={
        <div className="roster-gaps">
          {noHolder.length || someUnits.length ? (
            <div data-testid="roster-missing-roles">
              {noHolder.length ? <p>{g('noAccounts', { roles: noHolder.join('、') })}</p> : null}
              {someUnits.map((x) => (
                <p key={x}>{x}</p>
              ))}
              <p>
                {can('account.manage') ? (
                  <a href="#/admin/accounts" data-testid="roster-accounts-link">
                    {g('accounts')}
                  </a>
                ) : (
                  g('askAdmin')
                )}
              </p>
            </div>
          ) : null}
          {lines.length ? (
            <>
              {noHolder.length || someUnits.length ? <p>{g('shortBy')}</p> : null}
              <ul data-testid="roster-gap-lines">
                {lines.map((x, i) => (
                  <li key={i}>
                    {t('roster.gapLine', {
                      shift: i18n.label(x.label),
                      units: x.allUnits
                        ? t('roster.gapAllUnits', { n: x.units.length })
                        : x.units.length
                          ? t('roster.gapUnits', { units: x.units.map((u) => i18n.label(u)).join('、') })
                          : '',
                      when: x.allDays ? t('roster.gapAllDays') : x.dates.map((d) => d.slice(5)).join('、'),
                      n: x.missing,
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      }
    />
  )
}

const isMonth = (m: string | null): m is string => !!m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m)

export default function RosterScreen({ month: wanted }: { month: string | null }) {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const { d, def, today, name } = useDuty()
  const month = isMonth(wanted) ? wanted : today.slice(0, 7)
  const cal = useAsync(() => d.calendar(month), [d, month])
  const roster = useAsync(() => d.roster(month).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))), [d, month])
  const [busy, setBusy] = useState(false)
  const [swap, setSwap] = useState<{ date?: string; shift?: string; from?: string } | null>(null)
  const go = (m: string) => navigate(`/duty/roster?month=${m}`)

  if (!def.roster) return <Alert type="info" showIcon title={t('noDuty')} />
  const shifts = def.roster.shifts
  const r = roster.data

  const generate = async (replace: boolean) => {
    setBusy(true)
    try {
      const g = await d.generate(month, replace)
      void message.success(t('roster.generated', { month, n: g.days.length }))
      roster.reload()
    } catch (e) {
      void message.error(errorMessage(e, ''))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="roster" data-month={month}>
      <div className="duty-toolbar">
        <Space wrap size={8}>
          <Button icon={<LeftOutlined />} onClick={() => go(shiftMonth(month, -1))} aria-label={t('roster.prev')} data-testid="month-prev" />
          <strong className="duty-month-label" data-testid="month-label">
            {monthLabel(t, month)}
          </strong>
          <Button icon={<RightOutlined />} onClick={() => go(shiftMonth(month, 1))} aria-label={t('roster.next')} data-testid="month-next" />
        </Space>
        <Space wrap size={8}>
          {can('duty.manage') && r === null ? (
            <Button type="primary" loading={busy} onClick={() => void generate(false)} data-testid="roster-generate">
              {t('roster.generate')}
            </Button>
          ) : null}
          {can('duty.manage') && r ? (
            <Popconfirm title={t('roster.regenerateConfirm', { n: r.swaps.length })} onConfirm={() => void generate(true)}>
              <Button loading={busy} data-testid="roster-regenerate">
                {t('roster.regenerate')}
              </Button>
            </Popconfirm>
          ) : null}
          {r ? (
            <>
              <Button icon={<SwapOutlined />} onClick={() => setSwap({})} data-testid="swap-open">
                {t('roster.swap')}
              </Button>
              <Button icon={<PrinterOutlined />} href={`#/print/duty/roster/${month}`} data-testid="roster-print">
                {t('roster.print')}
              </Button>
            </>
          ) : null}
        </Space>
      </div>
      {cal.error ? <LoadError error={cal.error} onRetry={cal.reload} /> : null}
      {roster.error ? <LoadError error={roster.error} onRetry={roster.reload} /> : null}
      {r === null ? (
        <Alert
          type="info"
          showIcon
          title={t('roster.notGenerated', { month: monthLabel(t, month) })}
          description={t('roster.notGeneratedHint')}
          style={{ marginBottom: 12 }}
          data-testid="roster-missing"
        />
      ) : null}
      {r?.gaps.length ? <RosterGaps roster={r} shifts={shifts} /> : null}
      {!cal.data ? (
        <Skeleton active />
      ) : (
        <MonthGrid days={cal.data.days} roster={r ?? null} shifts={shifts} today={today} onPick={(date, shift, from) => setSwap({ date, shift, from })} />
      )}
      {r ? (
        <>
          <p className="muted duty-hint">
            {t('roster.swapHint')} · {t('roster.generatedBy', { at: shortTime(r.generatedAt), by: name(r.generatedBy) })}
          </p>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={16}>
              <SwapHistory roster={r} shifts={shifts} />
            </Col>
            <Col xs={24} lg={8}>
              <Counts roster={r} shifts={shifts} />
            </Col>
          </Row>
        </>
      ) : null}
      {swap && r ? (
        <SwapModal
          roster={r}
          shifts={shifts}
          initial={swap}
          onClose={() => setSwap(null)}
          onDone={() => {
            setSwap(null)
            roster.reload()
          }}
        />
      ) : null}
    </div>
  )
}

export function shiftName(shifts: Shift[], id: string, label?: (o: Shift) => string): string {
  const s = shifts.find((x) => x.id === id)
  return s ? (label ? label(s) : s.name) : id
}

function MonthGrid({
  days,
  roster,
  shifts,
  today,
  onPick,
}: {
  days: DayInfo[]
  roster: Roster | null
  shifts: Shift[]
  today: string
  onPick: (date: string, shift: string, from: string) => void
}) {
  const t = useT()
  const i18n = useI18n()
  const { name } = useDuty()
  const byDate = useMemo(() => new Map((roster?.days ?? []).map((x) => [x.date, x])), [roster])
  const groups = useMemo(() => groupShifts(shifts), [shifts])
  const lead = days.length ? mondayIndex(days[0]!.date) : 0
  return (
    <div className="duty-month" data-testid="month-grid">
      {Array.from({ length: 7 }, (_, i) => (
        <div key={`h${i}`} className={`duty-wd${i >= 5 ? ' weekend' : ''}`}>
          {t('weekday.prefix')}
          {t(`weekday.${i}` as 'weekday.0')}
        </div>
      ))}
      {Array.from({ length: lead }, (_, i) => (
        <div key={`p${i}`} className="duty-day pad" />
      ))}
      {days.map((info) => {
        const rd = byDate.get(info.date)
        const cls = ['duty-day', info.kind, info.workday ? 'work' : 'off', info.date === today ? 'today' : ''].filter(Boolean).join(' ')
        return (
          <div key={info.date} className={cls} data-testid={`day-${info.date}`} data-kind={info.kind} data-workday={String(info.workday)}>
            <div className="duty-day-head">
              <span className="duty-day-num">{Number(info.date.slice(8))}</span>
              <span className="duty-day-wd">
                {t('weekday.prefix')}
                {t(`weekday.${mondayIndex(info.date)}` as 'weekday.0')}
              </span>
              {info.kind === 'makeup' ? (
                <Tag color="purple" className="duty-day-tag" title={info.name}>
                  {t('roster.legend.makeup')}
                </Tag>
              ) : info.kind === 'holiday' ? (
                <span className="duty-day-name">{info.name ?? t('roster.legend.holiday')}</span>
              ) : !info.workday ? (
                <span className="duty-day-name">{t('roster.offDay')}</span>
              ) : null}
            </div>
            {info.workday && rd
              ? groups.map((g) =>
                  g.kind === 'shift' ? (
                    <div key={g.id} className="duty-shift">
                      <span className="duty-shift-name">{i18n.label(g.shift)}</span>
                      {(rd.shifts[g.id] ?? []).map((u) => (
                        <button
                          type="button"
                          key={u}
                          className="duty-person"
                          onClick={() => onPick(info.date, g.id, u)}
                          data-testid={`shift-${info.date}-${g.id}`}
                          title={t('roster.swap')}
                        >
                          {name(u)}
                        </button>
                      ))}
                    </div>
                  ) : (
                    <UnitsOnDay key={g.id} group={g} date={info.date} on={rd.shifts} onPick={onPick} />
                  ),
                )
              : null}
          </div>
        )
      })}
    </div>
  )
}

/**
 * One day's per-unit shift in the month grid: one line — how many of its units are covered — that
 * opens the units with their people (each a button to swap, as the station's shifts are).
 */
function UnitsOnDay({
  group,
  date,
  on,
  onPick,
}: {
  group: Extract<ShiftGroup, { kind: 'perUnit' }>
  date: string
  on: Record<string, string[]>
  onPick: (date: string, shift: string, from: string) => void
}) {
  const t = useT()
  const i18n = useI18n()
  const { name } = useDuty()
  const [open, setOpen] = useState(false)
  const covered = group.units.filter((sh) => (on[sh.id] ?? []).length).length
  const short = covered < group.units.length
  const list = (
    <ul className="duty-units" data-testid={`units-${date}-${group.id}`}>
      {group.units.map((sh) => (
        <li key={sh.id}>
          <span className="duty-unit-name">{i18n.label(unitLabel(sh))}</span>
          {(on[sh.id] ?? []).length ? (
            (on[sh.id] ?? []).map((u) => (
              <button
                type="button"
                key={u}
                className="duty-person"
                onClick={() => {
                  setOpen(false)
                  onPick(date, sh.id, u)
                }}
                data-testid={`shift-${date}-${sh.id}`}
                title={t('roster.swap')}
              >
                {name(u)}
              </button>
            ))
          ) : (
            <span className="duty-unit-none">{t('today.nobody')}</span>
          )}
        </li>
      ))}
    </ul>
  )
  return (
    <div className="duty-shift">
      <span className="duty-shift-name">{i18n.label(group.label)}</span>
      <Popover
        trigger="click"
        open={open}
        onOpenChange={setOpen}
        title={t('roster.unitsTitle', { shift: i18n.label(group.label), date })}
        content={list}
        placement="bottom"
      >
        <button
          type="button"
          className={`duty-units-count${short ? ' short' : ''}`}
          data-testid={`shift-${date}-${group.id}`}
          data-covered={covered}
          data-total={group.units.length}
        >
          {t('roster.unitsOn', { on: covered, total: group.units.length })}
        </button>
      </Popover>
    </div>
  )
}

function SwapHistory({ roster, shifts }: { roster: Roster; shifts: Shift[] }) {
  const t = useT()
  const i18n = useI18n()
  const { name } = useDuty()
  const rows = [...roster.swaps].reverse()
  return (
    <Card size="small" title={t('swap.history')} data-testid="swap-history">
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('swap.none')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={rows}
          columns={[
            { key: 'date', title: t('swap.col.date'), dataIndex: 'date', width: 100 },
            { key: 'shift', title: t('swap.col.shift'), render: (_, s) => shiftName(shifts, s.shift, (o) => i18n.label(o)), width: 80 },
            {
              key: 'change',
              title: t('swap.col.change'),
              render: (_, s) => `${name(s.from)} → ${name(s.to)}${s.otherDate ? t('swap.exchangeWith', { date: s.otherDate }) : ''}`,
            },
            { key: 'reason', title: t('swap.col.reason'), dataIndex: 'reason' },
            {
              key: 'by',
              title: t('swap.col.by'),
              render: (_, s) => (
                <span className="muted">
                  {name(s.by)} {shortTime(s.at)}
                </span>
              ),
              width: 150,
            },
          ]}
        />
      )}
    </Card>
  )
}

function Counts({ roster, shifts }: { roster: Roster; shifts: Shift[] }) {
  const t = useT()
  const i18n = useI18n()
  const { name } = useDuty()
  return (
    <Card size="small" title={t('roster.counts')} data-testid="roster-counts">
      {groupShifts(shifts).map((g) =>
        g.kind === 'shift' ? (
          <div key={g.id} style={{ marginBottom: 6 }}>
            <strong>{i18n.label(g.shift)}</strong>
            <div>
              {Object.entries(roster.counts[g.id] ?? {}).map(([u, n]) => (
                <Tag key={u}>{t('roster.countsPerson', { name: name(u), n })}</Tag>
              ))}
            </div>
          </div>
        ) : (
          // a per-unit shift: one line per unit, its people and their turns
          <div key={g.id} style={{ marginBottom: 6 }} data-testid={`counts-${g.id}`}>
            <strong>{i18n.label(g.label)}</strong>
            <ul className="duty-units">
              {g.units.map((sh) => {
                const turns = Object.entries(roster.counts[sh.id] ?? {})
                return (
                  <li key={sh.id}>
                    <span className="duty-unit-name">{i18n.label(unitLabel(sh))}</span>
                    {turns.length ? (
                      turns.map(([u, n]) => <span key={u}>{t('roster.countsPerson', { name: name(u), n })}</span>)
                    ) : (
                      <span className="duty-unit-none">{t('today.nobody')}</span>
                    )}
                  </li>
                )
              })}
            </ul>
          </div>
        ),
      )}
    </Card>
  )
}

interface SwapValues {
  date?: string
  shift?: string
  mode: 'replace' | 'exchange'
  to?: string
  otherDate?: string
  reason?: string
}

function SwapModal({
  roster,
  shifts,
  initial,
  onClose,
  onDone,
}: {
  roster: Roster
  shifts: Shift[]
  initial: { date?: string; shift?: string; from?: string }
  onClose: () => void
  onDone: () => void
}) {
  const t = useT()
  const i18n = useI18n()
  const { message } = App.useApp()
  const { d, name } = useDuty()
  const [form] = Form.useForm<SwapValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const date = Form.useWatch('date', form) ?? initial.date
  const shift = Form.useWatch('shift', form) ?? initial.shift ?? shifts[0]?.id
  const mode = Form.useWatch('mode', form) ?? 'replace'
  const day = roster.days.find((x) => x.date === date)
  const onShift = (shift && day?.shifts[shift]) || []
  const from = initial.from && onShift.includes(initial.from) && initial.date === date && initial.shift === shift ? initial.from : onShift[0]
  const busyThatDay = new Set(Object.values(day?.shifts ?? {}).flat())
  const replacements = (shift ? (roster.eligible[shift] ?? []) : []).filter((u) => !busyThatDay.has(u))
  const otherDays = roster.days.filter((x) => x.date !== date && shift && (x.shifts[shift] ?? []).length && !(x.shifts[shift] ?? []).includes(from ?? ''))
  const submit = async (v: SwapValues) => {
    if (!v.date || !v.shift || !from) return
    const other = v.mode === 'exchange' ? roster.days.find((x) => x.date === v.otherDate) : undefined
    const to = v.mode === 'exchange' ? other?.shifts[v.shift]?.[0] : v.to
    if (!to) return
    setBusy(true)
    setError(null)
    try {
      await d.swap({
        date: v.date,
        shift: v.shift,
        from,
        to,
        reason: (v.reason ?? '').trim(),
        ...(v.mode === 'exchange' && v.otherDate ? { otherDate: v.otherDate } : {}),
      })
      void message.success(t('swap.done', { from: name(from), to: name(to) }))
      onDone()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={t('swap.title')} onCancel={onClose} footer={null} destroyOnHidden data-testid="swap-modal">
      <Form<SwapValues>
        form={form}
        layout="vertical"
        initialValues={{ date: initial.date, shift: initial.shift ?? shifts[0]?.id, mode: 'replace' }}
        onFinish={(v) => void submit(v)}
        data-testid="swap-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="date" label={t('swap.date')} rules={[{ required: true, message: t('swap.pick') }]}>
              <Select
                id="swap_date"
                showSearch
                placeholder={t('swap.pick')}
                options={roster.days.map((x) => ({ value: x.date, label: x.date }))}
                onChange={() => form.setFieldsValue({ to: undefined, otherDate: undefined })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="shift" label={t('swap.shift')} rules={[{ required: true, message: t('swap.pick') }]}>
              <Select
                id="swap_shift"
                showSearch
                optionFilterProp="label"
                options={groupShifts(shifts).map((g) =>
                  g.kind === 'shift'
                    ? { value: g.id, label: i18n.label(g.shift) }
                    : {
                        label: i18n.label(g.label),
                        title: i18n.label(g.label),
                        options: g.units.map((s) => ({ value: s.id, label: i18n.label(unitLabel(s)) })),
                      },
                )}
                labelRender={({ value }) => shiftName(shifts, String(value), (o) => i18n.label(o))}
                onChange={() => form.setFieldsValue({ to: undefined, otherDate: undefined })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('swap.from')}>
          <strong data-testid="swap-from">{from ? name(from) : '—'}</strong>
        </Form.Item>
        <Form.Item name="mode" label={t('swap.mode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'replace', label: t('swap.mode.replace') },
              { value: 'exchange', label: t('swap.mode.exchange') },
            ]}
            data-testid="swap-mode"
          />
        </Form.Item>
        {mode === 'replace' ? (
          <Form.Item name="to" label={t('swap.to')} rules={[{ required: true, message: t('swap.pick') }]}>
            <Select
              id="swap_to"
              showSearch
              optionFilterProp="label"
              placeholder={t('swap.pick')}
              options={replacements.map((u) => ({ value: u, label: name(u) }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="otherDate"
            label={t('swap.otherDate')}
            rules={[{ required: true, message: t('swap.pick') }]}
            extra={(() => {
              const od = form.getFieldValue('otherDate') as string | undefined
              const p = od && shift ? roster.days.find((x) => x.date === od)?.shifts[shift]?.[0] : undefined
              return p ? t('swap.otherPerson', { shift: shiftName(shifts, shift!, (o) => i18n.label(o)), name: name(p) }) : undefined
            })()}
          >
            <Select
              id="swap_other"
              showSearch
              placeholder={t('swap.pick')}
              options={otherDays.map((x) => ({ value: x.date, label: `${x.date} ${name(x.shifts[shift!]?.[0])}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('swap.reason')} rules={[{ required: true, whitespace: true, message: t('swap.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea id="swap_reason" rows={2} maxLength={500} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={errorMessage(error, '')} style={{ marginBottom: 12 }} data-testid="swap-error" /> : null}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!from} data-testid="swap-submit">
          {t('swap.submit')}
        </Button>
      </Form>
    </Modal>
  )
}
