/**
 * The notice board (公开性): the scheme's proxy system, process, time limits and scope, the
 * service points with their officers' names and office phones, and how to complain — all from
 * GET /api/public/:id/notice. Plain HTML, no antd, so the same poster renders in the public page
 * (phone and print) and in the staff app's print view (`#/print/duty/notice`); on A4 it is the
 * poster hung at each service point. Chinese only, like the rest of the public page.
 */
import type { ReactNode } from 'react'
import type { Notice } from './api'
import './notice.css'

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function Section({ n, title, children, testId }: { n: number; title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="pn-section" data-testid={testId}>
      <h2>
        {CN[n] ?? n + 1}、{title}
      </h2>
      {children}
    </section>
  )
}

/**
 * `complainHref`: the on-screen link to the complaint form; `publicUrl`: the public page's address,
 * printed on the poster so people can file online.
 */
export default function NoticeView({ notice, complainHref, publicUrl }: { notice: Notice; complainHref?: string; publicUrl?: string }) {
  const n = notice
  const sections: Array<{ title: string; body: ReactNode; testId: string }> = []
  if (n.process.length)
    sections.push({
      title: '代办流程',
      testId: 'notice-process',
      body: (
        <ol className="pn-steps">
          {n.process.map((s) => (
            <li key={s.name}>
              <b>{s.name}</b>
              {s.description ? <span>：{s.description}</span> : null}
            </li>
          ))}
        </ol>
      ),
    })
  if (n.timeLimits.length)
    sections.push({
      title: '办理时限',
      testId: 'notice-limits',
      body: (
        <ul className="pn-limits">
          {n.timeLimits.map((t) => (
            <li key={t.name}>
              <span>{t.name}</span>
              <b>
                {t.days} 个{t.unit}
              </b>
            </li>
          ))}
        </ul>
      ),
    })
  if (n.scope.proxied.length || n.scope.notProxied.length)
    sections.push({
      title: '代办范围',
      testId: 'notice-scope',
      body: (
        <div className="pn-scope">
          {n.scope.proxied.length ? (
            <div className="pn-yes" data-testid="notice-proxied">
              <h3>代办</h3>
              <ul>
                {n.scope.proxied.map((o) => (
                  <li key={o.name}>
                    <b>{o.name}</b>
                    {o.description ? `：${o.description}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {n.scope.notProxied.length ? (
            <div className="pn-no" data-testid="notice-not-proxied">
              <h3>不予代办</h3>
              <ul>
                {n.scope.notProxied.map((o) => (
                  <li key={o.name}>
                    <b>{o.name}</b>
                    {o.description ? `：${o.description}` : ''}
                    {o.when.length ? <div className="pn-small">{o.when.map((w) => w.reason || w.name).join('；')}</div> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {n.scope.groups.length ? (
            <div className="pn-groups">
              <h3>代办专班组</h3>
              <ul>
                {n.scope.groups.map((g) => (
                  <li key={g.name}>
                    <b>{g.name}</b>（组长：{g.leader}）<span className="pn-small">{g.categories.join('、')}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ),
    })
  if (n.system.roster || n.system.gridAttendance || n.system.obligations.length)
    sections.push({
      title: '代办制度',
      testId: 'notice-system',
      body: (
        <ul className="pn-plain">
          {n.system.roster ? (
            <li>
              {n.system.roster.unit}工作日实行{n.system.roster.shifts.map((s) => `${s.perWorkday}名${s.role}${s.name}`).join('、')}。
            </li>
          ) : null}
          {n.system.gridAttendance ? <li>网格员每周不少于 {n.system.gridAttendance.minDaysPerWeek} 天在代办点开展工作。</li> : null}
          {n.system.obligations.map((o) => (
            <li key={o.name}>
              {o.name}：{o.cadence}（{o.scope}）
            </li>
          ))}
        </ul>
      ),
    })
  sections.push({
    title: '服务站点与代办人员',
    testId: 'notice-points',
    body: (
      <div className="pn-points">
        {n.servicePoints.map((p) => (
          <div key={p.name} className="pn-point" data-testid="notice-point">
            <h3>
              {p.name}
              <span className="pn-small">（{p.type}）</span>
            </h3>
            {p.officers.length ? (
              <table className="pn-officers">
                <tbody>
                  {p.officers.map((o, i) => (
                    <tr key={i} data-testid="notice-officer">
                      <td className="pn-officer-name">{o.name}</td>
                      <td className="pn-officer-role">{o.role}</td>
                      <td className="pn-officer-phone">{o.officePhone ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <div className="pn-small">代办人员待公布</div>
            )}
          </div>
        ))}
      </div>
    ),
  })
  if (n.complain)
    sections.push({
      title: '监督投诉',
      testId: 'notice-complain',
      body: (
        <ul className="pn-plain">
          {n.complain.ways.length ? <li>投诉途径：{n.complain.ways.join('、')}</li> : null}
          {n.complain.phone ? (
            <li>
              监督电话：<b className="pn-big">{n.complain.phone}</b>
            </li>
          ) : null}
          {n.complain.mailbox ? <li>意见箱：{n.complain.mailbox}</li> : null}
          {n.complain.replyWithin ? (
            <li>
              收到投诉后 <b>{n.complain.replyWithin.days} 个{n.complain.replyWithin.unit}</b>内处理并回复。
            </li>
          ) : null}
          {n.complain.online ? (
            <li>
              网上投诉：
              {complainHref ? (
                <a href={complainHref} className="pn-screen-only" data-testid="notice-complain-link">
                  在线填写
                </a>
              ) : null}
              <span className={complainHref ? 'pn-print-only' : undefined} data-testid="notice-complain-url">
                {publicUrl ? <>访问 <b>{publicUrl}</b> ，</> : '访问信访代办网上服务页，'}在“投诉”栏目在线填写
              </span>
            </li>
          ) : null}
        </ul>
      ),
    })
  return (
    <article className="pn-poster" data-testid="notice-poster">
      <header className="pn-head">
        <h1>{n.town}信访代办公示</h1>
        {n.intro ? <p className="pn-intro">{n.intro}</p> : null}
      </header>
      {n.onDutyToday?.length ? (
        <div className="pn-today pn-screen-only" data-testid="notice-today">
          <b>今日（{n.date}）</b>
          {n.onDutyToday.map((s) => (
            <span key={s.name}>
              {s.name}：{s.people.join('、') || '—'}
            </span>
          ))}
        </div>
      ) : null}
      {sections.map((s, i) => (
        <Section key={s.title} n={i} title={s.title} testId={s.testId}>
          {s.body}
        </Section>
      ))}
      <footer className="pn-foot">
        {n.scheme.name}
        {n.scheme.source ? `（${n.scheme.source}）` : ''} · {n.date}
      </footer>
    </article>
  )
}
