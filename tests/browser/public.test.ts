/**
 * The public page (runtime/web/public → dist/public, served at /public/) at phone size, in Debian's
 * chromium against a real server (temp data folder, fixed clock), no sign-in: the notice and time
 * limits; a petition filed through the real challenge → the receipt with its tracking code; the
 * status looked up with the code and the phone's last four digits; a wrong code, a wrong suffix and
 * another case's code all answered with the same "not found" and nothing else; a form the server
 * refuses shows the message against its field; the same in English once switched (kept over a
 * reload). Screenshots: test-output/screenshots/public-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launch, newPage, shot, startServer, type Server } from './helpers'
import { sha256, solveChallenge } from '../../runtime/web/public/src/pow'

const TODAY = '2026-03-10'
const PHONE = '13912345678'
const OTHER_PHONE = '13700001111'
let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []
let otherCode = ''
let otherNumber = ''
let myCode = ''

/** Files a petition over HTTP (the real challenge, solved here) — "someone else's case" */
async function fileOverHttp(form: Record<string, unknown>) {
  const c = (await (await fetch(`${server.url}/api/public/challenge`)).json()) as { token: string; difficulty: number }
  const solution = await solveChallenge(c.token, c.difficulty)
  const res = await fetch(`${server.url}/api/public/galutu/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ form, challenge: c.token, solution, submissionId: `other-${Date.now()}` }),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { trackingCode: string; number: string }
}

const field = (p: Page, name: string) => p.locator(`#pub_${name}`)
const fieldItem = (p: Page, name: string) =>
  field(p, name).locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]')

async function fillPetition(p: Page, data: { petitionerName: string; phone: string; village: string; summary: string }) {
  for (const [k, v] of Object.entries(data)) await field(p, k).fill(v)
}

async function lookup(p: Page, code: string, last4: string) {
  await p.getByTestId('lookup-code').fill(code)
  await p.getByTestId('lookup-phone').fill(last4)
  await p.getByTestId('lookup-submit').click()
  await p.locator('[data-testid="status-card"], [data-testid="lookup-error"]').first().waitFor({ timeout: 15_000 })
}

describe('public page (网上信访 / 查询进度) at phone size', () => {
  beforeAll(async () => {
    server = await startServer(TODAY)
    browser = await launch()
    page = await newPage(browser, server, { external, pageErrors }, { width: 375 })
    const other = await fileOverHttp({ petitionerName: '赵六', phone: OTHER_PHONE, village: '团结社区', summary: '小区路灯长期不亮', acceptsProxy: true })
    otherCode = other.trackingCode
    otherNumber = other.number
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('the plain-JS SHA-256 fallback matches node:crypto', () => {
    for (const s of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), '中文:1z', 'a'.repeat(200)]) {
      const want = createHash('sha256').update(s).digest('hex')
      expect(Buffer.from(sha256(new TextEncoder().encode(s))).toString('hex')).toBe(want)
    }
  })

  it('files a petition: notice and time limits, the form, the challenge, the receipt', async () => {
    await page.goto(`${server.url}/public/`)
    await page.getByTestId('notice').waitFor()
    expect(await page.getByTestId('notice').innerText()).toContain('嘎鲁图镇')
    const limits = await page.getByTestId('time-limits').innerText()
    expect(limits).toContain('5 个工作日')
    expect(limits).toContain('15 个自然日')
    await field(page, 'petitionerName').waitFor()
    // system fields are not shown
    expect(await page.locator('#pub_channel, #pub_receivedOn, #pub_sourceId').count()).toBe(0)
    // the consent is a field of the form
    expect(await field(page, 'acceptsProxy').isChecked()).toBe(true)

    // nothing filled: Chinese messages against the fields, nothing sent
    await page.getByTestId('petition-submit').click()
    await expect.poll(() => fieldItem(page, 'petitionerName').innerText()).toContain('必填')
    await shot(page, 'public-form-empty')

    await fillPetition(page, { petitionerName: '张三', phone: PHONE, village: '文化社区', summary: '村里道路破损，雨天无法通行' })
    await field(page, 'requests').fill('希望尽快修缮道路')
    await expect.poll(() => fieldItem(page, 'petitionerName').innerText()).not.toContain('必填')
    await shot(page, 'public-form')
    // notice "正在验证…" while the challenge is solved (may be brief: watch the DOM for it)
    await page.evaluate(() => {
      const w = window as unknown as { sawVerifying?: boolean }
      new MutationObserver(() => {
        if (document.body.innerText.includes('正在验证')) w.sawVerifying = true
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => (window as unknown as { sawVerifying?: boolean }).sawVerifying)).toBe(true)
    myCode = (await page.getByTestId('tracking-code').innerText()).trim()
    expect(myCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/)
    const receipt = await page.getByTestId('receipt').innerText()
    expect(receipt).toContain('提交成功')
    expect(receipt).toMatch(/GLT-2026-\d+/)
    expect(receipt).toContain('手机号后四位')
    // the code is in large type
    expect(parseFloat(await page.getByTestId('tracking-code').evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(28)
    await shot(page, 'public-receipt')
  })

  it('looks up the status with the code and the phone’s last four digits', async () => {
    await page.getByTestId('go-status').click()
    expect(await page.getByTestId('lookup-code').inputValue()).toBe(myCode)
    await lookup(page, myCode.toLowerCase(), PHONE.slice(-4))
    const card = await page.getByTestId('status-card').innerText()
    expect(await page.getByTestId('status-stage').innerText()).toContain('待甄别')
    expect(card).toContain('GLT-2026-')
    expect(card).toContain(TODAY)
    // nothing personal on the card
    expect(card).not.toContain('张三')
    expect(card).not.toContain(PHONE)
    await shot(page, 'public-status')
  })

  it('answers a wrong code, a wrong suffix and another case’s code the same way, revealing nothing', async () => {
    await page.goto(`${server.url}/public/#status`)
    await page.getByTestId('lookup-form').waitFor()
    const answers: string[] = []
    const attempts: Array<[string, string]> = [
      ['ABCDEFGHJKMN', PHONE.slice(-4)], // no such code
      [myCode, '0000'], // my code, wrong suffix
      [otherCode, PHONE.slice(-4)], // another case's code with my suffix
    ]
    for (const [code, last4] of attempts) {
      await lookup(page, code, last4)
      expect(await page.getByTestId('status-card').count()).toBe(0)
      const text = await page.getByTestId('lookup-error').innerText()
      answers.push(text)
      const body = await page.locator('body').innerText()
      for (const secret of [otherNumber, '赵六', OTHER_PHONE, '待甄别', 'GLT-']) expect(body).not.toContain(secret)
    }
    expect(answers[0]).toContain('查询码或手机号后四位不正确')
    expect(new Set(answers).size).toBe(1)
    await shot(page, 'public-not-found')
    // and the other case is found by its own owner
    await lookup(page, otherCode, OTHER_PHONE.slice(-4))
    expect(await page.getByTestId('status-card').innerText()).toContain(otherNumber)
  })

  it('shows a refusal from the server against its field, and drops it once the field is edited', async () => {
    await page.goto(`${server.url}/public/`)
    await field(page, 'petitionerName').waitFor()
    await fillPetition(page, { petitionerName: '李四', phone: '13600002222', village: '团结社区', summary: '邻里纠纷需要调解处理' })
    // the browser's checks pass; the request is altered on its way so that the server refuses the phone
    let sent: Record<string, unknown> | null = null
    await page.route('**/api/public/galutu/petitions', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { form: Record<string, unknown> }
      sent = body
      body.form.phone = '12345'
      await route.continue({ postData: JSON.stringify(body) })
    })
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('form-error').waitFor({ timeout: 60_000 })
    await page.unroute('**/api/public/galutu/petitions')
    // only the form and the challenge go to the server: no system fields
    expect(Object.keys(sent!).sort()).toEqual(['challenge', 'form', 'solution', 'submissionId'])
    expect(Object.keys((sent as unknown as { form: object }).form)).not.toContain('channel')
    expect(await page.getByTestId('form-error').innerText()).toContain('提交的内容有误')
    await expect.poll(() => fieldItem(page, 'phone').innerText()).toContain('格式不正确')
    expect(await fieldItem(page, 'summary').innerText()).not.toContain('格式不正确')
    expect(await page.getByTestId('receipt').count()).toBe(0)
    await shot(page, 'public-refused')
    await field(page, 'phone').fill('13600002223')
    await expect.poll(() => fieldItem(page, 'phone').innerText()).not.toContain('格式不正确')
    // resubmitting (same fill, new challenge) now files it
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 60_000 })
  })

  it('speaks English when switched: its own words, the scheme’s English names, refusals; the choice survives a reload', async () => {
    await page.goto(`${server.url}/public/`)
    await field(page, 'petitionerName').waitFor()
    expect(await page.getByTestId('lang-switch').innerText()).toBe('English')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('tab-petition').innerText()).toBe('Petition')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await page.getByTestId('app-title').innerText()).toBe('Petition proxy · online services')
    expect(await page.getByTestId('lang-switch').innerText()).toBe('中文')
    for (const [tab, label] of [
      ['status', 'Progress'],
      ['notice', 'Notice'],
      ['complaint', 'Complain'],
    ]) {
      expect(await page.getByTestId(`tab-${tab}`).innerText()).toBe(label)
      expect(await page.getByTestId(`tab-${tab}`).isVisible()).toBe(true)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    // time limits and the form's name in the definitions' English
    const limits = await page.getByTestId('time-limits').innerText()
    expect(limits).toContain('Village-level handling limit')
    expect(limits).toContain('5 working days')
    expect(limits).toContain('15 calendar days')
    expect(limits).not.toContain('工作日')
    expect(await page.getByTestId('petition-title').innerText()).toBe('Online petition')
    // the channel's notice and the field titles are the scheme's text, which it has only in Chinese
    expect(await page.getByTestId('notice').innerText()).toContain('嘎鲁图镇信访代办服务站')
    expect(await fieldItem(page, 'petitionerName').innerText()).toContain('姓名')
    // the page's own checks in English
    await page.getByTestId('petition-submit').click()
    await expect.poll(() => fieldItem(page, 'petitionerName').innerText()).toContain('Required')
    expect(await page.getByTestId('petition-submit').innerText()).toBe('Submit')
    await shot(page, 'public-en-form')

    // a refusal from the server: asked in English, shown in English
    await fillPetition(page, { petitionerName: 'Li Si', phone: '13600003333', village: '团结社区', summary: 'The street lights have been out for weeks' })
    let language: string | undefined
    await page.route('**/api/public/galutu/petitions', async (route) => {
      language = route.request().headers()['accept-language']
      const body = JSON.parse(route.request().postData() ?? '{}') as { form: Record<string, unknown> }
      body.form.phone = '12345'
      await route.continue({ postData: JSON.stringify(body) })
    })
    await page.getByTestId('petition-submit').click()
    await page.getByTestId('form-error').waitFor({ timeout: 60_000 })
    await page.unroute('**/api/public/galutu/petitions')
    expect(language).toBe('en')
    expect(await page.getByTestId('form-error').innerText()).toContain('Some of what you entered was not accepted')
    // the field's message is the server's English wording, for people: no pattern from the definition
    await expect.poll(() => fieldItem(page, 'phone').innerText()).toContain('has the wrong format')
    expect(await fieldItem(page, 'phone').innerText()).not.toContain('^')
    expect(await fieldItem(page, 'phone').innerText()).not.toContain('格式不正确')
    await shot(page, 'public-en-refused')

    // a reload keeps English
    await page.reload()
    await page.getByTestId('tab-petition').waitFor()
    expect(await page.getByTestId('tab-petition').innerText()).toBe('Petition')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')

    // status: a miss, then the own case with its stage's English name
    await page.getByTestId('tab-status').click()
    await page.getByTestId('lookup-form').waitFor()
    expect(await page.getByTestId('lookup-code-label').innerText()).toBe('Tracking code')
    await lookup(page, 'ABCDEFGHJKMN', PHONE.slice(-4))
    expect(await page.getByTestId('lookup-error').innerText()).toContain('The tracking code or the last four digits do not match')
    await lookup(page, myCode, PHONE.slice(-4))
    expect(await page.getByTestId('status-stage').innerText()).toContain('Awaiting triage')
    expect(await page.getByTestId('status-card').innerText()).toContain('In progress')
    await shot(page, 'public-en-status')

    // the notice board and the complaint form
    await page.getByTestId('tab-notice').click()
    await page.getByTestId('notice-poster').waitFor()
    const poster = await page.getByTestId('notice-poster').innerText()
    for (const s of [
      '嘎鲁图镇 petition proxy: public notice',
      'Time limits',
      'Service points and officers',
      'Town petition proxy station (service station)',
      'Complaint reply limit',
    ])
      expect(poster).toContain(s)
    expect(await page.getByTestId('notice-print').innerText()).toBe('Print the notice')
    await shot(page, 'public-en-notice')
    await page.getByTestId('tab-complaint').click()
    await page.getByTestId('complaint-form').waitFor()
    expect(await page.getByTestId('complaint-form').locator('h2').innerText()).toBe('Complaints and suggestions')
    expect(await page.getByTestId('complaint-submit').innerText()).toBe('Submit')

    // and back to Chinese
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('tab-petition').innerText()).toBe('网上信访')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    expect(await page.getByTestId('complaint-form').locator('h2').innerText()).toBe('投诉与建议')
  })

  it('shows a light first screen: initial JS under its budget (build manifest), tabs that are tabs', async () => {
    const { sizeReport, PUBLIC_BUDGET_KB } = await import('../../runtime/web/size-report')
    const size = sizeReport(path.resolve(process.env.DAIBAN_TEST_WEB_DIST || 'runtime/web/dist'))
    expect(size.publicInitialJsGzip).toBeGreaterThan(0)
    expect(size.publicInitialJsGzip).toBeLessThan(PUBLIC_BUDGET_KB * 1024)
    await page.goto(`${server.url}/public/`)
    await page.getByTestId('notice').waitFor()
    const tab = (name: string) => page.getByRole('tab', { name })
    expect(await tab('网上信访').getAttribute('aria-selected')).toBe('true')
    await tab('查询进度').click()
    await page.getByTestId('lookup-form').waitFor()
    expect(await tab('查询进度').getAttribute('aria-selected')).toBe('true')
    expect(await tab('网上信访').getAttribute('aria-selected')).toBe('false')
    // arrow keys move between tabs; the address follows
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('notice-board').waitFor()
    expect(await tab('公示').getAttribute('aria-selected')).toBe('true')
    expect(await page.evaluate(() => location.hash)).toBe('#notice')
    expect(await page.getByRole('tabpanel').count()).toBe(1)
  })

  it('loaded nothing from outside and threw no errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
