/**
 * Holiday calendar (calendar.json): one tab per year, each a year view of twelve months with the
 * days off and the make-up workdays (调休) marked, the festival's name on hover; clicking a day sets
 * it (day off / make-up workday / normal) with its name. A year is added or replaced by pasting
 * the State Council's notice: it is read (engine/calendar/notice.ts), shown for confirmation, and
 * written only then; a notice with an impossible date is refused with the line it is on.
 */
import { useMemo, useState, type ReactNode } from 'react'
import { Alert, AutoComplete, Button, Input, Modal, Popconfirm, Popover, Radio, Segmented, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd'
import { FileTextOutlined, PlusOutlined, DeleteOutlined } from '@ant-design/icons'
import { At, ptr, useProblemsAt, useT, type Messages, type VisualEditorProps } from '../kit'
import { parseHolidayNotice, type ParsedNotice } from '../../../../engine/calendar/notice'
import type { Lang } from '../../i18n'
import {
  compareYear,
  dayView,
  spills,
  holidayNames,
  monthWeeks,
  noticeOptions,
  noticeTarget,
  ranges,
  setDay,
  specialDays,
  suggestName,
  weekdayOf,
  weekendOf,
  withEmptyYear,
  withNotice,
  yearsOf,
  type CalendarDoc,
  type DayView,
} from './model'

const M: Messages<
  | 'title'
  | 'legendHoliday'
  | 'legendMakeup'
  | 'legendWeekend'
  | 'provisional'
  | 'provisionalNote'
  | 'replaceByNotice'
  | 'fromNotice'
  | 'emptyYear'
  | 'deleteYear'
  | 'deleteYearConfirm'
  | 'summary'
  | 'weekend'
  | 'holiday'
  | 'makeup'
  | 'normal'
  | 'weekday'
  | 'name'
  | 'apply'
  | 'makeupOnlyWeekend'
  | 'nameNeeded'
  | 'setDay'
  | 'setWeekend'
  | 'month'
  | 'noticeTitle'
  | 'noticeHint'
  | 'noticePlaceholder'
  | 'noticeErrors'
  | 'noticeWarnings'
  | 'noticeWill'
  | 'noticeReplacesProvisional'
  | 'noticeReplacesPublished'
  | 'noticeNew'
  | 'noticeGap'
  | 'spill'
  | 'noticeConfirm'
  | 'noticeCancel'
  | 'noticeWrote'
  | 'colLine'
  | 'colFestival'
  | 'colOff'
  | 'colWork'
  | 'viewTable'
  | 'viewYear'
  | 'changes'
  | 'noYears'
  | 'source'
  | 'problemsHere'
> = {
  'zh-CN': {
    title: '工作日历',
    legendHoliday: '放假',
    legendMakeup: '调休上班',
    legendWeekend: '周末',
    provisional: '暂定',
    provisionalNote: '{year} 年为暂定安排：国务院办公厅尚未公布，仅列法定节日、不含调休，落在该年的时限标为暂定。公布后请粘贴通知替换。',
    replaceByNotice: '粘贴国务院通知替换',
    fromNotice: '从国务院通知添加年度',
    emptyYear: '新增空白年度',
    deleteYear: '删除 {year} 年',
    deleteYearConfirm: '删除 {year} 年的全部节假日安排？',
    summary: '{h} 个放假日、{w} 个调休上班日',
    weekend: '周末',
    holiday: '放假',
    makeup: '调休上班',
    normal: '普通（按周末规则）',
    weekday: '工作日',
    name: '名称',
    apply: '确定',
    makeupOnlyWeekend: '调休上班日只能是周末',
    nameNeeded: '请填写名称',
    setDay: '设定 {date}',
    setWeekend: '修改周末',
    month: '{m}月',
    noticeTitle: '从国务院办公厅通知添加年度',
    noticeHint: '粘贴“国务院办公厅关于××××年部分节假日安排的通知”全文（含标题），核对后写入。',
    noticePlaceholder: '国务院办公厅关于2027年部分节假日安排的通知\n……\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n……',
    noticeErrors: '通知中有无法采用的内容，未写入：',
    noticeWarnings: '提示：',
    noticeWill: '将写入 {year} 年：{summary}',
    noticeReplacesProvisional: '替换 {year} 年的暂定安排',
    noticeReplacesPublished: '覆盖已有的 {year} 年安排',
    noticeNew: '新增 {year} 年',
    noticeGap: '工作日历的年份不能有空缺：请先添加 {gap} 年',
    spill: '另将 {date}（{name}）写入 {year} 年',
    noticeConfirm: '确认写入',
    noticeCancel: '取消',
    noticeWrote: '按国务院通知写入 {year} 年',
    colLine: '行',
    colFestival: '节日',
    colOff: '放假',
    colWork: '调休上班',
    viewTable: '按条目',
    viewYear: '年历预览',
    changes: '与现有安排相比：新增 {a} 天、去掉 {r} 天、改名 {n} 天',
    noYears: '日历中还没有年份',
    source: '来源',
    problemsHere: '此年度的问题',
  },
  en: {
    title: 'Working calendar',
    legendHoliday: 'Day off',
    legendMakeup: 'Make-up workday',
    legendWeekend: 'Weekend',
    provisional: 'provisional',
    provisionalNote:
      '{year} is provisional: the State Council has not published it yet; statutory days only, no make-up days; deadlines in it are marked provisional. Paste the notice once published.',
    replaceByNotice: 'Replace from the notice',
    fromNotice: 'Add a year from the notice',
    emptyYear: 'Add an empty year',
    deleteYear: 'Delete {year}',
    deleteYearConfirm: 'Delete every holiday of {year}?',
    summary: '{h} days off, {w} make-up workdays',
    weekend: 'Weekend',
    holiday: 'Day off',
    makeup: 'Make-up workday',
    normal: 'Normal (weekend rule)',
    weekday: 'Workday',
    name: 'Name',
    apply: 'OK',
    makeupOnlyWeekend: 'Only a weekend day can be a make-up workday',
    nameNeeded: 'Give a name',
    setDay: 'Set {date}',
    setWeekend: 'Change weekend',
    month: 'Month {m}',
    noticeTitle: "Add a year from the State Council's notice",
    noticeHint: 'Paste the whole notice (国务院办公厅关于YYYY年部分节假日安排的通知), title included; check it, then write it.',
    noticePlaceholder: '国务院办公厅关于2027年部分节假日安排的通知\n…',
    noticeErrors: 'The notice cannot be used, nothing written:',
    noticeWarnings: 'Notes:',
    noticeWill: 'Will write {year}: {summary}',
    noticeReplacesProvisional: 'replaces the provisional {year}',
    noticeReplacesPublished: 'overwrites the existing {year}',
    noticeNew: 'adds {year}',
    noticeGap: 'The calendar cannot skip a year: add {gap} first',
    spill: 'also writes {date} ({name}) into {year}',
    noticeConfirm: 'Write it',
    noticeCancel: 'Cancel',
    noticeWrote: 'Write {year} from the notice',
    colLine: 'Line',
    colFestival: 'Festival',
    colOff: 'Days off',
    colWork: 'Make-up workdays',
    viewTable: 'By item',
    viewYear: 'Year preview',
    changes: 'Compared with now: {a} days added, {r} removed, {n} renamed',
    noYears: 'The calendar has no year yet',
    source: 'Source',
    problemsHere: "This year's problems",
  },
}
type T = (k: keyof (typeof M)['zh-CN'], p?: Record<string, string | number>) => string

const WEEK_ZH = ['日', '一', '二', '三', '四', '五', '六']
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const COLORS = {
  holiday: { background: '#fff1f0', color: '#cf1322', border: '#ffa39e' },
  makeup: { background: '#fff7e6', color: '#d46b08', border: '#ffd591' },
  weekend: { background: '#fafafa', color: '#595959', border: 'transparent' },
  weekday: { background: '#fff', color: '#262626', border: 'transparent' },
} as const

function Legend({ t }: { t: T }) {
  const chip = (k: keyof typeof COLORS, text: string) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontSize: 12 }}>
      <span
        style={{
          width: 14,
          height: 14,
          borderRadius: 3,
          background: COLORS[k].background,
          border: `1px solid ${COLORS[k].border === 'transparent' ? '#d9d9d9' : COLORS[k].border}`,
        }}
      />
      {text}
    </span>
  )
  return (
    <Space size={10} data-testid="calendar-legend">
      {chip('holiday', `${t('legendHoliday')}（休）`)}
      {chip('makeup', `${t('legendMakeup')}（班）`)}
      {chip('weekend', t('legendWeekend'))}
    </Space>
  )
}

/** One day's cell: colour, 休/班 mark, the name on hover; clicking opens `editor` when given. */
function DayCell({ d, lang, onPick, selected, editor }: { d: DayView; lang: Lang; onPick?: (date: string) => void; selected: boolean; editor?: ReactNode }) {
  const c = COLORS[d.kind]
  const p = useProblemsAt(d.pointer ?? '\u0000', true)
  const wd = (lang === 'en' ? WEEK_EN : WEEK_ZH)[weekdayOf(d.date)]
  const tip = `${d.date} ${lang === 'en' ? wd : `周${wd}`}${d.name ? ` · ${d.name}` : ''}${p.help ? `\n${p.help}` : ''}`
  const cell = (
    <div
      data-testid="cal-day"
      data-date={d.date}
      data-kind={d.kind}
      {...(d.pointer ? { 'data-pointer': d.pointer } : {})}
      title={d.kind === 'holiday' || d.kind === 'makeup' ? undefined : tip}
      onClick={onPick ? () => onPick(d.date) : undefined}
      style={{
        position: 'relative',
        height: 22,
        lineHeight: '20px',
        textAlign: 'center',
        fontSize: 12,
        borderRadius: 3,
        cursor: onPick ? 'pointer' : 'default',
        background: c.background,
        color: c.color,
        border: `1px solid ${p.help ? '#ff4d4f' : selected ? '#1677ff' : c.border}`,
      }}
    >
      {Number(d.date.slice(8))}
      {(d.kind === 'holiday' || d.kind === 'makeup') && (
        <span style={{ position: 'absolute', top: -3, right: 1, fontSize: 9, lineHeight: '12px' }}>
          {d.kind === 'holiday' ? (lang === 'en' ? 'off' : '休') : lang === 'en' ? 'w' : '班'}
        </span>
      )}
    </div>
  )
  const withTip =
    d.kind === 'holiday' || d.kind === 'makeup' || p.help ? (
      <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>} mouseEnterDelay={0.15}>
        {cell}
      </Tooltip>
    ) : (
      cell
    )
  if (!editor) return withTip
  return (
    <Popover open content={editor} trigger="click" placement="bottom" destroyOnHidden>
      {withTip}
    </Popover>
  )
}

/** Twelve months of a year. `special` from the file (or a parsed notice, read-only when no onPick). */
function YearView({
  year,
  special,
  weekend,
  lang,
  t,
  onPick,
  selected,
  editor,
}: {
  year: number
  special: Map<string, DayView>
  weekend: Set<number>
  lang: Lang
  t: T
  onPick?: (date: string) => void
  selected?: string | null
  editor?: ReactNode
}) {
  const head = lang === 'en' ? ['M', 'T', 'W', 'T', 'F', 'S', 'S'] : ['一', '二', '三', '四', '五', '六', '日']
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 10 }} data-testid="year-view" data-year={year}>
      {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
        <div key={m} data-testid="cal-month" data-month={m}>
          <div style={{ fontWeight: 600, fontSize: 12, marginBottom: 2 }}>{t('month', { m })}</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
            {head.map((x, k) => (
              <div key={k} style={{ fontSize: 11, textAlign: 'center', color: k >= 5 ? '#595959' : '#262626' }}>
                {x}
              </div>
            ))}
            {monthWeeks(year, m)
              .flat()
              .map((date, k) =>
                date ? (
                  <DayCell
                    key={date}
                    d={dayView(date, special, weekend)}
                    lang={lang}
                    onPick={onPick}
                    selected={selected === date}
                    editor={selected === date ? editor : undefined}
                  />
                ) : (
                  <div key={`x${k}`} />
                ),
              )}
          </div>
        </div>
      ))}
    </div>
  )
}

/** The small form a clicked day opens: day off / make-up workday / normal, and its name. */
function DayEditor({
  doc,
  date,
  weekend,
  t,
  lang,
  onApply,
  onClose,
}: {
  doc: CalendarDoc
  date: string
  weekend: Set<number>
  t: T
  lang: Lang
  onApply(kind: 'holiday' | 'makeup' | 'normal', name: string): void
  onClose(): void
}) {
  const now = dayView(date, specialDays(doc, date.slice(0, 4)), weekend)
  const [kind, setKind] = useState<'holiday' | 'makeup' | 'normal'>(now.kind === 'holiday' ? 'holiday' : now.kind === 'makeup' ? 'makeup' : 'normal')
  const [name, setName] = useState(now.name ?? '')
  const isWeekend = weekend.has(weekdayOf(date))
  const pick = (k: 'holiday' | 'makeup' | 'normal') => {
    setKind(k)
    if (k !== 'normal' && (!name || k !== now.kind)) setName(k === now.kind ? (now.name ?? '') : suggestName(doc, date, k))
  }
  const names = useMemo(() => {
    const base = holidayNames(doc)
    return (kind === 'makeup' ? base.map((n) => `${n}调休上班`) : base).map((value) => ({ value }))
  }, [doc, kind])
  const blocked = kind === 'makeup' && !isWeekend ? t('makeupOnlyWeekend') : kind !== 'normal' && !name.trim() ? t('nameNeeded') : null
  const wd = (lang === 'en' ? WEEK_EN : WEEK_ZH)[weekdayOf(date)]
  return (
    <div style={{ width: 250 }} data-testid="day-editor" onClick={(e) => e.stopPropagation()}>
      <Typography.Text strong>
        {date} {lang === 'en' ? wd : `周${wd}`}
      </Typography.Text>
      <Radio.Group
        size="small"
        value={kind}
        onChange={(e) => pick(e.target.value)}
        style={{ display: 'flex', flexDirection: 'column', gap: 2, margin: '6px 0' }}
      >
        <Radio value="holiday" data-testid="day-kind-holiday">
          {t('holiday')}
        </Radio>
        <Radio value="makeup" disabled={!isWeekend} data-testid="day-kind-makeup">
          {t('makeup')}
          {!isWeekend ? (
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              （{t('makeupOnlyWeekend')}）
            </Typography.Text>
          ) : null}
        </Radio>
        <Radio value="normal" data-testid="day-kind-normal">
          {t('normal')}
        </Radio>
      </Radio.Group>
      {kind !== 'normal' && (
        <AutoComplete
          value={name}
          options={names}
          onChange={(v) => setName(v)}
          style={{ width: '100%' }}
          filterOption={(input, o) => String(o?.value ?? '').includes(input)}
        >
          <Input size="small" placeholder={t('name')} aria-label={t('name')} data-testid="day-name" />
        </AutoComplete>
      )}
      {blocked && (
        <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }}>
          {blocked}
        </Typography.Text>
      )}
      <Space style={{ marginTop: 8 }}>
        <Button size="small" type="primary" disabled={!!blocked} data-testid="day-apply" onClick={() => onApply(kind, name.trim())}>
          {t('apply')}
        </Button>
        <Button size="small" onClick={onClose}>
          {t('noticeCancel')}
        </Button>
      </Space>
    </div>
  )
}

/** Paste → read → check → confirm. Nothing is written before the confirm button. */
function NoticeImport({
  doc,
  year,
  lang,
  t,
  onWrite,
  onClose,
}: {
  doc: CalendarDoc
  year?: number
  lang: Lang
  t: T
  onWrite(n: ParsedNotice): void
  onClose(): void
}) {
  const [text, setText] = useState('')
  const [view, setView] = useState<'table' | 'year'>('table')
  const parsed = useMemo(() => {
    if (!text.trim()) return null
    // the year's present days name the days of a combined holiday: parse once for the year, then with its days
    const first = parseHolidayNotice(text, noticeOptions(doc, year))
    return first.year !== null && year === undefined && doc.years[String(first.year)] ? parseHolidayNotice(text, noticeOptions(doc, first.year)) : first
  }, [text, doc, year])
  const target = parsed?.year != null ? noticeTarget(doc, parsed.year) : null
  const ok = !!parsed && parsed.ok && !target?.gap
  const msg = (i: { zh: string; en: string }) => (lang === 'en' ? i.en : i.zh)
  const diff = parsed?.ok && target?.replaces ? compareYear(doc.years[String(parsed.year)], parsed) : null
  const spilled = parsed?.ok ? spills(doc, parsed) : []
  const preview = useMemo(() => {
    const m = new Map<string, DayView>()
    if (!parsed?.ok) return m
    for (const d of parsed.holidays) m.set(d.date, { date: d.date, kind: 'holiday', name: d.name })
    for (const d of parsed.workdays) m.set(d.date, { date: d.date, kind: 'makeup', name: d.name })
    return m
  }, [parsed])
  return (
    <Modal
      open
      width={640}
      title={t('noticeTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={onClose}>
          {t('noticeCancel')}
        </Button>,
        <Button key="ok" type="primary" disabled={!ok} data-testid="notice-confirm" onClick={() => parsed && onWrite(parsed)}>
          {t('noticeConfirm')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {t('noticeHint')}
      </Typography.Paragraph>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 5, maxRows: 10 }}
        placeholder={t('noticePlaceholder')}
        aria-label={t('noticePlaceholder')}
        data-testid="notice-text"
      />
      {parsed && parsed.errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="notice-errors"
          title={t('noticeErrors')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {parsed.errors.map((e, i) => (
                <li key={i} data-line={e.line} data-code={e.code}>
                  {msg(e)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {target?.gap && <Alert type="error" showIcon style={{ marginTop: 8 }} data-testid="notice-gap" title={t('noticeGap', { gap: target.gap })} />}
      {parsed && parsed.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="notice-warnings"
          title={t('noticeWarnings')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {parsed.warnings.map((e, i) => (
                <li key={i}>{msg(e)}</li>
              ))}
            </ul>
          }
        />
      )}
      {parsed?.ok && (
        <div style={{ marginTop: 8 }} data-testid="notice-preview" data-year={parsed.year}>
          <Space wrap style={{ marginBottom: 6 }}>
            <Typography.Text strong data-testid="notice-summary">
              {t('noticeWill', { year: parsed.year!, summary: t('summary', { h: parsed.holidays.length, w: parsed.workdays.length }) })}
            </Typography.Text>
            <Tag color={target?.replaces === 'published' ? 'orange' : 'blue'}>
              {target?.replaces === 'provisional'
                ? t('noticeReplacesProvisional', { year: parsed.year! })
                : target?.replaces === 'published'
                  ? t('noticeReplacesPublished', { year: parsed.year! })
                  : t('noticeNew', { year: parsed.year! })}
            </Tag>
            <Segmented
              size="small"
              value={view}
              onChange={(v) => setView(v as 'table' | 'year')}
              options={[
                { value: 'table', label: t('viewTable') },
                { value: 'year', label: t('viewYear') },
              ]}
              data-testid="notice-view"
            />
          </Space>
          {diff && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 6px' }} data-testid="notice-diff">
              {t('changes', {
                a: diff.holidays.added.length + diff.workdays.added.length,
                r: diff.holidays.removed.length + diff.workdays.removed.length,
                n: diff.holidays.renamed.length + diff.workdays.renamed.length,
              })}
            </Typography.Paragraph>
          )}
          {spilled.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 6px' }} data-testid="notice-spills">
              {spilled.map((d) => t('spill', { date: d.date, name: d.name, year: d.year })).join('；')}
            </Typography.Paragraph>
          )}
          {view === 'table' ? (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.line}-${r.label}`}
              dataSource={parsed.items}
              data-testid="notice-items"
              columns={[
                { title: t('colLine'), dataIndex: 'line', width: 44 },
                { title: t('colFestival'), render: (_: unknown, r) => r.festivals.join('、'), width: 120 },
                { title: t('colOff'), render: (_: unknown, r) => ranges(r.holidays, lang) },
                { title: t('colWork'), render: (_: unknown, r) => ranges(r.workdays, lang) || '—' },
              ]}
            />
          ) : (
            <YearView year={parsed.year!} special={preview} weekend={weekendOf(doc)} lang={lang} t={t} />
          )}
        </div>
      )}
    </Modal>
  )
}

function YearPane({
  doc,
  year,
  lang,
  t,
  onChange,
  openNotice,
}: {
  doc: CalendarDoc
  year: string
  lang: Lang
  t: T
  onChange: VisualEditorProps<CalendarDoc>['onChange']
  openNotice(year?: number): void
}) {
  const y = doc.years[year]!
  const weekend = weekendOf(doc)
  const special = useMemo(() => specialDays(doc, year), [doc, year])
  const [selected, setSelected] = useState<string | null>(null)
  const yp = useProblemsAt(ptr('years', year), true)
  const editor = selected ? (
    <DayEditor
      key={selected}
      doc={doc}
      date={selected}
      weekend={weekend}
      t={t}
      lang={lang}
      onClose={() => setSelected(null)}
      onApply={(kind, name) => {
        const date = selected
        setSelected(null)
        onChange(setDay(doc, date, kind, name), `${t('setDay', { date })}：${kind === 'normal' ? t('normal') : `${t(kind)} ${name}`}`)
      }}
    />
  ) : undefined
  return (
    <At pointer={ptr('years', year)}>
      <Space wrap size={8} style={{ marginBottom: 6 }}>
        <Typography.Text data-testid="year-summary">{t('summary', { h: y.holidays?.length ?? 0, w: y.workdays?.length ?? 0 })}</Typography.Text>
        {y.source && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="year-source">
            {t('source')}：{y.source}
          </Typography.Text>
        )}
        <Popconfirm
          title={t('deleteYearConfirm', { year })}
          onConfirm={() => {
            const years = { ...doc.years }
            delete years[year]
            onChange({ ...doc, years }, t('deleteYear', { year }))
          }}
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="year-delete">
            {t('deleteYear', { year })}
          </Button>
        </Popconfirm>
      </Space>
      {y.provisional && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="year-provisional"
          title={t('provisionalNote', { year })}
          action={
            <Button size="small" type="primary" icon={<FileTextOutlined />} onClick={() => openNotice(Number(year))} data-testid="year-replace">
              {t('replaceByNotice')}
            </Button>
          }
        />
      )}
      {yp.help && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`${t('problemsHere')}：${yp.help}`} />}
      <YearView
        year={Number(year)}
        special={special}
        weekend={weekend}
        lang={lang}
        t={t}
        onPick={(d) => setSelected((s) => (s === d ? null : d))}
        selected={selected}
        editor={editor}
      />
    </At>
  )
}

export default function CalendarEditor({ doc, onChange, i18n, problems }: VisualEditorProps<CalendarDoc>) {
  const lang = i18n.lang
  const t = useT(M, lang)
  const years = yearsOf(doc)
  const [active, setActive] = useState<string | undefined>(() => years.find((y) => doc.years[y]!.provisional) ?? years[years.length - 1])
  const [notice, setNotice] = useState<{ year?: number } | null>(null)
  const current = active && doc.years[active] ? active : years[years.length - 1]
  const weekend = weekendOf(doc)
  const wp = useProblemsAt('/weekend', true)
  const withProblem = (y: string) => problems.some((p) => p.pointer.startsWith(`/years/${y}/`) || p.pointer === `/years/${y}`)
  const next = years.length ? Number(years[years.length - 1]) + 1 : new Date().getFullYear()
  return (
    <div data-testid="calendar-editor">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 6 }}>
        <Typography.Text strong>{t('title')}</Typography.Text>
        <Legend t={t} />
        <span style={{ flex: 1 }} />
        <At pointer="/weekend" inline>
          <Tooltip title={wp.help ?? t('setWeekend')}>
            <Select
              size="small"
              mode="multiple"
              value={[...weekend].sort()}
              style={{ minWidth: 120 }}
              status={wp.validateStatus}
              data-testid="calendar-weekend"
              aria-label={t('weekend')}
              options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: lang === 'en' ? WEEK_EN[d] : `周${WEEK_ZH[d]}` }))}
              onChange={(v: number[]) => onChange({ ...doc, weekend: [...v].sort() }, t('setWeekend'))}
            />
          </Tooltip>
        </At>
        <Button size="small" type="primary" icon={<FileTextOutlined />} onClick={() => setNotice({})} data-testid="calendar-notice-open">
          {t('fromNotice')}
        </Button>
      </div>
      {years.length === 0 ? (
        <Alert type="info" title={t('noYears')} />
      ) : (
        // the add button sits beside the tab strip, not in it: a role=tablist holds only tabs (axe aria-required-children)
        <div style={{ position: 'relative' }}>
          <Tooltip title={t('emptyYear')}>
            <Button
              size="small"
              type="text"
              icon={<PlusOutlined />}
              data-testid="year-add"
              aria-label={`${t('emptyYear')} ${next}`}
              style={{ position: 'absolute', insetInlineEnd: 0, top: 6, zIndex: 1 }}
              onClick={() => {
                onChange(withEmptyYear(doc, next), t('emptyYear'))
                setActive(String(next))
              }}
            >
              {next}
            </Button>
          </Tooltip>
          <Tabs
            size="small"
            activeKey={current}
            onChange={setActive}
            tabBarStyle={{ paddingInlineEnd: 72 }}
            items={years.map((y) => ({
              key: y,
              label: (
                <span data-testid="year-tab" data-year={y} style={withProblem(y) ? { color: '#cf1322' } : undefined}>
                  {y}
                  {doc.years[y]!.provisional ? (
                    <Tag color="orange" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
                      {t('provisional')}
                    </Tag>
                  ) : null}
                </span>
              ),
              children: y === current ? <YearPane doc={doc} year={y} lang={lang} t={t} onChange={onChange} openNotice={(year) => setNotice({ year })} /> : null,
            }))}
          />
        </div>
      )}
      {notice && (
        <NoticeImport
          doc={doc}
          year={notice.year}
          lang={lang}
          t={t}
          onClose={() => setNotice(null)}
          onWrite={(n) => {
            onChange(withNotice(doc, n), t('noticeWrote', { year: n.year! }))
            setActive(String(n.year))
            setNotice(null)
          }}
        />
      )}
    </div>
  )
}
