/**
 * The bulletin workbook's 得分明细 sheet in people's words (issue #18 §6): each item's part by its
 * title in the scoring definition, its inputs as "title：value" (是/否 for yes/no), never an input
 * key such as `organization` or `bonus`, nor raw JSON. The titles are read from definitions/galutu.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { harness, intake, type Harness } from './harness'

const scoring = JSON.parse(readFileSync('definitions/galutu/scoring.json', 'utf8')).scorings[0]
const sectionNames = new Set<string>(scoring.sections.map((s: { name: string }) => s.name))
const sectionIds = scoring.sections.map((s: { id: string }) => s.id as string)
const inputKeys = Object.keys(scoring.inputs.properties)

let h: Harness
const rows: string[][] = []
beforeAll(async () => {
  h = await harness({ start: '2026-03-20', officers: ['李四'] })
  expect((await h.http.post('/api/cases').send({ form: intake({ officer: '李四', receivedOn: '2026-03-02' }) })).status).toBe(201)
  const r = await h.http
    .get('/api/reports/galutu/bulletin?period=2026-03&format=xlsx')
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => cb(null, Buffer.concat(chunks)))
    })
  expect(r.status).toBe(200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(r.body as never)
  const ws = wb.getWorksheet('得分明细')!
  ws.eachRow((row, n) => {
    if (n > 2) rows.push([1, 2, 3, 4, 5, 6, 7].map((i) => String(row.getCell(i).value ?? '')))
  })
})
afterAll(async () => h.close())

describe('得分明细', () => {
  it('has a row per village and item, each part named by its title', () => {
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(sectionNames, r.join(' | ')).toContain(r[1])
  })
  it('words the inputs by their titles: no key, no JSON', () => {
    const inputs = rows.map((r) => r[6]!)
    for (const text of inputs) {
      expect(text).not.toMatch(/[{}[\]"]/)
      for (const k of [...inputKeys, ...sectionIds]) expect(text, text).not.toMatch(new RegExp(`(^|[^A-Za-z])${k}([^A-Za-z]|$)`))
    }
    // a yes/no input of the organisation part reads as its part › its title: 是/否
    const org = scoring.inputs.properties.organization
    const first = Object.values(org.properties as Record<string, { title: string }>)[0]!.title
    expect(inputs.join('\n')).toMatch(new RegExp(`${org.title} › ${first}：[是否]`))
  })
})
