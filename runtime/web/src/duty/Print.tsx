/**
 * Duty print pages, no chrome: the month roster on A4 (`#/print/duty/roster/<YYYY-MM>`: every
 * workday's 带班 and 值班, 调休 days noted; a per-unit shift — each 二级部门's 带班 — as one table of
 * its units and their people, not a column per unit; the swaps listed, signature lines) and the
 * notice poster (`#/print/duty/notice`, the same poster the public page prints).
 */
import type { ReactNode } from 'react'
import { Alert } from 'antd'
import { loadScheme, useAsync, useSchemeId } from '../data'
import { localToday } from '../dates'
import { useI18n } from '../i18n'
import { match, type Location } from '../router'
import { DocHead, PrintLoadError, PrintPage, PrintWaiting, Sheet, usePrintingView } from '../print/PrintPage'
// the notice poster is the public page's notice, printed (left from #19: move NoticeView and its fetch into runtime/web/kit)
// eslint-disable-next-line daiban/layers
import NoticeView from '../../public/src/NoticeView'
// eslint-disable-next-line daiban/layers
import { getNotice } from '../../public/src/api'
import { dutyApi, mondayIndex, type Roster, type Shift } from './api'
import { monthLabel, useT } from './messages'
import { groupShifts, turnsOf, unitLabel, type ShiftGroup } from './shifts'

export default function Print({ loc }: { loc: Location }) {
  const t = useT()
  usePrintingView()
  const roster = match('/print/duty/roster/:month', loc.path)
  if (roster) return <RosterPrint month={roster.month!} />
  if (loc.path === '/print/duty/notice') return <NoticePrint />
  return (
    <Frame back="#/duty">
      <Alert type="warning" showIcon title={t('noDuty')} />
    </Frame>
  )
}

function Frame({ back, children }: { back: string; children: ReactNode }) {
  const t = useT()
  return (
    <PrintPage back={back} hint={t('print.hint')} testId="print-view">
      {children}
    </PrintPage>
  )
}

function RosterPrint({ month }: { month: string }) {
  const t = useT()
  const i18n = useI18n()
  const schemeId = useSchemeId()
  const data = useAsync(async () => {
    const d = dutyApi(schemeId)
    const [def, roster, bundle] = await Promise.all([d.definition(), d.roster(month), loadScheme(schemeId)])
    return { def: def.duty, roster, bundle }
  }, [schemeId, month])
  const back = `#/duty/roster?month=${month}`
  if (data.error)
    return (
      <Frame back={back}>
        <PrintLoadError error={data.error} onRetry={data.reload} />
      </Frame>
    )
  if (!data.data) return <PrintWaiting onRetry={data.reload} />
  const { def, roster, bundle } = data.data
  const shifts = def.roster?.shifts ?? []
  const groups = groupShifts(shifts)
  const own = groups.flatMap((g) => (g.kind === 'shift' ? [g.shift] : []))
  const perUnit = groups.flatMap((g) => (g.kind === 'perUnit' ? [g] : []))
  const unit = bundle.scheme.org.units.find((u) => u.id === roster.unit)
  const name = (u: string) => roster.names?.[u] ?? u
  const town = bundle.scheme.town
  const unitName = i18n.label(unit, roster.unit)
  return (
    <Frame back={back}>
      <Sheet className="duty-roster-sheet" testId="roster-sheet">
        <DocHead
          title={t('print.rosterTitle', { unit: unitName.startsWith(town) ? unitName : `${town}${unitName}`, month: monthLabel(t, month) })}
          meta={def.roster?.source ? [def.roster.source] : []}
        />
        <div className={perUnit.length ? 'duty-roster-cols' : undefined}>
          <table className="form-table duty-roster-table duty-days-table">
            <thead>
              <tr>
                <th className="center">{t('print.col.date')}</th>
                <th className="center">{t('print.col.weekday')}</th>
                {own.map((s) => (
                  <th key={s.id} className="center">
                    {i18n.label(s)}
                  </th>
                ))}
                <th className="center">{t('print.col.note')}</th>
              </tr>
            </thead>
            <tbody>
              {roster.days.map((d) => (
                <tr key={d.date} data-testid={`print-day-${d.date}`}>
                  <td className="center">{d.date.slice(5)}</td>
                  <td className="center">
                    {t('weekday.prefix')}
                    {t(`weekday.${mondayIndex(d.date)}` as 'weekday.0')}
                  </td>
                  {own.map((s) => (
                    <td key={s.id} className="center">
                      {(d.shifts[s.id] ?? []).map(name).join('、')}
                    </td>
                  ))}
                  <td className="small">{d.kind === 'makeup' ? `${t('roster.legend.makeup')}${d.label ? `（${d.label}）` : ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {perUnit.map((g) => (
            <UnitsTable key={g.id} group={g} roster={roster} name={name} />
          ))}
        </div>
        {roster.swaps.length ? (
          <>
            <div className="doc-sub">{t('print.swaps')}</div>
            <table className="form-table">
              <tbody>
                {roster.swaps.map((s) => (
                  <tr key={s.id}>
                    <td className="small">
                      {s.date}{' '}
                      {i18n.label(
                        shifts.find((x) => x.id === s.shift),
                        s.shift,
                      )}
                      ：{name(s.from)} → {name(s.to)}
                      {s.otherDate ? t('swap.exchangeWith', { date: s.otherDate }) : ''}；{s.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        <div className="signatures">
          <div className="sig">
            {t('print.madeBy')}
            <span className="line" />
          </div>
          <div className="sig">
            {t('print.checkedBy')}
            <span className="line" />
          </div>
        </div>
        <div className="doc-foot">{t('print.printedOn', { date: localToday() })}</div>
      </Sheet>
    </Frame>
  )
}

/**
 * A per-unit shift on paper, beside the days' table: each unit with who leads there — a name alone
 * when that person takes every working day (a department with one leadership member), else each
 * person's days of the month (2、4、6日), and the days nobody is on.
 */
function UnitsTable({ group, roster, name }: { group: Extract<ShiftGroup, { kind: 'perUnit' }>; roster: Roster; name: (u: string) => string }) {
  const t = useT()
  const i18n = useI18n()
  const days = (dates: string[]) => dates.map((x) => String(Number(x.slice(8)))).join(t('print.daysSep'))
  /** each person (a name kept on one line) with their days unless they take all of them; then the days nobody does */
  const who = (sh: Shift) => {
    const { people, open } = turnsOf(roster.days, sh.id)
    const parts = people.map((p) => ({ who: name(p.username), dates: p.dates }))
    if (open.length) parts.push({ who: t('print.unassigned'), dates: open })
    return parts.map((p, i) => (
      <span key={p.who}>
        {i ? '；' : ''}
        <span className="nowrap">{p.who}</span>
        {p.dates.length < roster.days.length ? ` ${t('print.onDays', { days: days(p.dates) })}` : ''}
      </span>
    ))
  }
  return (
    <div className="duty-units-block">
      <table className="form-table duty-roster-table duty-units-table" data-testid={`print-units-${group.id}`}>
        <colgroup>
          <col style={{ width: '46%' }} />
          <col style={{ width: '54%' }} />
        </colgroup>
        <thead>
          <tr>
            <th className="center" colSpan={2}>
              {i18n.label(group.label)}
            </th>
          </tr>
          <tr>
            <th className="center">{t('print.col.unit')}</th>
            <th className="center">{t('print.col.onShift')}</th>
          </tr>
        </thead>
        <tbody>
          {group.units.map((sh) => (
            <tr key={sh.id}>
              <td>{i18n.label(unitLabel(sh))}</td>
              <td data-testid={`print-unit-${sh.id}`}>{who(sh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="duty-units-note">{t('print.perUnitNote')}</p>
    </div>
  )
}

function NoticePrint() {
  const { lang } = useI18n()
  const schemeId = useSchemeId()
  const n = useAsync(() => getNotice(schemeId), [schemeId])
  if (n.error)
    return (
      <Frame back="#/duty">
        <PrintLoadError error={n.error} onRetry={n.reload} />
      </Frame>
    )
  if (!n.data) return <PrintWaiting onRetry={n.reload} />
  return (
    <Frame back="#/duty">
      <Sheet className="duty-notice-sheet">
        <NoticeView notice={n.data} publicUrl={`${window.location.origin}/public/`} lang={lang} />
      </Sheet>
    </Frame>
  )
}
