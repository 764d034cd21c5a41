/**
 * Issue 16 §4, confidentiality (附件2 二（二） 保密性): the petitioner's name and address are
 * sensitive too — masked without case.pii in the case view (facts, records, summary), the case
 * list and the officer's tasks; shown with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { harness, intake, type Client, type Harness } from './harness'

const NAME = '张三丰'
const ADDRESS = '团结社区幸福小区3号楼2单元501'
let h: Harness
let id: string
let auditor: Client
beforeAll(async () => {
  h = await harness({ schemeDirs: ['definitions/galutu', 'definitions/wulan'], officers: ['李四'] })
  const c = await h.http.post('/api/cases').send({ schemeId: 'galutu', form: intake({ petitionerName: NAME, address: ADDRESS, officer: '李四' }) })
  expect(c.status, JSON.stringify(c.body)).toBe(201)
  id = c.body.id
  auditor = await h.as('auditor-c', [{ role: 'auditor' }])
})
afterAll(async () => h.close())

describe('issue 16: the petitioner’s name and address are sensitive', () => {
  it.each(['galutu', 'wulan'])('%s marks them x-sensitive in every form that asks for them', (scheme) => {
    for (const file of ['forms-intake.json', 'forms-handling.json']) {
      for (const f of JSON.parse(readFileSync(`definitions/${scheme}/${file}`, 'utf8')).forms) {
        for (const k of ['petitionerName', 'address', 'complainant']) {
          const p = f.schema.properties?.[k]
          if (p) expect(p['x-sensitive'], `${file} ${f.id} ${k}`).toBe(true)
        }
      }
    }
  })

  it('the case view masks them for a reader without case.pii: facts, records and the summary', async () => {
    const r = await auditor.get(`/api/cases/${id}`)
    expect(r.status).toBe(200)
    expect(r.body.masked).toBe(true)
    expect(r.body.context.facts.petitionerName).toBe('****')
    expect(r.body.context.facts.address).toMatch(/^团结社\*+元501$/)
    expect(r.body.summary.petitionerName).toBe('****')
    const text = JSON.stringify(r.body)
    expect(text).not.toContain(NAME)
    expect(text).not.toContain(ADDRESS)
  })

  it('the case list and the tasks list mask the name for that reader', async () => {
    const list = await auditor.get('/api/cases?limit=50')
    expect(list.status).toBe(200)
    expect(list.body.items.find((s: { id: string }) => s.id === id).petitionerName).toBe('****')
    expect(JSON.stringify(list.body)).not.toContain(NAME)
    const tasks = await auditor.get('/api/my/tasks?officer=' + encodeURIComponent('李四'))
    expect(tasks.status).toBe(200)
    expect(tasks.body.items.map((s: { petitionerName: string }) => s.petitionerName)).toEqual(['****'])
  })

  it('a reader with case.pii sees them', async () => {
    expect((await h.http.get(`/api/cases/${id}`)).body.summary.petitionerName).toBe(NAME)
    expect((await h.http.get('/api/cases?limit=50')).body.items.find((s: { id: string }) => s.id === id).petitionerName).toBe(NAME)
    const full = await h.http.get(`/api/cases/${id}/petitioner`)
    expect(full.body.details).toMatchObject({ petitionerName: NAME, address: ADDRESS })
  })
})
