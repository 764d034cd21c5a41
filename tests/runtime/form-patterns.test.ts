/**
 * Review finding 3 end to end: a scheme published through the designer with a pattern that
 * backtracks for seconds on JavaScript's RegExp (adjacent quantifiers, which the ReDoS check
 * passes) no longer holds the server: registering a case with a hostile value is refused at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../runtime/clock'
import { intake, editableRuntime, type Client } from './harness'

// Twelve adjacent `\d*`: hours on JavaScript's RegExp for the 40-character value below (eight took
// about 3 s; the review measured 9.8 s). No timing is asserted: a backtracking engine would not
// answer within the test's timeout, and that is the failure.
const HOSTILE = '^1' + '\\d*'.repeat(12) + '$'
const HOSTILE_VALUE = '1' + '2'.repeat(38) + 'x'

let http: Client
let env: Awaited<ReturnType<typeof editableRuntime>>

beforeAll(async () => {
  env = await editableRuntime(new ManualClock('2026-03-02'))
  ;({ http } = env)
})
afterAll(async () => env.close())

describe('review finding 3: a hostile form pattern published through the designer', () => {
  it('publishes (the pattern is valid), and a case with a hostile value is refused, not left hanging', async () => {
    const draft = await http.get('/api/designer/schemes/galutu/draft')
    const file = draft.body.files.find((f: { file: string }) => f.file === 'forms-intake.json')
    const forms = JSON.parse(file.text)
    forms.forms.find((f: { id: string }) => f.id === 'intake').schema.properties.phone.pattern = HOSTILE
    const saved = await http.put('/api/designer/schemes/galutu/draft/files/forms-intake.json').send({ text: JSON.stringify(forms, null, 2) })
    expect(saved.status).toBe(200)
    expect(saved.body.problems).toEqual([])
    const pub = await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '电话格式' })
    expect(pub.status).toBe(201)

    // a value the pattern matches registers (and warms the new version up)
    expect((await http.post('/api/cases').send({ form: intake({ phone: '1' + '3'.repeat(10) }) })).status).toBe(201)

    const r = await http.post('/api/cases').send({ form: intake({ phone: HOSTILE_VALUE }) })
    expect(r.status).toBe(422)
    expect(r.body.fields).toEqual([expect.objectContaining({ pointer: '/form/phone', message: expect.stringContaining('格式不正确') })])
  }, 60_000)
})
