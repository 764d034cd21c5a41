/**
 * A merge of the upstream into a fork's draft changes only what changed (issue #17): a one-value
 * upstream change to a file the fork also changed is a one-line change of the fork's text, not a
 * reformatted file. Edits are made as the designer makes them (writeJson: layout kept).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editableRuntime, type Client } from './harness'
import { writeJson } from '../../engine/scheme/json-edit'

let env: Awaited<ReturnType<typeof editableRuntime>>
beforeAll(async () => {
  env = await editableRuntime()
})
afterAll(() => env.close())

type Clocks = { clocks: Array<{ id: string; days: number }> }
const fileOf = async (c: Client, scheme: string, file: string): Promise<string> => {
  const d = await c.get(`/api/designer/schemes/${scheme}/draft`)
  expect(d.status).toBe(200)
  return (d.body.files as Array<{ file: string; text: string }>).find((x) => x.file === file)!.text
}
async function editText(c: Client, scheme: string, file: string, fn: (v: Clocks) => void): Promise<void> {
  const text = await fileOf(c, scheme, file)
  const v = JSON.parse(text) as Clocks
  fn(v)
  const r = await c.put(`/api/designer/schemes/${scheme}/draft/files/${file}`).send({ text: writeJson(text, v) })
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
}
const days = (id: string, n: number) => (v: Clocks) => {
  v.clocks.find((x) => x.id === id)!.days = n
}
const diffLines = (a: string, b: string) => {
  const x = a.split('\n')
  const y = b.split('\n')
  expect(y.length).toBe(x.length)
  return x.flatMap((l, i) => (l === y[i] ? [] : [`- ${l}\n+ ${y[i]}`]))
}

describe('merging the upstream into a fork keeps the fork’s layout', () => {
  it('one upstream value merged into a file the fork also changed is a one-line change', async () => {
    const http = env.http
    expect((await http.post('/api/designer/schemes/galutu/fork').send({ id: 'hailin', town: '海林镇' })).status).toBe(201)
    // The fork: its own village limit (5 → 3), published.
    await editText(http, 'hailin', 'deadlines.json', days('handling_village', 3))
    expect((await http.post('/api/designer/schemes/hailin/draft/publish').send({ note: '本镇村级时限' })).status).toBe(201)
    const before = await fileOf(http, 'hailin', 'deadlines.json')
    const orgBefore = await fileOf(http, 'hailin', 'org.json')
    // Upstream: the town limit 15 → 10, and one group renamed (a file the fork did not touch).
    await editText(http, 'galutu', 'deadlines.json', days('handling_town', 10))
    const org = await fileOf(http, 'galutu', 'org.json')
    const o = JSON.parse(org) as { groups: Array<{ name: string }> }
    o.groups[0]!.name += '（更名）'
    expect((await http.put('/api/designer/schemes/galutu/draft/files/org.json').send({ text: writeJson(org, o) })).status).toBe(200)
    expect((await http.post('/api/designer/schemes/galutu/draft/publish').send({ note: '镇级 10 日' })).status).toBe(201)

    const m = await http.post('/api/designer/schemes/hailin/upstream/merge').send({})
    expect(m.status, JSON.stringify(m.body).slice(0, 400)).toBe(200)
    expect(m.body.conflicts).toEqual([])
    const after = await fileOf(http, 'hailin', 'deadlines.json')
    const changed = diffLines(before, after)
    expect(changed).toHaveLength(1)
    expect(changed[0]).toContain('"id": "handling_town"')
    expect(changed[0]).toMatch(/"days": 15[\s\S]*"days": 10/)
    // the fork's own value stays, and so does everything else
    expect((JSON.parse(after) as Clocks).clocks.find((c) => c.id === 'handling_village')!.days).toBe(3)
    expect(diffLines(orgBefore, await fileOf(http, 'hailin', 'org.json'))).toHaveLength(1)
  })
})
