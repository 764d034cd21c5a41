/**
 * The notice board (公开性): the scheme's proxy system, process, time limits and scope, the
 * service points with their officers' names and office phones, and how to complain — all from
 * GET /api/public/:id/notice. Plain HTML, no antd, so the same poster renders in the public page
 * (phone and print) and in the staff app's print view (`#/print/duty/notice`); on A4 it is the
 * poster hung at each service point. In the page's language (Chinese by default).
 */
import type { ReactNode } from 'react'
import type { Notice } from './api'
import { makeI18n, useI18n, type Lang, type MsgKey } from './i18n'
import './notice.css'

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function Section({ n, lang, title, children, testId }: { n: number; lang: Lang; title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="pn-section" data-testid={testId}>
      <h2>{lang === 'en' ? `${n + 1}. ${title}` : `${CN[n] ?? n + 1}、${title}`}</h2>
      {children}
    </section>
  )
}

const EVERY: Record<number, MsgKey> = {
  1: 'notice.everyMonth',
  2: 'notice.every2',
  3: 'notice.every3',
  4: 'notice.every4',
  6: 'notice.every6',
  12: 'notice.every12',
}

/**
 * `complainHref`: the on-screen link to the complaint form; `publicUrl`: the public page's address,
 * printed on the poster so people can file online; `lang`: the poster's language (default: the
 * public page's choice, Chinese outside it). In English, names the scheme has in English are shown
 * in English; its free text (intro, descriptions, leaders' titles, categories, the mailbox) stays Chinese.
 */
/** `titleAs`: the poster's title is the page's <h1> when printed alone, an <h2> inside the public page (which has its own h1). */
export default function NoticeView({
  notice,
  complainHref,
  publicUrl,
  lang,
  titleAs: Title = 'h1',
}: {
  notice: Notice
  complainHref?: string
  publicUrl?: string
  lang?: Lang
  titleAs?: 'h1' | 'h2'
}) {
  const ctx = useI18n()
  const i = lang && lang !== ctx.lang ? makeI18n(lang) : ctx
  const { t, label } = i
  const en = i.lang === 'en'
  const n = notice
  /** a role's or shift's name, which the notice sends in English in `namesEn` */
  const nameOf = (zh: string) => (en && n.namesEn?.[zh]) || zh
  const days = (d: number, unitId: string | undefined, unitZh: string) =>
    unitId ? t(unitId === 'workday' ? 'days.workday' : 'days.calendar', { n: d }) : `${d} 个${unitZh}`
  const colon = t('sep.colon')
  const sections: Array<{ title: string; body: ReactNode; testId: string }> = []
  if (n.process.length)
    sections.push({
      title: t('notice.process'),
      testId: 'notice-process',
      body: (
        <ol className="pn-steps">
          {n.process.map((s) => (
            <li key={s.name}>
              <b>{label(s)}</b>
              {s.description ? (
                <span>
                  {colon}
                  {s.description}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ),
    })
  if (n.timeLimits.length)
    sections.push({
      title: t('notice.limits'),
      testId: 'notice-limits',
      body: (
        <ul className="pn-limits">
          {n.timeLimits.map((l) => (
            <li key={l.name}>
              <span>{label(l)}</span>
              <b>{days(l.days, l.unitId, l.unit)}</b>
            </li>
          ))}
        </ul>
      ),
    })
  if (n.scope.proxied.length || n.scope.notProxied.length)
    sections.push({
      title: t('notice.scope'),
      testId: 'notice-scope',
      body: (
        <div className="pn-scope">
          {n.scope.proxied.length ? (
            <div className="pn-yes" data-testid="notice-proxied">
              <h3>{t('notice.proxied')}</h3>
              <ul>
                {n.scope.proxied.map((o) => (
                  <li key={o.name}>
                    <b>{label(o)}</b>
                    {o.description ? `${colon}${o.description}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {n.scope.notProxied.length ? (
            <div className="pn-no" data-testid="notice-not-proxied">
              <h3>{t('notice.notProxied')}</h3>
              <ul>
                {n.scope.notProxied.map((o) => (
                  <li key={o.name}>
                    <b>{label(o)}</b>
                    {o.description ? `${colon}${o.description}` : ''}
                    {o.when.length ? (
                      <div className="pn-small">{o.when.map((w) => (en && w.reasonEn) || w.reason || w.name).join(t('sep.reasons'))}</div>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {n.scope.groups.length ? (
            <div className="pn-groups">
              <h3>{t('notice.groups')}</h3>
              <ul>
                {n.scope.groups.map((g) => (
                  <li key={g.name}>
                    <b>{label(g)}</b>
                    {t('notice.leader', { leader: g.leader })}
                    <span className="pn-small">{g.categories.join('、')}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ),
    })
  const roster = n.system.roster
  if (roster || n.system.gridAttendance || n.system.obligations.length)
    sections.push({
      title: t('notice.system'),
      testId: 'notice-system',
      body: (
        <ul className="pn-plain">
          {roster ? (
            <li>
              {t('notice.roster', {
                unit: en && roster.unitEn ? roster.unitEn : roster.unit,
                shifts: roster.shifts
                  .filter((s) => !s.perUnit)
                  .map((s) => t('notice.shift', { n: s.perWorkday, role: nameOf(s.role), name: nameOf(s.name) }))
                  .join(t('sep.list')),
              })}
            </li>
          ) : null}
          {/* a shift kept in every unit of a kind (each 二级部门's 带班) is its own sentence */}
          {roster?.shifts
            .filter((s) => s.perUnit)
            .map((s) => (
              <li key={`unit-${nameOf(s.name)}`}>{t('notice.unitShift', { n: s.perWorkday, role: nameOf(s.role), name: nameOf(s.name) })}</li>
            ))}
          {n.system.gridAttendance ? <li>{t('notice.grid', { n: n.system.gridAttendance.minDaysPerWeek })}</li> : null}
          {n.system.obligations.map((o) => (
            <li key={o.name}>
              {label(o)}
              {colon}
              {en && o.every ? (EVERY[o.every] ? t(EVERY[o.every]!) : t('notice.everyN', { n: o.every })) : o.cadence}
              {en && o.scopeId ? ` (${t(o.scopeId === 'village' ? 'notice.scopeVillage' : 'notice.scopeTown')})` : `（${o.scope}）`}
            </li>
          ))}
        </ul>
      ),
    })
  sections.push({
    title: t('notice.points'),
    testId: 'notice-points',
    body: (
      <div className="pn-points">
        {n.servicePoints.map((p) => (
          <div key={p.name} className="pn-point" data-testid="notice-point">
            <h3>
              {label(p)}
              <span className="pn-small">{en && p.typeId ? ` (${t(p.typeId === 'station' ? 'notice.station' : 'notice.point')})` : `（${p.type}）`}</span>
            </h3>
            {p.officers.length ? (
              <table className="pn-officers">
                <tbody>
                  {p.officers.map((o, k) => (
                    <tr key={k} data-testid="notice-officer">
                      <td className="pn-officer-name">{o.name}</td>
                      <td className="pn-officer-role">{nameOf(o.role)}</td>
                      <td className="pn-officer-phone">{o.officePhone ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <div className="pn-small">{t('notice.noOfficers')}</div>
            )}
          </div>
        ))}
      </div>
    ),
  })
  const c = n.complain
  if (c)
    sections.push({
      title: t('notice.complain'),
      testId: 'notice-complain',
      body: (
        <ul className="pn-plain">
          {c.ways.length ? (
            <li>
              {t('notice.ways')}
              {c.ways.join(t('sep.list'))}
            </li>
          ) : null}
          {c.phone ? (
            <li>
              {t('notice.phone')}
              <b className="pn-big">{c.phone}</b>
            </li>
          ) : null}
          {c.mailbox ? (
            <li>
              {t('notice.mailbox')}
              {c.mailbox}
            </li>
          ) : null}
          {c.replyWithin ? (
            <li>
              {t('notice.replyBefore')}
              <b>{days(c.replyWithin.days, c.replyWithin.unitId, c.replyWithin.unit)}</b>
              {t('notice.replyAfter')}
            </li>
          ) : null}
          {c.online ? (
            <li>
              {t('notice.online')}
              {complainHref ? (
                <a href={complainHref} className="pn-screen-only" data-testid="notice-complain-link">
                  {t('notice.fillOnline')}
                </a>
              ) : null}
              <span className={complainHref ? 'pn-print-only' : undefined} data-testid="notice-complain-url">
                {publicUrl ? (
                  <>
                    {t('notice.visit')}
                    <b>{publicUrl}</b>
                    {t('notice.visitAfter')}
                  </>
                ) : (
                  t('notice.visitPage')
                )}
              </span>
            </li>
          ) : null}
        </ul>
      ),
    })
  return (
    <article className="pn-poster" data-testid="notice-poster" lang={en ? 'en' : 'zh-CN'}>
      <header className="pn-head">
        <Title className="pn-title">{t('notice.title', { town: n.town })}</Title>
        {n.intro ? <p className="pn-intro">{n.intro}</p> : null}
      </header>
      {n.onDutyToday?.length ? (
        <div className="pn-today pn-screen-only" data-testid="notice-today">
          <b>{t('notice.today', { date: n.date })}</b>
          {n.onDutyToday.map((s) => (
            <span key={s.name}>
              {nameOf(s.name)}
              {colon}
              {s.people.join(t('sep.list')) || '—'}
            </span>
          ))}
        </div>
      ) : null}
      {sections.map((s, k) => (
        <Section key={s.testId} n={k} lang={i.lang} title={s.title} testId={s.testId}>
          {s.body}
        </Section>
      ))}
      <footer className="pn-foot">
        {label(n.scheme)}
        {n.scheme.source ? (en ? ` (${n.scheme.source})` : `（${n.scheme.source}）`) : ''} · {n.date}
      </footer>
    </article>
  )
}
