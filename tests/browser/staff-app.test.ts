/**
 * The staff web app end to end, in Debian's chromium against a real server (temp data folder,
 * fixed clock): register a petition and see it routed, a refusal shown against its field, dispatch
 * a 处置单, a stale-version refusal that keeps the typed data, the reply, conclusion, feedback,
 * follow-up and archive; print previews; the task list, case list, reminders; phone width; typing
 * latency in the intake form; signing in (a wrong password refused), signing out, and a reader
 * without `case.pii` seeing masked details. Accounts come from fixtures/server.ts. Screenshots go to
 * test-output/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { apiCall, launch, newPage, select, shot, signIn as signInAs, startServer, type Server } from './helpers'

const TODAY = '2026-03-10'
const OFFICER = '李代办'
/** The accounts fixtures/server.ts creates */
const USERS = {
  li: { password: 'li-daiban-2026!', displayName: OFFICER },
  zhao: { password: 'zhao-zhuren-2026!', displayName: '赵主任' },
  audit: { password: 'audit-only-2026!', displayName: '审计员' },
} as const
type UserName = keyof typeof USERS
let server: Server
let browser: Browser
let page: Page
const external: string[] = []
const pageErrors: string[] = []
let caseNumber = ''
let caseId = ''

const as = (user: UserName) => ({ username: user, password: USERS[user].password })
const api = (method: string, url: string, body?: unknown, user: UserName = 'li') => apiCall<Record<string, unknown>>(server, as(user), method, url, body)
/** Signs in through the sign-in screen: user name, password, 登录. */
const signIn = (p: Page, user: UserName, password: string = USERS[user].password) => signInAs(p, user, password)

const intake = (over: Record<string, unknown> = {}) => ({
  petitionerName: '王五',
  village: '文化社区',
  channel: 'phone',
  summary: '低保金发放延迟',
  receivedOn: TODAY,
  category: '困难人员生活保障',
  level: 'village',
  officer: OFFICER,
  ...over,
})

async function radio(p: Page, id: string, label: string) {
  await p.locator(`#${id}`).getByText(label, { exact: true }).click()
}

async function check(p: Page, id: string, label: string) {
  await p.locator(`#${id}`).getByText(label, { exact: true }).click()
}

/** Opens an action's form: the suggested one is a button, the others are under 更多操作. */
async function openAction(p: Page, type: string) {
  const action = p.getByTestId(`action-${type}`)
  if (!(await action.isVisible())) await p.getByTestId('action-more').click()
  await action.click()
  await p.getByTestId(`action-form-${type}`).waitFor()
  await p.locator(`[data-testid="action-form-${type}"] form`).waitFor()
}

async function submitAction(p: Page, type: string, formId: string, expectVersion: number) {
  await p.getByTestId(`action-form-${type}`).getByTestId(`submit-${formId}`).click()
  await p.locator(`[data-testid="case-page"][data-version="${expectVersion}"]`).waitFor({ timeout: 15_000 })
}

async function stateText(p: Page) {
  return (await p.getByTestId('case-state').innerText()).trim()
}

beforeAll(async () => {
  server = await startServer(TODAY)
  browser = await launch()
  page = await newPage(browser, server, { external, pageErrors })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('staff web app', () => {
  it('asks to sign in; a wrong password is refused with a message', async () => {
    await page.goto(`${server.url}/`)
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByTestId('sign-in').innerText()).toContain('用户名')
    expect(await page.getByTestId('sign-in').innerText()).toContain('密码')
    await shot(page, 'login')
    await signIn(page, 'li', 'not-the-password')
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码不正确')
    expect(await page.getByTestId('task-list').count()).toBe(0)
    // English on the sign-in screen too
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('sign-in').innerText()).toContain('User name')
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.getByTestId('sign-in').innerText()).toContain('用户名')
  })

  it("signs in and opens on the task list, in Chinese, with the town from the scheme and the user's name", async () => {
    const scripts: string[] = []
    const onResponse = (r: { url(): string }) => {
      if (r.url().endsWith('.js')) scripts.push(r.url())
    }
    page.on('response', onResponse)
    await page.goto(`${server.url}/`)
    await signIn(page, 'li')
    await page.getByTestId('task-list').waitFor({ state: 'attached' })
    await page.waitForLoadState('networkidle')
    page.off('response', onResponse)
    // the forms (rjsf, ajv) and the other screens load only when needed
    expect(scripts.some((u) => /SchemaForm|Register|CasePage|CaseList|Reminders|PrintView/.test(u))).toBe(false)
    const { sizeReport } = await import('../../runtime/web/size-report')
    const size = sizeReport(path.resolve('runtime/web/dist'))
    console.log(`initial JS ${(size.initialJsGzip / 1024).toFixed(1)} KB gzipped; with the task screen ${(size.firstScreenJsGzip / 1024).toFixed(1)} KB`)
    expect(size.initialJsGzip).toBeLessThan(400 * 1024)
    expect(size.firstScreenJsGzip).toBeLessThan(400 * 1024)
    await expect.poll(() => page.locator('.brand').innerText()).toContain('嘎鲁图镇')
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('工作台')
    await expect.poll(() => page.getByTestId('user-button').innerText()).toContain(OFFICER)
    // the old name switcher is gone; nothing about the user is kept in the browser
    expect(await page.evaluate(() => localStorage.getItem('daiban.user'))).toBeNull()
    expect(await page.evaluate(() => document.cookie)).toBe('') // the session cookie is httpOnly
  })

  // Every keystroke reaches the field and renders; the latency is recorded (test-output/keystroke-latency.json)
  // for the bench and the note, not asserted: performance is measured in bench/, never in timed tests.
  it('keeps every keystroke typed in the intake form, each handled and painted', async () => {
    await page.goto(`${server.url}/#/register`)
    await page.locator('#intake_summary').waitFor()
    // per keystroke: "processing" = keydown → the input's handlers and React's render done (a microtask
    // after the input event); "frame" = keydown → the next frame painted (rAF, then a task)
    await page.evaluate(() => {
      const w = window as unknown as { __proc: number[]; __frame: number[]; __events: number[] }
      w.__proc = []
      w.__frame = []
      w.__events = []
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.name === 'keydown' || e.name === 'input' || e.name === 'keypress') w.__events.push(e.duration)
        }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit)
      } catch {
        /* Event Timing unsupported: the marks still run */
      }
      window.addEventListener(
        'keydown',
        () => {
          const t0 = performance.now()
          performance.mark('keystroke-start')
          const onInput = () => {
            window.removeEventListener('input', onInput)
            queueMicrotask(() => {
              performance.mark('keystroke-processed')
              performance.measure('keystroke-processing', 'keystroke-start', 'keystroke-processed')
              w.__proc.push(performance.now() - t0)
            })
          }
          window.addEventListener('input', onInput)
          requestAnimationFrame(() =>
            setTimeout(() => {
              performance.mark('keystroke-frame')
              performance.measure('keystroke-frame', 'keystroke-start', 'keystroke-frame')
              w.__frame.push(performance.now() - t0)
            }, 0),
          )
        },
        true,
      )
    })
    await page.locator('#intake_summary').click()
    const text = 'Pension not paid since January, asks for payment now'
    for (const ch of text) {
      await page.keyboard.press(ch === ' ' ? 'Space' : ch)
      await page.waitForTimeout(25)
    }
    await page.waitForTimeout(300)
    expect(await page.locator('#intake_summary').inputValue()).toBe(text)
    const { proc, frame, events } = await page.evaluate(() => {
      const w = window as unknown as { __proc: number[]; __frame: number[]; __events: number[] }
      return { proc: w.__proc, frame: w.__frame, events: w.__events }
    })
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b)
      const pct = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1)
      return { n: xs.length, median: pct(0.5), p95: pct(0.95), max: +sorted.at(-1)!.toFixed(1) }
    }
    const result = {
      processingMs: stats(proc),
      nextFrameMs: stats(frame),
      eventTimingOver16ms: events.length,
      eventTimingMaxMs: events.length ? Math.max(...events) : null,
    }
    console.log('intake keystroke latency:', JSON.stringify(result))
    await mkdir('test-output', { recursive: true })
    await writeFile(path.join('test-output', 'keystroke-latency.json'), JSON.stringify(result, null, 2))
    expect(proc.length).toBe(text.length)
    expect(frame.length).toBe(text.length)
    // leave the form empty for the next test
    await page.evaluate(() => localStorage.removeItem('daiban.draft.register.galutu'))
  })

  it('registers a petition: live triage and routing, a server refusal on its field, then the case', async () => {
    await page.goto(`${server.url}/#/`)
    await page.goto(`${server.url}/#/register`)
    await page.reload()
    await page.locator('#intake_petitionerName').waitFor()
    await page.fill('#intake_petitionerName', '张三')
    await select(page, 'intake_sex', '男')
    await page.fill('#intake_phone', '13800000000')
    await select(page, 'intake_village', '团结社区')
    await select(page, 'intake_channel', '来访')
    await page.fill('#intake_summary', '养老保险待遇自今年一月起未发放')
    await page.fill('#intake_requests', '尽快补发')
    await select(page, 'intake_officer', OFFICER)
    // the engine's answer so far: a proxied matter needs a category
    await expect.poll(() => page.getByTestId('decide-preview').innerText(), { timeout: 10_000 }).toContain('事项类别')

    // submitted without a category, the server refuses and says so under the field
    await page.getByTestId('submit-intake').click()
    const categoryItem = page.locator('.rjsf-cell', { has: page.locator('#intake_category') })
    await expect.poll(() => categoryItem.innerText(), { timeout: 10_000 }).toContain('代办事项须有类别才能分流到专班组')
    await expect.poll(() => page.getByTestId('refusal').innerText()).toContain('提交的内容有误')
    expect(await page.inputValue('#intake_petitionerName')).toBe('张三')
    await shot(page, 'register-refused')

    await select(page, 'intake_category', '养老及其他农村牧区社会保险')
    await select(page, 'intake_level', '涉及嘎查村（社区）')
    // the refusal goes once the field is changed; the preview shows the routing
    await expect.poll(() => categoryItem.innerText()).not.toContain('代办事项须有类别')
    await expect.poll(() => page.getByTestId('decide-group').innerText(), { timeout: 10_000 }).toBe('劳动社会保障组')
    await expect.poll(() => page.getByTestId('decide-due').innerText()).toBe('2026-03-17')
    await expect.poll(() => page.getByTestId('decide-outcome').innerText()).toBe('代办')
    expect(await page.getByTestId('decide-result').innerText()).toMatch(/5\s*个工作日/)
    await shot(page, 'register-desktop')

    await page.getByTestId('submit-intake').click()
    await page.getByTestId('case-page').waitFor({ timeout: 15_000 })
    caseNumber = (await page.getByTestId('case-number').innerText()).trim()
    expect(caseNumber).toMatch(/^GLT-2026-\d{6}$/)
    expect(await page.getByTestId('case-group').innerText()).toBe('劳动社会保障组')
    expect(await stateText(page)).toBe('事项办理')
    const c = await api('GET', `/api/cases/${caseNumber}`)
    caseId = c.body.id as string
    expect((c.body.summary as { officer: string }).officer).toBe(OFFICER)
    expect((c.body.context as { records: Array<{ by: string }> }).records[0]!.by).toBe('li')
    // the draft is gone once registered
    expect(await page.evaluate(() => localStorage.getItem('daiban.draft.register.galutu'))).toBeNull()
  })

  it('dispatches a 处置单 with a leader instruction', async () => {
    await openAction(page, 'DISPATCH')
    // the routed group's (劳动社会保障组) member units start ticked; this one goes to 社会事务办公室 only
    const ticked = page.locator('#disposal_units label.ant-checkbox-wrapper-checked')
    expect((await ticked.allInnerTexts()).map((t) => t.trim()).sort()).toEqual(['市场监督管理所', '社会事务办公室'].sort())
    await check(page, 'disposal_units', '市场监督管理所')
    await page.fill('#disposal_matter', '请核实张三养老保险待遇发放情况并答复')
    await page.fill('#disposal_requirement', '5个工作日内书面答复')
    await page.fill('#disposal_leaderInstruction', '请社会事务办抓紧核实办理。')
    await submitAction(page, 'DISPATCH', 'disposal', 2)
    const d1 = page.getByTestId('dispatch-D1')
    await expect.poll(() => d1.innerText()).toContain('社会事务办公室')
    expect(await d1.innerText()).toContain('待答复')
    expect(await d1.innerText()).toContain('请社会事务办抓紧核实办理。')
  })

  it('a submission on a stale version is refused without losing the typed data; reload keeps it', async () => {
    await openAction(page, 'RECORD_REPLY')
    await select(page, 'reply_unit', '社会事务办公室')
    await page.fill('#reply_result', '经核实，系信息录入错误，已于3月9日补发全部待遇。')
    // meanwhile someone else records an urging on the case
    const other = await api(
      'POST',
      `/api/cases/${caseId}/events`,
      { type: 'URGE', form: { unit: 'shehuishiwu', method: '电话', content: '请尽快答复' }, expectedVersion: 2 },
      'zhao',
    )
    expect(other.status).toBe(200)
    await page.getByTestId('action-form-RECORD_REPLY').getByTestId('submit-reply').click()
    await expect.poll(() => page.getByTestId('refusal').innerText(), { timeout: 10_000 }).toContain('案件已被他人修改')
    expect(await page.inputValue('#reply_result')).toBe('经核实，系信息录入错误，已于3月9日补发全部待遇。')
    await shot(page, 'case-conflict')
    await page.getByTestId('reload-keep').click()
    await page.locator('[data-testid="case-page"][data-version="3"]').waitFor()
    expect(await page.inputValue('#reply_result')).toBe('经核实，系信息录入错误，已于3月9日补发全部待遇。')
    expect(await page.getByTestId('dispatch-D1').innerText()).toContain('请尽快答复')
    await submitAction(page, 'RECORD_REPLY', 'reply', 4)
    await expect.poll(() => page.getByTestId('dispatch-D1').innerText()).toContain('已答复')
    expect(await page.getByTestId('dispatch-D1').innerText()).toContain('已于3月9日补发全部待遇')
  })

  it('prints the 处置单 on A4', async () => {
    await page.getByTestId('print-disposal-D1').click()
    await page.getByTestId('print-view').waitFor()
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 665, height: 1017 }) // A4's printable area (176 × 269 mm) at 96 dpi
    const text = await page.getByTestId('print-view').innerText()
    expect(text).toContain('嘎鲁图镇信访事项处置单')
    expect(text).toContain(`${caseNumber}-D1`)
    expect(text).toContain('领导批示')
    expect(text).toContain('请社会事务办抓紧核实办理。')
    expect(text).toContain('承办单位负责人（签名）')
    expect(await page.getByTestId('print-button').isVisible()).toBe(false)
    await shot(page, 'print-disposal')
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goBack()
    await page.getByTestId('case-page').waitFor()
  })

  it('concludes, records the feedback, the follow-up visit and archives', async () => {
    await openAction(page, 'CONCLUDE')
    await page.fill('#conclude_result', '已补发养老保险待遇，信访人诉求已解决。')
    await radio(page, 'conclude_resolved', '是')
    await check(page, 'conclude_measures', '诉求合理的解决问题到位')
    await submitAction(page, 'CONCLUDE', 'conclude', 5)
    expect(await stateText(page)).toBe('办结反馈')

    await openAction(page, 'FEEDBACK')
    await select(page, 'feedback_method', '电话')
    await radio(page, 'feedback_satisfied', '是')
    await radio(page, 'feedback_reviewRequested', '否')
    await page.fill('#feedback_opinion', '满意')
    await submitAction(page, 'FEEDBACK', 'feedback', 6)
    expect(await stateText(page)).toBe('终结回访')

    await openAction(page, 'FOLLOW_UP')
    await select(page, 'followUp_method', '上门走访')
    await page.fill('#followUp_situation', '待遇已按月发放，信访人无其他诉求。')
    await submitAction(page, 'FOLLOW_UP', 'followUp', 7)
    expect(await stateText(page)).toBe('整理归档')

    await openAction(page, 'ARCHIVE')
    await page.fill('#archive_archiveNumber', 'GLT-DA-2026-001')
    await page.fill('#archive_keeper', '王档案')
    // the checklist item the scheme requires: refused inline until ticked
    await page.getByTestId('action-form-ARCHIVE').getByTestId('submit-archive').click()
    const intakeItem = page.locator('.rjsf-cell', { has: page.locator('#archive_intakeForm') })
    // the form's own check (须勾选) needs ajv, which the server's CSP (no 'unsafe-eval') refuses; the server's refusal is placed there instead
    await expect.poll(() => intakeItem.innerText()).toMatch(/须勾选|取值应为 true/)
    await page.locator('#archive_intakeForm').check()
    await page.locator('#archive_disposalForms').check()
    await page.locator('#archive_replies').check()
    await page.locator('#archive_feedbackRecord').check()
    await page.locator('#archive_followUpRecord').check()
    await submitAction(page, 'ARCHIVE', 'archive', 8)
    expect(await stateText(page)).toBe('已归档')
    const outcome = await page.getByTestId('outcome').innerText()
    expect(outcome).toContain(TODAY)
    const progress = await page.getByTestId('progress').innerText()
    for (const label of ['登记并甄别受理', '派发处置单', '催办', '登记部门答复', '办结', '办结反馈', '终结回访', '整理归档']) expect(progress).toContain(label)
    await page.getByTestId('records').getByText('终结回访', { exact: true }).first().click()
    await shot(page, 'case-archived')
  })

  it('prints the 代办单 and the whole case file as A4 pages', async () => {
    await page.goto(`${server.url}/#/cases/${caseNumber}/print/intake`)
    await page.getByTestId('print-view').waitFor()
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 665, height: 1017 }) // A4's printable area (176 × 269 mm) at 96 dpi
    const text = await page.getByTestId('print-view').innerText()
    expect(text).toContain('嘎鲁图镇信访事项代办单')
    expect(text).toContain(caseNumber)
    for (const s of [
      '信访人姓名',
      '张三',
      '联系电话',
      '来访',
      '养老及其他农村牧区社会保险',
      '劳动社会保障组',
      '2026-03-17',
      '信访人（签名）',
      '代办员（签名）',
    ])
      expect(text).toContain(s)
    await shot(page, 'print-intake')
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
    await writeFile(path.join('test-output', 'intake.pdf'), pdf)
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1)

    await page.goto(`${server.url}/#/cases/${caseNumber}/print/file`)
    await page.getByTestId('print-view').waitFor()
    const file = await page.getByTestId('print-view').innerText()
    for (const s of ['信访代办案卷', '卷内目录', '信访事项代办单', '信访事项处置单', '办理过程记录', 'GLT-DA-2026-001', '立卷人']) expect(file).toContain(s)
    await shot(page, 'print-file')
    const filePdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
    await writeFile(path.join('test-output', 'case-file.pdf'), filePdf)
    expect(filePdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(5)
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('shows my tasks with overdue and due-soon counts and badges', async () => {
    // one overdue (received a week ago, 5 working days), one due soon (received the 5th), one later (town level)
    expect((await api('POST', '/api/cases', { form: intake({ receivedOn: '2026-03-02' }) })).status).toBe(201)
    expect((await api('POST', '/api/cases', { form: intake({ petitionerName: '赵六', receivedOn: '2026-03-06', category: '邻里小纠纷' }) })).status).toBe(201)
    expect((await api('POST', '/api/cases', { form: intake({ petitionerName: '孙七', receivedOn: TODAY, level: 'town', category: '违建' }) })).status).toBe(201)
    await page.goto(`${server.url}/#/`)
    await expect.poll(() => page.getByTestId('count-all').innerText()).toContain('3')
    expect(await page.getByTestId('count-overdue').innerText()).toContain('1')
    expect(await page.getByTestId('count-dueSoon').innerText()).toContain('1')
    await expect.poll(() => page.locator('[data-due="overdue"]').count()).toBe(1)
    expect(await page.locator('[data-due="overdue"]').innerText()).toContain('已超期')
    expect(await page.locator('[data-due="soon"]').count()).toBe(1)
    await shot(page, 'tasks-desktop')
    await page.getByTestId('count-overdue').click()
    await expect.poll(() => page.getByTestId('task-item').count()).toBe(1)
  })

  it('lists cases with filters, sorting and paging done by the server', async () => {
    await page.goto(`${server.url}/#/cases`)
    await page.getByTestId('case-table').locator('tbody tr.ant-table-row').first().waitFor()
    expect(await page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(4)
    // filter by group: the request carries it, the server answers with the matching cases
    const req = page.waitForRequest((r) => r.url().includes('/api/cases?') && decodeURIComponent(r.url()).includes('group=劳动社会保障组'))
    await page.getByTestId('filter-group').click()
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="劳动社会保障组"]').click()
    await req
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(2)
    // text search
    await page.getByTestId('filter-q').locator('input').fill('王五')
    await page.getByTestId('filter-q').locator('input').press('Enter')
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(1)
    await page.goto(`${server.url}/#/cases`)
    // sort by number, ascending on the server
    const sortReq = page.waitForRequest((r) => r.url().includes('sort=number') && r.url().includes('order=asc'))
    await page.getByTestId('case-table').locator('th', { hasText: '编号' }).click()
    await sortReq
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').first().innerText()).toContain(caseNumber)
    // overdue only
    await page.getByTestId('filter-overdue').click()
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(1)
    expect(page.url()).toContain('overdue=1')
    await page.getByTestId('filter-overdue').click()
    // paging: 2 a page
    await page.goto(`${server.url}/#/cases?limit=2`)
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(2)
    const pageReq = page.waitForRequest((r) => r.url().includes('offset=2') && r.url().includes('limit=2'))
    await page.locator('.ant-pagination-item-2').click()
    await pageReq
    await page.goto(`${server.url}/#/cases`)
    await page.getByTestId('case-table').locator('tbody tr.ant-table-row').first().waitFor()
    await shot(page, 'cases-desktop')
  })

  it('lists reminders and acknowledges one', async () => {
    await api('POST', '/api/scheduler/tick')
    await page.goto(`${server.url}/#/reminders`)
    await page.getByTestId('reminder-table').locator('tbody tr.ant-table-row').first().waitFor()
    const before = await page.getByTestId('reminder-table').locator('tbody tr.ant-table-row').count()
    expect(before).toBeGreaterThan(0)
    await shot(page, 'reminders-desktop')
    await page.getByTestId('ack').first().click()
    await expect.poll(() => page.getByTestId('reminder-table').locator('tbody tr.ant-table-row').count()).toBe(before - 1)
    const r = await api('GET', '/api/reminders')
    expect((r.body.items as Array<{ acknowledgedBy: string | null }>).some((x) => x.acknowledgedBy === 'li')).toBe(true)
  })

  it('switches to English', async () => {
    await page.goto(`${server.url}/#/`)
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Workspace')
    expect(await page.getByTestId('nav').innerText()).toContain('Cases')
    await page.goto(`${server.url}/#/cases`)
    await expect.poll(() => page.locator('.ant-pagination').innerText()).toContain('in all')
    await shot(page, 'cases-english')
    await page.getByTestId('lang-button').click()
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('案件')
  })

  it('works at phone width (375 px)', async () => {
    const p = await newPage(browser, server, { external, pageErrors }, { width: 375, scale: 1 })
    await p.goto(`${server.url}/`)
    await p.getByTestId('sign-in').waitFor()
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(p, 'phone-login', false)
    await signIn(p, 'li')
    await p.getByTestId('task-item').first().waitFor()
    // no horizontal scrolling; the menu is behind a button
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    expect(await p.getByTestId('nav').count()).toBe(0)
    await shot(p, 'phone-tasks', false)
    await p.getByTestId('menu-button').click()
    await p.getByTestId('nav').waitFor()
    await p.waitForTimeout(500) // the drawer slides in
    await shot(p, 'phone-menu', false)
    await p.getByTestId('nav').getByText('案件').click()
    await p.getByTestId('case-table').waitFor()
    await shot(p, 'phone-cases', false)
    await p.goto(`${server.url}/#/cases/${caseNumber}`)
    await p.getByTestId('case-page').waitFor()
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(p, 'phone-case')
    await p.goto(`${server.url}/#/register`)
    await p.locator('#intake_petitionerName').waitFor()
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(p, 'phone-register')
    // while filling in, the routing so far stays in view at the bottom
    await p.fill('#intake_petitionerName', '周八')
    await select(p, 'intake_category', '婚姻矛盾')
    await select(p, 'intake_level', '涉及镇')
    await expect.poll(() => p.getByTestId('preview-bar').innerText(), { timeout: 10_000 }).toContain('工青妇联合组')
    await p.locator('#intake_level').scrollIntoViewIfNeeded()
    await shot(p, 'phone-register-routing', false)
    await p.context().close()
  })

  it('a reader without case.pii sees masked details and no 查看完整信息; the officer sees the full ones', async () => {
    const p = await newPage(browser, server, { external, pageErrors })
    await p.goto(`${server.url}/#/cases/${caseNumber}`)
    await signIn(p, 'audit')
    await p.getByTestId('case-page').waitFor()
    await expect.poll(() => p.getByTestId('pii').innerText()).toContain('部分信息已隐藏')
    expect(await p.getByTestId('pii-show').count()).toBe(0)
    // no registering for a read-only auditor: the menu entry is hidden
    expect(await p.getByTestId('nav').innerText()).not.toContain('登记')
    const masked = await api('GET', `/api/cases/${caseNumber}`, undefined, 'audit')
    expect(masked.body.masked).toBe(true)
    expect((masked.body.context as { facts: { phone: string } }).facts.phone).not.toBe('13800000000')
    await p.context().close()
    // the officer's own view is not masked
    await page.goto(`${server.url}/#/cases/${caseNumber}`)
    await page.getByTestId('case-page').waitFor()
    expect(await page.getByTestId('pii').count()).toBe(0)
    expect((await api('GET', `/api/cases/${caseId}/petitioner`)).body.details).toMatchObject({ phone: '13800000000' })
  })

  it('signs out with 退出登录 back to the sign-in screen; a lost session asks to sign in again', async () => {
    await page.goto(`${server.url}/#/cases`)
    await page.getByTestId('case-table').waitFor()
    await page.getByTestId('user-button').click()
    await page.getByTestId('logout').click()
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByTestId('case-table').count()).toBe(0)
    // the session is gone on the server too: a reload stays on the sign-in screen
    await page.reload()
    await page.getByTestId('sign-in').waitFor()
    // signing in again goes on where it was asked for
    await page.goto(`${server.url}/#/reminders`)
    await signIn(page, 'li')
    await page.getByTestId('reminder-table').waitFor()
    // a session ended elsewhere: the next request's 401 brings the sign-in back
    await page.context().clearCookies()
    await page.goto(`${server.url}/#/cases`) // same document: the list's request gets the 401
    await page.getByTestId('sign-in').waitFor()
    await expect.poll(() => page.getByTestId('sign-in').innerText()).toContain('登录已过期')
    await signIn(page, 'li')
    await page.getByTestId('case-table').waitFor()
  })

  it('loaded nothing from outside the server and threw no page errors', () => {
    expect(external).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
