/**
 * Duty, training and supervision end to end, in Debian's chromium against a real server (temp data
 * folder, fixed clock 2026-02-10, a Tuesday): generate February's roster and see it on the month
 * calendar with the 春节 调休 Saturday (2026-02-14) as a workday and the holidays greyed; swap two
 * shifts with a reason and see the record; today's shift leader and cadre on the first screen;
 * record a training occurrence with its roll call and see it done; register a complaint by phone
 * with an owner, see its working-day countdown and reply; an overdue complaint flagged; the A4
 * roster; the public notice board at phone size — officers' names and office phones, none of the
 * accounts' user names and no petitioner's phone or ID number — in print media; a complaint filed
 * from the public page through the real challenge. Every 二级部门 has its leadership members (a
 * per-unit 带班, 实施方案 四（一）): the grid, today's card and the A4 roster show the departments as
 * one line, one row and one table, not one column each. Screenshots: test-output/screenshots/duty-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, shot, signIn, startServer, type Server } from './helpers'

const TODAY = '2026-02-10'
const MONTH = '2026-02'
const MAKEUP = '2026-02-14' // 春节调休上班 (a Saturday), definitions/galutu/calendar.json
const HOLIDAY = '2026-02-17' // 春节
const LI = { username: 'li', password: 'li-daiban-2026!', name: '李代办' }
const PASSWORD = 'duty-browser-2026!'
/**
 * Each 二级部门's leadership members (department_leader granted at the department, 实施方案 四（一）):
 * one each, two at 平安建设办公室, who take turns. Galutu's 17 departments (definitions/galutu/org.json).
 */
const DEPARTMENT_LEADERS: Array<[unit: string, username: string, displayName: string]> = [
  ['pingan', 'dl_pingan_gao', '高建军'],
  ['pingan', 'dl_pingan_ma', '马丽'],
  ['dangjian', 'dl_dangjian', '陈海燕'],
  ['sifasuo', 'dl_sifasuo', '郭志强'],
  ['paichusuo1', 'dl_paichusuo1', '韩斌'],
  ['paichusuo2', 'dl_paichusuo2', '白音'],
  ['hongyan', 'dl_hongyan', '乌兰'],
  ['zonghebaozhang', 'dl_zonghebaozhang', '杨春生'],
  ['tuiyijunren', 'dl_tuiyijunren', '胡卫东'],
  ['zhifaju', 'dl_zhifaju', '苏和'],
  ['shehuishiwu', 'dl_shehuishiwu', '刘秀英'],
  ['shichangjianguan', 'dl_shichangjianguan', '田野'],
  ['xiangcunzhenxing', 'dl_xiangcunzhenxing', '张国庆'],
  ['chengshiguanli', 'dl_chengshiguanli', '吴晓东'],
  ['gonghui', 'dl_gonghui', '萨仁'],
  ['fulian', 'dl_fulian', '其其格'],
  ['dangqun', 'dl_dangqun', '孟凡'],
  ['dangzheng', 'dl_dangzheng', '包宏伟'],
]
const DEPARTMENTS = [...new Set(DEPARTMENT_LEADERS.map(([unit]) => unit))]
/**
 * Accounts this test adds (li, zhao and audit come from fixtures/server.ts): the station's shift
 * leaders and cadres, a part-time officer and a mediation team of two (附件2 三（二）1（1）; the
 * scheme takes at least 1 and 2), a village officer and a grid worker at 团结社区, and every
 * department's leadership members — so the only staffing shortfalls are the town officers (2 of 3)
 * and the village points.
 */
const PEOPLE = [
  { username: 'lead_wang', displayName: '王带班', grants: [{ role: 'shift_leader' }] },
  { username: 'lead_liu', displayName: '刘带班', grants: [{ role: 'shift_leader' }] },
  { username: 'cadre_sun', displayName: '孙值班', grants: [{ role: 'duty_cadre' }] },
  { username: 'cadre_zhou', displayName: '周值班', grants: [{ role: 'duty_cadre' }] },
  { username: 'parttime_qian', displayName: '钱兼职', grants: [{ role: 'part_time_officer' }] },
  { username: 'mediator_bao', displayName: '宝音调解员', grants: [{ role: 'mediator' }] },
  { username: 'mediator_he', displayName: '何调解员', grants: [{ role: 'mediator' }] },
  { username: 'tuanjie_a', displayName: '团结代办甲', grants: [{ role: 'village_officer', village: '团结社区' }] },
  { username: 'grid_tuanjie', displayName: '网格员丙', grants: [{ role: 'grid_worker', village: '团结社区' }] },
  ...DEPARTMENT_LEADERS.map(([unit, username, displayName]) => ({ username, displayName, grants: [{ role: 'department_leader', unit }] })),
]
const OFFICE_PHONES: Record<string, string> = { li: '0477-6211001', zhao: '0477-6211002', parttime_qian: '0477-6211003', tuanjie_a: '0477-6213301' }
const PETITIONER = { phone: '13912340001', idNumber: '150627199001011234' }
const COMPLAINANT_PHONE = '13812345678'

let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []

const api = (method: string, url: string, body?: unknown) => apiCall(server, LI, method, url, body)

/**
 * Picks an option of an antd select; retried, since under load a click can land while the dropdown
 * still animates. A searchable select is searched first: its list is virtual, so an option far
 * down (the owner among every account of the town) is not in the page until searched for.
 */
async function select(p: Page, id: string, label: string, exact = true) {
  const box = p.locator(`#${id}`).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
  const sel = exact ? `[title="${label}"]` : `[title^="${label}"]`
  for (let attempt = 0; attempt < 4; attempt++) {
    await p.locator(`#${id}`).click()
    if ((await p.locator(`#${id}`).getAttribute('readonly')) === null) await p.locator(`#${id}`).fill(label)
    const option = p.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option${sel}`).first()
    await option.waitFor()
    await p.waitForTimeout(150) // the dropdown's opening animation
    await option.click()
    if ((await box.innerText()).includes(label)) return
    await p.keyboard.press('Escape')
  }
  await expect.poll(() => box.innerText()).toContain(label)
}

describe('duty, training and supervision', () => {
  beforeAll(async () => {
    server = await startServer(TODAY)
    for (const p of PEOPLE) expect((await api('POST', '/api/accounts', { ...p, password: PASSWORD })).status).toBe(201)
    for (const [u, phone] of Object.entries(OFFICE_PHONES))
      expect((await api('PUT', `/api/duty/galutu/contacts/${u}`, { officePhone: phone })).status).toBe(200)
    // a petitioner's phone and ID number are on record: the notice board must never show them
    const c = await api('POST', '/api/cases', {
      form: {
        petitionerName: '王五',
        ...PETITIONER,
        village: '团结社区',
        channel: 'phone',
        summary: '低保金发放延迟',
        receivedOn: TODAY,
        category: '困难人员生活保障',
        level: 'village',
        officer: LI.name,
      },
    })
    expect(c.status, JSON.stringify(c.body)).toBe(201)

    browser = await launch()
    page = await newPage(browser, server, { external, pageErrors })
    await page.goto(`${server.url}/#/duty/roster?month=${MONTH}`)
    await signIn(page, LI.username, LI.password)
    await page.getByTestId('duty-area').waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('generates the month’s roster: every workday of the calendar, 调休 included, days off greyed', async () => {
    await page.getByTestId('roster-missing').waitFor()
    await page.getByTestId('roster-generate').click()
    await page.getByTestId(`shift-${MAKEUP}-lead`).waitFor()
    const cal = (await api('GET', `/api/duty/galutu/calendar/${MONTH}`)).body.days as Array<{ date: string; workday: boolean; kind: string }>
    const roster = (await api('GET', `/api/duty/galutu/roster/${MONTH}`)).body
    const workdays = cal.filter((d) => d.workday).map((d) => d.date)
    expect(roster.days.map((d: { date: string }) => d.date)).toEqual(workdays)
    // every workday shows one 带班 and one 值班, and the departments' 带班 as one line (every
    // department covered); no day off shows anyone
    for (const d of cal) {
      const cell = page.getByTestId(`day-${d.date}`)
      expect(await cell.getAttribute('data-workday')).toBe(String(d.workday))
      expect(await cell.locator('.duty-person').count(), d.date).toBe(d.workday ? 2 : 0)
      expect(await cell.locator('.duty-units-count').count(), d.date).toBe(d.workday ? 1 : 0)
      if (d.workday) expect(await page.getByTestId(`shift-${d.date}-dept_lead`).innerText()).toBe(`${DEPARTMENTS.length}/${DEPARTMENTS.length} 已排`)
    }
    // the line opens the departments with their leaders for the day: 平安建设办公室's two take turns
    await page.getByTestId(`shift-${TODAY}-dept_lead`).click()
    const units = page.getByTestId(`units-${TODAY}-dept_lead`)
    await units.waitFor()
    expect(await units.locator('li').count()).toBe(DEPARTMENTS.length)
    const todays = roster.days.find((d: { date: string }) => d.date === TODAY)
    const pingan = todays.shifts['dept_lead.pingan'][0] as string
    expect(['dl_pingan_gao', 'dl_pingan_ma']).toContain(pingan)
    expect(await page.getByTestId(`shift-${TODAY}-dept_lead.pingan`).innerText()).toBe(roster.names[pingan])
    expect(await units.innerText()).toContain('嘎鲁图司法所')
    expect(await page.getByTestId(`shift-${TODAY}-dept_lead.sifasuo`).innerText()).toBe('郭志强')
    await shot(page, 'duty-roster-units', false)
    await page.getByTestId(`shift-${TODAY}-dept_lead`).click()
    await units.waitFor({ state: 'hidden' })
    expect(Object.keys(roster.counts['dept_lead.pingan']).sort()).toEqual(['dl_pingan_gao', 'dl_pingan_ma'])
    expect(roster.gaps).toEqual([])
    // 本月轮次 lists the departments under one heading, not one heading each
    const counts = await page.getByTestId('counts-dept_lead').innerText()
    expect(counts.match(/二级部门带班/g)).toHaveLength(1)
    expect(counts).toContain('平安建设办公室')
    expect(counts).toContain('高建军')
    // the 调休 Saturday is a workday, marked as such, with its people
    const makeup = page.getByTestId(`day-${MAKEUP}`)
    expect(await makeup.getAttribute('data-kind')).toBe('makeup')
    expect(await makeup.innerText()).toContain('调休上班')
    const day = roster.days.find((d: { date: string }) => d.date === MAKEUP)
    expect(await page.getByTestId(`shift-${MAKEUP}-lead`).innerText()).toBe(roster.names[day.shifts.lead[0]])
    expect(await page.getByTestId(`shift-${MAKEUP}-duty`).innerText()).toBe(roster.names[day.shifts.duty[0]])
    // a holiday is a day off, named and greyed
    const holiday = page.getByTestId(`day-${HOLIDAY}`)
    expect(await holiday.getAttribute('data-kind')).toBe('holiday')
    expect(await holiday.innerText()).toContain('春节')
    expect(await holiday.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe(
      await page.getByTestId('day-2026-02-10').evaluate((e) => getComputedStyle(e).backgroundColor),
    )
    // rotation: both leaders and both cadres take turns
    expect(Object.keys(roster.counts.lead).sort()).toEqual(['lead_liu', 'lead_wang'])
    expect(Object.keys(roster.counts.duty).sort()).toEqual(['cadre_sun', 'cadre_zhou'])
    await shot(page, 'duty-roster')
  })

  it('swaps two shifts with a reason and lists the record', async () => {
    const before = (await api('GET', `/api/duty/galutu/roster/${MONTH}`)).body
    const on = (date: string) => before.days.find((d: { date: string }) => d.date === date).shifts.duty[0] as string
    const [a, b] = [on('2026-02-12'), on('2026-02-13')]
    expect(a).not.toBe(b)
    await page.getByTestId('shift-2026-02-12-duty').click()
    await page.getByTestId('swap-form').waitFor()
    expect(await page.getByTestId('swap-from').innerText()).toBe(before.names[a])
    await page.getByText('与另一日互换', { exact: true }).click()
    await select(page, 'swap_other', '2026-02-13', false)
    await page.locator('#swap_reason').fill('家中有事，与同事互换')
    await page.getByTestId('swap-submit').click()
    await expect.poll(() => page.getByTestId('shift-2026-02-12-duty').innerText()).toBe(before.names[b])
    expect(await page.getByTestId('shift-2026-02-13-duty').innerText()).toBe(before.names[a])
    const history = await page.getByTestId('swap-history').innerText()
    expect(history).toContain('家中有事，与同事互换')
    expect(history).toContain(`${before.names[a]} → ${before.names[b]}`)
    expect(history).toContain('2026-02-13')
    const after = (await api('GET', `/api/duty/galutu/roster/${MONTH}`)).body
    expect(after.swaps).toHaveLength(1)
    expect(after.swaps[0]).toMatchObject({
      date: '2026-02-12',
      otherDate: '2026-02-13',
      shift: 'duty',
      from: a,
      to: b,
      by: 'li',
      reason: '家中有事，与同事互换',
    })
    await shot(page, 'duty-swap')
    // a department's 带班 is swapped from the day's list of departments, only with that department's other leader
    const pingan = after.days.find((d: { date: string }) => d.date === '2026-02-12').shifts['dept_lead.pingan'][0] as string
    await page.getByTestId('shift-2026-02-12-dept_lead').click()
    await page.getByTestId('shift-2026-02-12-dept_lead.pingan').click()
    await page.getByTestId('swap-form').waitFor()
    expect(await page.getByTestId('swap-from').innerText()).toBe(after.names[pingan])
    expect(await page.locator('#swap_shift').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain(
      '二级部门带班（平安建设办公室）',
    )
    await page.locator('#swap_to').click()
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    await options.first().waitFor()
    expect(await options.allInnerTexts()).toEqual([after.names[pingan === 'dl_pingan_gao' ? 'dl_pingan_ma' : 'dl_pingan_gao']])
    await page.keyboard.press('Escape')
    await page.locator('.ant-modal-close').click()
    await page.getByTestId('swap-form').waitFor({ state: 'hidden' })
  })

  it('shows today’s shift leader and cadre on the area’s first screen', async () => {
    await page.getByTestId('duty-tab-overview').click()
    await page.getByTestId('today-lead').waitFor()
    const today = (await api('GET', '/api/duty/galutu/today')).body
    expect(today.date).toBe(TODAY)
    const lead = today.shifts.find((s: { id: string }) => s.id === 'lead').people[0].name
    const duty = today.shifts.find((s: { id: string }) => s.id === 'duty').people[0].name
    expect(await page.getByTestId('today-lead').innerText()).toContain(lead)
    expect(await page.getByTestId('today-duty').innerText()).toContain(duty)
    expect(await page.getByTestId('today-card').innerText()).toContain('带班')
    // the departments' 带班 is one row listing each department with its leader
    expect(await page.locator('.duty-today-row').count()).toBe(3)
    const depts = await page.getByTestId('today-dept_lead').innerText()
    expect(depts).toContain('二级部门带班')
    for (const id of DEPARTMENTS) {
      const on = today.shifts.find((s: { id: string }) => s.id === `dept_lead.${id}`)
      expect(on.people, id).toHaveLength(1)
      expect(depts).toContain(on.people[0].name)
    }
    await shot(page, 'duty-overview')
  })

  it('records a training occurrence with its roll call, and the task is done', async () => {
    await page.getByTestId('duty-tab-obligations').click()
    const occ = 'training:2026-B1'
    await page.getByTestId(`ob-row-${occ}`).waitFor()
    expect(await page.getByTestId(`ob-status-${occ}`).getAttribute('data-status')).toBe('upcoming')
    await page.getByTestId(`ob-row-${occ}`).locator('a').click()
    await page.getByTestId('evidence-form').waitFor()
    await page.locator('#trainingRecord_topic').waitFor()
    expect(await page.getByTestId('evidence-list').innerText()).toContain('尚未登记记录')
    // the roll call lists the officers and grid workers, unticked
    const roll = await page.locator('[id^="trainingRecord_attendance_"][id$="_name"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(roll).toEqual(expect.arrayContaining(['李代办', '赵主任', '团结代办甲', '网格员丙']))
    expect(roll).not.toContain('王带班')
    await page.locator('#trainingRecord_topic').fill('信访代办政策与流程培训')
    await select(page, 'trainingRecord_method', '知识讲座')
    const present = ['李代办', '团结代办甲']
    for (const n of present) await page.locator(`#trainingRecord_attendance_${roll.indexOf(n)}_present`).check()
    await page.locator('#trainingRecord_notes').fill('讲解代办单填写与时限要求。')
    // the account behind each roll-call line is carried, not shown
    expect(await page.locator('#trainingRecord_attendance_0_username').isVisible()).toBe(false)
    await shot(page, 'duty-training-form')
    await page.getByTestId('submit-trainingRecord').click()
    await page.locator('[data-testid="occurrence"][data-status="done"]').waitFor({ timeout: 15_000 })
    const list = await page.getByTestId('evidence-list').innerText()
    expect(list).toContain('信访代办政策与流程培训')
    expect(list).toContain(`到场 ${present.length} 人 / 应到 ${roll.length} 人`)
    expect(list).toContain('团结社区')
    const stored = (await api('GET', `/api/duty/galutu/obligations/${occ}`)).body
    expect(stored.status).toBe('done')
    expect(stored.records[0].present.names.sort()).toEqual([...present].sort())
    await shot(page, 'duty-training')
    await page.getByText('返回常态化工作').click()
    await expect.poll(() => page.getByTestId(`ob-status-${occ}`).getAttribute('data-status')).toBe('done')
  })

  it('registers a complaint received by phone with its owner, counts down working days, and replies', async () => {
    // one received long ago is past its 15 working days: flagged
    const old = await api('POST', '/api/duty/galutu/complaints', {
      form: { complainant: '钱某', via: '意见箱', content: '服务点常无人', receivedOn: '2026-01-05' },
    })
    expect(old.status).toBe(201)
    await page.getByTestId('duty-tab-complaints').click()
    await page.getByTestId(`co-row-${old.body.number}`).waitFor()
    expect(await page.getByTestId(`co-row-${old.body.number}`).getAttribute('data-status')).toBe('overdue')
    expect(await page.getByTestId(`co-row-${old.body.number}`).innerText()).toContain('超期')
    expect(await page.getByTestId('co-overdue-alert').innerText()).toContain('1 件投诉已超过回复期限')

    await page.getByTestId('co-register-open').click()
    await page.locator('#complaint_complainant').waitFor()
    await select(page, 'co_owner', '赵主任')
    await page.locator('#complaint_complainant').fill('孙某某')
    await page.locator('#complaint_phone').fill(COMPLAINANT_PHONE)
    await select(page, 'complaint_via', '监督电话')
    await page.locator('#complaint_content').fill('代办员答复不及时')
    await page.getByTestId('submit-complaint').click()
    await page.getByTestId('co-detail').waitFor({ timeout: 15_000 })
    const list = (await api('GET', '/api/duty/galutu/complaints')).body.items as Array<{
      number: string
      owner: string
      workdaysLeft: number
      replyBy: string
      status: string
    }>
    const mine = list.find((x) => x.owner === 'zhao')!
    expect(mine).toMatchObject({ status: 'open', workdaysLeft: 15 })
    const drawer = await page.getByTestId('co-detail').innerText()
    expect(drawer).toContain('赵主任')
    expect(drawer).toContain('代办员答复不及时')
    expect(drawer).toContain(mine.replyBy)
    const row = page.getByTestId(`co-row-${mine.number}`)
    await row.waitFor()
    expect(await row.innerText()).toContain('剩 15 个工作日')
    expect(await row.innerText()).toContain('赵主任')
    await shot(page, 'duty-complaint')

    await page.locator('#complaintReply_reply').fill('已核实并批评教育相关代办员，今后按时答复。')
    await page.getByTestId('submit-complaintReply').click()
    await expect.poll(() => page.getByTestId('co-state').innerText()).toBe('已回复')
    expect(await page.getByTestId('co-reply').innerText()).toContain('已核实并批评教育相关代办员')
    await page.locator('.ant-drawer-close').click()
    await expect.poll(() => row.getAttribute('data-status')).toBe('replied')
  })

  it('records a grid worker’s day at the point and a staffing check, shortfalls listed', async () => {
    await page.getByTestId('duty-tab-staffing').click()
    const row = page.getByTestId('attendance-grid_tuanjie')
    await row.waitFor()
    expect(await row.getAttribute('data-shortfall')).toBe('2')
    await page.getByTestId('attend-grid_tuanjie').click()
    await expect.poll(() => row.getAttribute('data-shortfall')).toBe('1')
    expect(await row.innerText()).toContain('02-10')
    expect(await row.innerText()).toContain('本周尚差 1 天')
    // the org minimums against the accounts: the station has 2 of 3 town officers, 团结社区 1 of 3, the
    // other four points none; the station's part-time officer and mediation team and every
    // department's leadership member are there (附件2 三（二）1（1）, 实施方案 四（一）)
    const short = await page.getByTestId('staffing-shortfalls').innerText()
    expect(short).toContain('镇信访代办服务站 · 镇代办员：2/3，缺 1 人')
    expect(short).toContain('团结社区信访代办服务点 · 嘎查村（社区）代办员：1/3，缺 2 人')
    for (const role of ['镇兼职代办员', '调解团队成员', '二级部门班子成员']) expect(short).not.toContain(role)
    const rows = (await api('GET', '/api/duty/galutu/staffing')).body.rows as Array<{ unit: string; role: string; count: number; shortfall: number }>
    expect(
      rows
        .filter((r) => r.role === 'department_leader')
        .map((r) => r.unit)
        .sort(),
    ).toEqual([...DEPARTMENTS].sort())
    expect(rows.filter((r) => r.unit === 'town_station').map((r) => [r.role, r.count, r.shortfall])).toEqual([
      ['town_officer', 2, 1],
      ['part_time_officer', 1, 0],
      ['mediator', 2, 0],
    ])
    await page.getByTestId('staffing-record').click()
    await page.getByTestId('staffing-checks').waitFor()
    expect(await page.getByTestId('staffing-checks').innerText()).toContain(`${TODAY} 由 李代办 记录：6 处不足`)
    const checks = (await api('GET', '/api/duty/galutu/staffing')).body.checks
    expect(checks).toHaveLength(1)
    expect(checks[0]).toMatchObject({ date: TODAY, by: 'li' })
    await shot(page, 'duty-staffing')
  })

  it('enters the assessor’s marks for an officer and the score takes them', async () => {
    await page.getByTestId('duty-tab-officers').click()
    await page.getByTestId('officer-zhao').waitFor()
    const before = (await api('GET', '/api/duty/galutu/officers?period=2026-H1')).body.officers.find((o: { username: string }) => o.username === 'zhao')
    expect(await page.getByTestId('officer-total-zhao').innerText()).toBe(`${before.result.total} / ${before.result.max}`)
    await page.getByTestId('marks-zhao').click()
    await page.locator('#officerMarks_attitude').waitFor()
    await page.locator('#officerMarks_attitude').fill('8')
    await page.locator('#officerMarks_discipline').fill('9')
    // the grounds are required
    await page.getByTestId('submit-officerMarks').click()
    await expect.poll(() => page.getByTestId('marks-modal').innerText()).toContain('请填写评分依据')
    await page.getByTestId('marks-note').fill('群众评价好，遵守值班纪律')
    await page.getByTestId('submit-officerMarks').click()
    await expect.poll(() => page.getByTestId('officer-total-zhao').innerText()).toBe(`${before.result.total + 17} / ${before.result.max}`)
    await page.getByTestId('officer-zhao').locator('td').nth(1).click()
    const detail = await page.getByTestId('officer-marks-zhao').innerText()
    expect(detail).toContain('群众评价好，遵守值班纪律')
    expect(detail).toContain('李代办')
    const after = (await api('GET', '/api/duty/galutu/officers?period=2026-H1')).body.officers.find((o: { username: string }) => o.username === 'zhao')
    expect(after.marks).toMatchObject({ values: { attitude: 8, discipline: 9 }, by: 'li' })
    // every item explained: the training rate reads the roll call recorded above (赵主任 was absent)
    expect(after.stats).toMatchObject({ trainingsHeld: 1, trainingsAttended: 0 })
    expect(await page.getByTestId('officer-detail-zhao').innerText()).toContain('参训率')
    await shot(page, 'duty-officers')
  })

  it('prints the month roster on A4 with the swap', async () => {
    await page.goto(`${server.url}/#/print/duty/roster/${MONTH}`)
    await page.getByTestId('roster-sheet').waitFor()
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 665, height: 1017 })
    const text = await page.getByTestId('roster-sheet').innerText()
    expect(text).toContain('镇信访代办服务站2026年2月带班值班表')
    expect(text).toContain('调休上班（春节调休上班）')
    expect(text).toContain('家中有事，与同事互换')
    expect(await page.getByTestId(`print-day-${HOLIDAY}`).count()).toBe(0)
    expect(await page.getByTestId('print-button').isVisible()).toBe(false)
    // the days' table has the station's 带班 and 值班; the departments' 带班 is one table of departments
    // (a name alone: every working day; 平安建设办公室's two with their days), not a column per department
    expect(await page.locator('.duty-roster-table').first().locator('thead th').allInnerTexts()).toEqual(['日期', '星期', '带班', '值班', '备注'])
    const roster = (await api('GET', `/api/duty/galutu/roster/${MONTH}`)).body
    expect(await page.getByTestId('print-units-dept_lead').locator('[data-testid^="print-unit-dept_lead."]').count()).toBe(DEPARTMENTS.length)
    expect(await page.getByTestId('print-unit-dept_lead.sifasuo').innerText()).toBe('郭志强')
    const pingan = await page.getByTestId('print-unit-dept_lead.pingan').innerText()
    for (const u of ['dl_pingan_gao', 'dl_pingan_ma']) {
      const days = roster.days
        .filter((d: { shifts: Record<string, string[]> }) => d.shifts['dept_lead.pingan']?.includes(u))
        .map((d: { date: string }) => Number(d.date.slice(8)))
      expect(days.length).toBeGreaterThan(0)
      expect(pingan).toContain(`${roster.names[u]} ${days.join('、')}日`)
    }
    await shot(page, 'duty-print-roster')
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
    await mkdir('test-output', { recursive: true })
    await writeFile(path.join('test-output', 'duty-roster.pdf'), pdf)
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1)
    // the notice poster from the staff side: the same poster, with the public page's address
    await page.goto(`${server.url}/#/print/duty/notice`)
    await page.getByTestId('notice-poster').waitFor()
    const poster = await page.getByTestId('notice-poster').innerText()
    expect(poster).toContain('嘎鲁图镇信访代办公示')
    expect(poster).toContain(`团结代办甲`)
    expect(poster).toContain(OFFICE_PHONES.tuanjie_a!)
    expect(poster).toContain(`${server.url}/public/`)
    expect(await page.getByTestId('print-button').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  describe('the public page at phone size', () => {
    let p: Page
    beforeAll(async () => {
      p = await newPage(browser, server, { external, pageErrors }, { width: 375 })
    })
    afterAll(async () => p?.context().close())

    it('shows the notice board: officers’ names and office phones, nothing else of the accounts, no petitioner’s details', async () => {
      await p.goto(`${server.url}/public/#notice`)
      await p.getByTestId('notice-poster').waitFor()
      const text = await p.getByTestId('notice-poster').innerText()
      for (const s of ['嘎鲁图镇信访代办公示', '代办流程', '办理时限', '代办范围', '服务站点与代办人员', '监督投诉', '15 个工作日']) expect(text).toContain(s)
      // every officer the notice names (the accounts holding the officer roles) by display name, with the office phone set for them
      const accounts = (await api('GET', '/api/accounts')).body.items as Array<{ username: string; displayName: string; grants: Array<{ role: string }> }>
      const officers = accounts.filter((a) => a.grants.some((g) => ['town_officer', 'part_time_officer', 'village_officer', 'grid_worker'].includes(g.role)))
      expect(officers.map((a) => a.username).sort()).toEqual(['grid_tuanjie', 'li', 'parttime_qian', 'tuanjie_a', 'zhao'])
      const rows = await p.getByTestId('notice-officer').allInnerTexts()
      for (const a of officers) {
        const row = rows.find((r) => r.includes(a.displayName))
        expect(row, a.displayName).toBeDefined()
        if (OFFICE_PHONES[a.username]) expect(row).toContain(OFFICE_PHONES[a.username])
      }
      // nothing else of an account: no user names, no roles it does not publish, no passwords' traces
      for (const a of accounts) if (a.username.length > 3) expect(text).not.toContain(a.username)
      expect(text).not.toContain('审计员')
      // nobody's personal phone or ID number: not the petitioner's, not the complainant's, none at all
      for (const s of [PETITIONER.phone, PETITIONER.idNumber, COMPLAINANT_PHONE, '王五', '孙某某']) expect(text).not.toContain(s)
      expect(text).not.toMatch(/(?<!\d)1\d{10}(?!\d)/)
      expect(text).not.toMatch(/\d{17}[\dXx]/)
      // and nothing personal in what the page received either
      const raw = await p.evaluate(async () => (await fetch('/api/public/galutu/notice')).text())
      for (const s of [PETITIONER.phone, PETITIONER.idNumber, COMPLAINANT_PHONE, 'passwordHash', '"grants"', '"username"']) expect(raw).not.toContain(s)
      // phone width: nothing wider than the screen
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      await shot(p, 'duty-public-notice')
    })

    it('prints the notice as a clean poster', async () => {
      await p.emulateMedia({ media: 'print' })
      expect(await p.locator('.pub-header').isVisible()).toBe(false)
      expect(await p.getByTestId('notice-print').isVisible()).toBe(false)
      expect(await p.getByTestId('tab-petition').isVisible()).toBe(false)
      expect(await p.getByTestId('notice-poster').isVisible()).toBe(true)
      expect(await p.getByTestId('notice-points').isVisible()).toBe(true)
      // the poster tells where to file online; today's shifts (which change daily) stay off paper
      expect(await p.getByTestId('notice-complain-url').innerText()).toContain(`${server.url}/public/`)
      expect(await p.getByTestId('notice-complain-link').isVisible()).toBe(false)
      await shot(p, 'duty-public-notice-print')
      const pdf = await p.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      await writeFile(path.join('test-output', 'duty-notice.pdf'), pdf)
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
      expect(pages).toBeGreaterThanOrEqual(1)
      expect(pages).toBeLessThanOrEqual(3)
      await p.emulateMedia({ media: 'screen' })
    })

    it('files a complaint from the public page through the challenge and gets a receipt', async () => {
      await p.getByTestId('notice-complain-link').click()
      await p.getByTestId('complaint-form').waitFor()
      // the system fills how it came and when
      expect(await p.locator('#co_via, #co_receivedOn').count()).toBe(0)
      await p.getByTestId('complaint-submit').click()
      await expect.poll(() => p.getByTestId('complaint-form').innerText()).toContain('必填')
      await p.locator('#co_complainant').fill('周某')
      await p.locator('#co_phone').fill('13700002222')
      await p.locator('#co_content').fill('服务点周末无人值守，希望公布值班电话')
      await p.getByTestId('complaint-submit').click()
      await p.getByTestId('complaint-receipt').waitFor({ timeout: 60_000 })
      const receipt = await p.getByTestId('complaint-receipt').innerText()
      const number = /GLT-CO-2026-\d{6}/.exec(receipt)?.[0]
      expect(number).toBeDefined()
      const list = (await api('GET', '/api/duty/galutu/complaints')).body.items as Array<{
        number: string
        receivedOn: string
        replyBy: string
        status: string
      }>
      const filed = list.find((x) => x.number === number)!
      expect(filed).toMatchObject({ receivedOn: TODAY, status: 'open' })
      expect(await p.getByTestId('complaint-reply-by').innerText()).toBe(filed.replyBy)
      await shot(p, 'duty-public-complaint')
    })

    it('keeps the petition and status tabs', async () => {
      await p.getByTestId('tab-petition').click()
      await p.getByTestId('petition-form').waitFor()
      await p.getByTestId('tab-status').click()
      await p.getByTestId('lookup-form').waitFor()
    })
  })

  it('the roster at phone width lists the workdays', async () => {
    // on screen, whatever an earlier test left emulated (the print test sets print media)
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${server.url}/#/duty/roster?month=${MONTH}`)
    await page.getByTestId(`shift-${MAKEUP}-lead`).waitFor()
    expect(await page.getByTestId(`day-${HOLIDAY}`).isVisible()).toBe(false)
    expect(await page.getByTestId(`day-${MAKEUP}`).isVisible()).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    // a day is a few lines: 带班, 值班 and the departments' 带班 as one
    const day = await page.getByTestId(`day-${TODAY}`).boundingBox()
    expect(day!.height).toBeLessThan(120)
    await shot(page, 'duty-roster-phone')
    // the departments of a day open within the screen
    await page.getByTestId(`shift-${TODAY}-dept_lead`).click()
    const units = page.getByTestId(`units-${TODAY}-dept_lead`)
    await units.waitFor()
    const box = await page.locator('.ant-popover:not(.ant-popover-hidden)').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(page, 'duty-roster-phone-units', false)
    await page.getByTestId(`shift-${TODAY}-dept_lead`).click()
    await units.waitFor({ state: 'hidden' })
  })

  it('speaks English when switched', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('duty-tab-roster').innerText()).toBe('Roster')
    expect(await page.getByTestId('roster-print').innerText()).toContain('Print roster')
    expect(await page.getByTestId('duty-tab-obligations').innerText()).toBe('Recurring duties')
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('duty-tab-roster').innerText()).toBe('值班表')
  })

  it('loaded nothing from outside and threw no errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
