/**
 * One language per response (issue #18 §6): the error bodies carry the request's language only,
 * refusals name steps and actions by their workflow titles, and a missing fact is named by its
 * form title — against the Galutu definitions on a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'
import { inLanguage, toBody, wordFor, HttpError } from '../../runtime/server/errors'
import { ServiceError } from '../../runtime/errors'

const HAN = /[\u3400-\u9fff]/

describe('inLanguage / wordFor', () => {
  const cases: Array<[string, string, string]> = [
    ['用户名或密码不正确 / wrong user name or password', '用户名或密码不正确', 'Wrong user name or password'],
    ['数据目录 / data folder /tmp/x', '数据目录', 'Data folder /tmp/x'],
    ['人次 / 件数', '人次 / 件数', '人次 / 件数'],
    ['Count / min', 'Count / min', 'Count / min'],
  ]
  it.each(cases)('%s', (m, zh, en) => {
    expect(inLanguage(m, 'zh-CN')).toBe(zh)
    expect(inLanguage(m, 'en')).toBe(en)
  })
  it('a Chinese-only message asked for in English is the code’s sentence', () => {
    expect(wordFor('NOT_FOUND', '未找到提醒', 'en')).toBe('Not found')
    expect(wordFor('NOT_FOUND', '未找到提醒', 'zh-CN')).toBe('未找到提醒')
    expect(HAN.test(wordFor('SOMETHING_NEW', '新的错误', 'en'))).toBe(false)
  })
  it('bodies keep a detail code (CSRF, CHALLENGE_FAILED) and word fields in one language', () => {
    const csrf = toBody(new HttpError('FORBIDDEN', '请求缺少有效的 CSRF 令牌，请刷新页面后重试', { code: 'CSRF' }), 'en')
    expect(csrf.body.code).toBe('CSRF')
    expect(HAN.test(csrf.body.message)).toBe(false)
    const s = toBody(
      new ServiceError('INVALID_INPUT', '提交的内容有误，请按提示修改 / invalid input', [{ code: 'X', pointer: '/a', message: '甲 / alpha' }]),
      'en',
    )
    expect(s.body.message).toBe('Invalid input')
    expect(s.body.fields?.[0]?.message).toBe('Alpha')
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const err of [new Error('boom'), { type: 'entity.parse.failed' }, { type: 'entity.too.large' }]) {
        const m = toBody(err, locale).body.message
        expect(HAN.test(m), `${locale}: ${m}`).toBe(locale === 'zh-CN')
        expect(m).not.toContain(' / ')
      }
    }
  })
})

describe('over HTTP, in both languages', () => {
  let h: Harness
  let id: string
  beforeAll(async () => {
    h = await harness({ officers: ['李四'] })
    id = (await h.http.post('/api/cases').send({ form: intake({ officer: '李四' }) })).body.id
  })
  afterAll(async () => h.close())

  it('a wrong password: one language per response', async () => {
    const zh = await h.anon.post('/api/auth/login').set('accept-language', 'zh-CN').send({ username: 'nobody', password: 'wrong-password-1' })
    const en = await h.anon.post('/api/auth/login').set('accept-language', 'en').send({ username: 'nobody', password: 'wrong-password-1' })
    expect(zh.status).toBe(401)
    expect(zh.body.message).toBe('用户名或密码不正确')
    expect(en.body.message).toBe('Wrong user name or password')
  })
  it('an event the step does not accept is named by its title, never its key', async () => {
    const zh = await h.http.post(`/api/cases/${id}/events`).set('accept-language', 'zh-CN').send({ type: 'RESUME_CLOCK', form: {} })
    const en = await h.http.post(`/api/cases/${id}/events`).set('accept-language', 'en').send({ type: 'RESUME_CLOCK', form: {} })
    expect(zh.status).toBe(409)
    for (const r of [zh, en]) expect(r.body.message).not.toMatch(/[A-Z]{2,}_[A-Z]/)
    expect(zh.body.message).toContain('恢复计时')
    expect(en.body.message).toContain('Resume the clock')
    expect(HAN.test(en.body.message)).toBe(false)
  })
  it('the live preview names a missing category by its form title', async () => {
    const form = intake({})
    delete (form as Record<string, unknown>).category
    const r = await h.http.post('/api/schemes/galutu/decide').set('accept-language', 'zh-CN').send(form)
    const messages = JSON.stringify(r.body)
    expect(messages).not.toContain('缺少字段')
    expect(messages).toContain('事项类别：未填写')
    const en = await h.http.post('/api/schemes/galutu/decide').set('accept-language', 'en').send(form)
    expect(en.body.fields.map((f: { message: string }) => f.message)).toEqual(['事项类别: not filled in; a proxied matter needs a category to be routed'])
  })
})
