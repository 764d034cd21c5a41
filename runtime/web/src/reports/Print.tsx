/**
 * The reports on A4, without the app's chrome: the bulletin (`#/print/reports/bulletin/<period>`),
 * the yearly summary (`…/yearly/<year>`) and the letters (`…/letters/<period>[/<village>][?letter=…]`),
 * each letter a formal page made from the scoring definition (its letters, their triggers, the
 * rates and deductions) and the village's figures. Same sheets as the case prints (print/print.css).
 */
import type { ReactNode } from 'react'
import { Alert } from 'antd'
import { useI18n } from '../i18n'
import { match, type Location } from '../router'
import { DocHead, Filled, PrintPage, PrintWaiting, Sheet, usePrintingView } from '../print/PrintPage'
import { reportsApi, type Bulletin, type BulletinRow, type ScoringDefinition, type Yearly } from './api'
import { isPeriod, isYear, pct, pts } from './format'
import { usePeriodName } from './shared'
import { useScoreReport } from './scoreTable'
import { useT } from './messages'
import { localToday } from '../../../../engine/calendar/due'
import './reports.css'

export default function ReportsPrint({ loc }: { loc: Location }) {
  const t = useT()
  usePrintingView()
  const p = loc.path
  const bulletin = match('/print/reports/bulletin/:period', p)
  const yearly = match('/print/reports/yearly/:year', p)
  const letters = match('/print/reports/letters/:period', p) ?? match('/print/reports/letters/:period/:village', p)
  let body: ReactNode
  let back = '#/reports'
  if (bulletin?.period && isPeriod(bulletin.period)) {
    body = <BulletinPrint period={bulletin.period} />
    back = `#/reports/bulletin?period=${bulletin.period}`
  } else if (yearly?.year && isYear(yearly.year)) {
    body = <YearlyPrint year={yearly.year} />
    back = `#/reports/yearly?period=${yearly.year}`
  } else if (letters?.period && isPeriod(letters.period)) {
    body = <LettersPrint period={letters.period} village={letters.village ?? null} letter={loc.query.get('letter')} />
    back = `#/reports/letters?period=${letters.period}`
  } else body = <Alert type="warning" showIcon title={t('print.notFound')} />
  return (
    <PrintPage back={back} hint={t('print.hint')} testId="report-print" className="report-print">
      {body}
    </PrintPage>
  )
}

// the day in Asia/Shanghai, not UTC's (a bulletin printed before 08:00 was dated the day before)
const dateOf = (iso: string) => localToday(new Date(iso))

/** The foot of a score sheet: the grade bands, and the scoring definition's source. */
function ScoreFoot({ def }: { def: ScoringDefinition | undefined }) {
  const i18n = useI18n()
  return (
    <>
      {def ? (
        <p className="report-print-note">
          {def.grades
            .map(
              (g, i) =>
                `${i18n.label({ name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}) })}${g.min !== null ? ` ≥ ${g.min}` : def.grades[i - 1]?.min !== undefined ? ` < ${def.grades[i - 1]!.min}` : ''}`,
            )
            .join('；')}
          {def.gradeNote ? `。${def.gradeNote}` : ''}
        </p>
      ) : null}
      <footer className="doc-foot">{def?.source ?? ''}</footer>
    </>
  )
}

function BulletinPrint({ period }: { period: string }) {
  const t = useT()
  const periodName = usePeriodName()
  const { data, def } = useScoreReport((s) => reportsApi.bulletin(s, period), [period])
  const b = data.data
  if (!b) return <PrintWaiting error={data.error} onRetry={data.reload} />
  const rates = b.rows[0]?.rates ?? []
  const sections = b.details[0]?.result.sections ?? []
  return (
    <>
      <Sheet testId="print-bulletin">
        <DocHead
          title={t(b.period.kind === 'month' ? 'bulletin.title' : 'bulletin.yearTitle', { town: b.town })}
          meta={[<Filled label={t('period.label')} value={periodName(b.period.id)} />, t('bulletin.generated', { at: dateOf(b.generatedAt) })]}
        />
        <p className="report-print-note">{t('bulletin.basis', { from: b.scoreBasis.from, to: b.scoreBasis.to, pfrom: b.period.from, pto: b.period.to })}</p>
        <table className="form-table report-print-table" data-testid="print-bulletin-table">
          <colgroup>
            <col style={{ width: '5%' }} />
            <col style={{ width: '14%' }} />
            <col style={{ width: '7%' }} />
            <col style={{ width: '7%' }} />
            {rates.map((r) => (
              <col key={r.id} />
            ))}
            <col style={{ width: '7%' }} />
            <col style={{ width: '7%' }} />
            <col style={{ width: '6%' }} />
            <col style={{ width: '12%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>{t('col.rank')}</th>
              <th className="wide">{t('col.village')}</th>
              <th>{t('col.total')}</th>
              <th>{t('col.grade')}</th>
              {rates.map((r) => (
                <th key={r.id}>{r.name}</th>
              ))}
              <th>{t('col.month')}</th>
              <th>{t('col.ytd')}</th>
              <th>{t('col.overdue')}</th>
              <th className="wide">{t('col.letters')}</th>
            </tr>
          </thead>
          <tbody>
            {b.rows.map((r) => (
              <tr key={r.village} data-testid={`print-row-${r.village}`}>
                <td className="center">{r.rank}</td>
                <td className="left">{r.village}</td>
                <td className="num">{pts(r.total)}</td>
                <td className="center">{r.grade}</td>
                {r.rates.map((x) => (
                  <td key={x.id} className="num">
                    {pct(x.value)}
                  </td>
                ))}
                <td className="num">{r.month.petitions}</td>
                <td className="num">{r.ytd.petitions}</td>
                <td className="num">{r.overdue}</td>
                <td className="left">{r.letters.map((l) => (l.count > 1 ? `${l.letter}×${l.count}` : l.letter)).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ScoreFoot def={def.data} />
      </Sheet>
      <Sheet testId="print-bulletin-details">
        <DocHead title={t('print.details')} meta={[<Filled label={t('period.label')} value={periodName(b.period.id)} />]} />
        <table className="form-table report-print-table">
          <colgroup>
            <col style={{ width: '18%' }} />
          </colgroup>
          <thead>
            <tr>
              <th className="wide">{t('col.village')}</th>
              {sections.map((s) => (
                <th key={s.id}>
                  {s.name}（{s.max}）
                </th>
              ))}
              <th>{t('col.total')}</th>
              <th>{t('col.grade')}</th>
            </tr>
          </thead>
          <tbody>
            {b.details.map((d) => (
              <tr key={d.village}>
                <td className="left">{d.village}</td>
                {d.result.sections.map((s) => (
                  <td key={s.id} className="num">
                    {pts(s.value)}
                  </td>
                ))}
                <td className="num">{pts(d.result.total)}</td>
                <td className="center">{d.result.grade}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="report-print-lift">
          {b.details
            .filter((d) => d.lift.length)
            .map((d) => (
              <p key={d.village}>
                <b>{d.village}</b>：
                {d.lift
                  .slice(0, 3)
                  .map((l) => t('explain.liftItem', { name: l.name, gap: pts(l.gap) }))
                  .join('；')}
              </p>
            ))}
        </div>
      </Sheet>
    </>
  )
}

function YearlyPrint({ year }: { year: string }) {
  const t = useT()
  const i18n = useI18n()
  const { data, def } = useScoreReport((s) => reportsApi.yearly(s, year), [year])
  const y: Yearly | undefined = data.data
  if (!y) return <PrintWaiting error={data.error} onRetry={data.reload} />
  return (
    <Sheet testId="print-yearly">
      <DocHead
        title={t('yearly.title', { town: y.town, year: y.year })}
        meta={[t('yearly.monthsNote'), t('bulletin.generated', { at: dateOf(y.generatedAt) })]}
      />
      <table className="form-table report-print-table small-cols" data-testid="print-yearly-table">
        <colgroup>
          <col style={{ width: '14%' }} />
        </colgroup>
        <thead>
          <tr>
            <th className="wide">{t('col.village')}</th>
            {y.months.map((m) => (
              <th key={m.month}>{i18n.lang === 'en' ? m.month.slice(5) : t('col.monthTotal', { m: Number(m.month.slice(5, 7)) })}</th>
            ))}
            <th>{t('col.annual')}</th>
            <th>{t('col.annualGrade')}</th>
            <th>{t('col.annualRank')}</th>
          </tr>
        </thead>
        <tbody>
          {y.annual.rows.map((r: BulletinRow) => (
            <tr key={r.village} data-testid={`print-row-${r.village}`}>
              <td className="left">{r.village}</td>
              {y.months.map((m) => {
                const v = m.rows.find((x) => x.village === r.village)
                return (
                  <td key={m.month} className="num">
                    {v ? pts(v.total) : ''}
                  </td>
                )
              })}
              <td className="num">
                <b>{pts(r.total)}</b>
              </td>
              <td className="center">{r.grade}</td>
              <td className="center">{r.rank}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ScoreFoot def={def.data} />
    </Sheet>
  )
}

function LettersPrint({ period, village, letter }: { period: string; village: string | null; letter: string | null }) {
  const t = useT()
  const { data, def } = useScoreReport((s) => reportsApi.bulletin(s, period), [period])
  const b = data.data
  if (!b || !def.data) return <PrintWaiting error={data.error ?? def.error} onRetry={() => (data.error ? data.reload() : def.reload())} />
  const letters = b.rows
    .filter((r) => !village || r.village === village)
    .flatMap((r) => r.letters.filter((l) => !letter || l.letter === letter).map((l) => ({ row: r, l })))
  if (!letters.length) return <Alert type="info" showIcon title={t('letters.none')} style={{ maxWidth: '210mm', margin: '0 auto' }} />
  return (
    <>
      {letters.map(({ row, l }) => (
        <LetterSheet key={`${row.village}:${l.letter}`} b={b} row={row} letter={l} def={def.data!} />
      ))}
    </>
  )
}

function LetterSheet({ b, row, letter, def }: { b: Bulletin; row: BulletinRow; letter: BulletinRow['letters'][number]; def: ScoringDefinition }) {
  const t = useT()
  const periodName = usePeriodName()
  const d = b.details.find((x) => x.village === row.village)
  const spec = def.letters.find((x) => x.name === letter.name) ?? def.letters.find((x) => x.letter === letter.letter)
  const deductions = d?.result.items.filter((i) => i.value < 0) ?? []
  // "提醒函（“四率”低于50%）" → "“四率”低于50%": the definition names the letter and, in brackets, why
  const named = spec?.name ?? letter.name
  const inner = named.startsWith(letter.letter) ? /^[（(](.*)[）)]$/.exec(named.slice(letter.letter.length).trim())?.[1] : undefined
  const reason = inner ?? named
  const sectionName = (id: string) => d?.result.sections.find((s) => s.id === id)?.name ?? id
  return (
    <Sheet testId={`print-letter-${row.village}-${letter.letter}`}>
      <DocHead
        title={letter.letter}
        titleClassName="letter-title"
        meta={[
          <>
            {t('letter.number')}
            <u>{'\u3000'.repeat(8)}</u>
          </>,
          periodName(b.period.id),
        ]}
      />
      <h2 className="letter-subject">{t('letter.subject', { village: row.village, letter: letter.letter })}</h2>
      <p className="letter-to">{t('letter.to', { village: row.village })}</p>
      <p className="letter-p">
        {t('letter.p1', {
          scoring: def.name,
          source: def.source ? `（${def.source}）` : '',
          period: periodName(b.period.id),
          from: b.scoreBasis.from,
          to: b.scoreBasis.to,
          total: pts(row.total),
          grade: row.grade,
        })}
      </p>
      <p className="letter-p">{t('letter.p2', { reason, count: letter.count })}</p>
      {spec?.description && <p className="letter-p">{spec.description}</p>}
      <p className="letter-p">{t('letter.p3', { letter: letter.letter })}</p>
      <div className="doc-sub">{t('letter.table')}</div>
      <table className="form-table report-print-table letter-table">
        <colgroup>
          <col style={{ width: '32%' }} />
          <col style={{ width: '14%' }} />
          <col />
        </colgroup>
        <tbody>
          {(d?.result.variables ?? []).map((v) => (
            <tr key={v.id}>
              <th>{v.name}</th>
              <td className="num">{pct(v.value)}</td>
              <td className="small">{v.explain ?? ''}</td>
            </tr>
          ))}
          {deductions.map((i) => (
            <tr key={i.id}>
              <th>{t('letter.deduction', { name: i.name, section: sectionName(i.section) })}</th>
              <td className="num">{pts(i.value)}</td>
              <td className="small">{i.explain ?? ''}</td>
            </tr>
          ))}
          {spec && (
            <tr>
              <th>{t('letters.trigger')}</th>
              <td colSpan={2} className="small">
                {reason}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="letter-sign">
        <div>{t('letter.sign', { town: b.town })}</div>
        <div>{t('letter.date', { date: dateOf(b.generatedAt) })}</div>
      </div>
      <footer className="doc-foot">{def.source ?? ''}</footer>
    </Sheet>
  )
}
