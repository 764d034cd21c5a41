/** Deadline calculator on the draft's working-day calendar: a date plus N working or calendar days, and each day's info. */
import { useEffect, useState } from 'react'
import { Alert, DatePicker, Descriptions, Empty, InputNumber, Select, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import type { AddDaysReply, DayInfo } from '../engine/protocol'
import { localName, todayLocal, type PreviewProps } from './ctx'
import { problemText } from '../lib/problems'
import { panelT } from './messages'

const WEEK_ZH = ['日', '一', '二', '三', '四', '五', '六']
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export default function DeadlineCalc({ client, load, loadSeq, i18n }: PreviewProps) {
  const { t, lang } = i18n
  const [date, setDate] = useState(todayLocal())
  const [days, setDays] = useState(5)
  const [unit, setUnit] = useState<'workday' | 'calendar'>('workday')
  const [clock, setClock] = useState<string | null>(null)
  const [r, setR] = useState<AddDaysReply | null>(null)
  useEffect(() => {
    if (!load?.hasCompiled) return
    let live = true
    client
      .addDays(date, days, unit)
      .then((x) => live && setR(x))
      .catch(() => {})
    return () => {
      live = false
    }
  }, [date, days, unit, loadSeq, load?.hasCompiled, client])
  // A time limit's days follow the draft as it is edited.
  useEffect(() => {
    const c = load?.info?.clocks.find((x) => x.id === clock)
    if (c) {
      setDays(c.days)
      setUnit(c.unit)
    }
  }, [clock, load?.info])
  if (!load?.info || !load.hasCompiled) return <Empty description={t('noScheme')} />
  const kindTag = (d: DayInfo) => {
    const color = d.kind === 'holiday' ? 'red' : d.kind === 'makeup' ? 'orange' : d.kind === 'weekend' ? 'default' : 'green'
    return (
      <Tag color={color}>
        {t(d.kind)}
        {d.name ? ` · ${d.name}` : ''}
      </Tag>
    )
  }
  const wd = (date: string) => (lang === 'en' ? WEEK_EN : WEEK_ZH)[dayjs(date).day()]
  return (
    <div data-testid="deadline-calc">
      {load.compiledStale && <Alert type="warning" showIcon title={t('staleInfo')} style={{ marginBottom: 8 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('startDate')}</span>
        <DatePicker allowClear={false} aria-label={t('startDate')} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        <span>+</span>
        <InputNumber
          min={0}
          max={3650}
          aria-label={`${t('workday')} / ${t('calendarDay')}`}
          value={days}
          onChange={(v) => {
            setDays(Number(v ?? 0))
            setClock(null)
          }}
          style={{ width: 90 }}
        />
        <Select
          aria-label={`${t('workday')} / ${t('calendarDay')}`}
          value={unit}
          onChange={(v) => {
            setUnit(v)
            setClock(null)
          }}
          style={{ width: 110 }}
          options={[
            { value: 'workday', label: t('workday') },
            { value: 'calendar', label: t('calendarDay') },
          ]}
        />
        <Select
          allowClear
          aria-label={t('fromClock')}
          placeholder={t('fromClock')}
          value={clock}
          onChange={(v) => setClock(v ?? null)}
          style={{ width: 240 }}
          options={load.info.clocks.map((c) => ({
            value: c.id,
            label: `${localName(c, lang)}（${c.days}${c.unit === 'workday' ? t('workday') : t('calendarDay')}）`,
          }))}
        />
      </Space>
      {r && r.problems.length > 0 && <Alert type="error" showIcon title={r.problems.map((p) => problemText(p, lang)).join('；')} style={{ marginBottom: 8 }} />}
      {r && (
        <>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('dueOn')}>
              <b style={{ fontSize: 16 }} data-testid="calc-due">
                {r.due ?? '—'}
              </b>
              {r.due && (
                <span>
                  {' '}
                  （{lang === 'en' ? '' : '星期'}
                  {wd(r.due)}）
                </span>
              )}
              {/* as the rule tester's reasons and the staff app's due dates: a working-day count into a provisional year */}
              {r.due && r.provisional && (
                <Tag
                  title={panelT(lang)('provisionalHint', { year: r.due.slice(0, 4) })}
                  data-testid="calc-provisional"
                  data-due-provisional="1"
                  style={{ marginInlineStart: 4 }}
                >
                  {panelT(lang)('provisional')}
                </Tag>
              )}
            </Descriptions.Item>
            {r.start && (
              <Descriptions.Item label={`${t('dayInfo')} · ${r.start.date}`}>
                {kindTag(r.start)} <Typography.Text type="secondary">{t('startNotCounted')}</Typography.Text>
              </Descriptions.Item>
            )}
            {r.end && <Descriptions.Item label={`${t('dayInfo')} · ${r.end.date}`}>{kindTag(r.end)}</Descriptions.Item>}
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0' }}>
            {t('calendarRange', r.calendar)}
          </Typography.Paragraph>
          {r.due && r.provisional && (
            <Typography.Paragraph type="warning" style={{ margin: '6px 0' }} data-testid="calc-provisional-hint">
              {panelT(lang)('provisionalHint', { year: r.due.slice(0, 4) })}
            </Typography.Paragraph>
          )}
          {r.days.length > 0 && (
            <>
              <Typography.Title level={5}>{t('dayList')}</Typography.Title>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 4 }}>
                {(() => {
                  let n = 0
                  return r.days.map((d) => {
                    if (d.workday) n++
                    return (
                      <div
                        key={d.date}
                        style={{
                          fontSize: 12,
                          padding: '2px 6px',
                          borderRadius: 4,
                          background: d.workday ? '#f6ffed' : '#fafafa',
                          border: `1px solid ${d.date === r.due ? '#1677ff' : '#f0f0f0'}`,
                        }}
                      >
                        <span style={{ fontFamily: 'monospace' }}>{d.date}</span> {wd(d.date)} {unit === 'workday' && d.workday ? <b>#{n}</b> : null}{' '}
                        {d.kind !== 'weekday' && kindTag(d)}
                      </div>
                    )
                  })
                })()}
              </div>
            </>
          )}
        </>
      )}
    </div>
  )
}
