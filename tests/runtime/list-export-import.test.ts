/**
 * Issue #18: the case list's .xlsx export (filters and columns of the list, headers from the
 * definitions, masking per case.pii) and the import's speed and progress (rows created several at
 * a time give the same outcomes as one at a time; the streamed progress; the error report names
 * fields by their titles). Real server, real Galutu definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type request from 'supertest'
import { harness, intake, type Client, type Harness } from './harness'

const table = JSON.parse(readFileSync(new URL('../cases/export/list-queries.json', import.meta.url), 'utf8')) as {
  cases: Array<{ label: string; query: string }>
}
const org = JSON.parse(readFileSync(new URL('../../definitions/galutu/org.json', import.meta.url), 'utf8')) as {
  channels: Array<{ id: string; name: string; import?: { columns: Record<string, string>; idColumn: string } }>
}
const forms = JSON.parse(readFileSync(new URL('../../definitions/galutu/forms-intake.json', import.meta.url), 'utf8')) as {
  forms: Array<{ id: string; schema: { properties: Record<string, { title?: string }> } }>
}
const intakeTitle = (f: string) => forms.forms.find((x) => x.id === 'intake')!.schema.properties[f]!.title!
const hotline = org.channels.find((c) => c.id === 'hotline12345')!

let h: Harness
let auditor: Client
let grid: Client

/** Binary response bodies (supertest buffers only text by default). */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

async function sheet(client: Client, query: string, columns?: string): Promise<{ status: number; rows: string[][]; type: string; body: unknown }> {
  const qs = [query, columns ? `columns=${columns}` : ''].filter(Boolean).join('&')
  const r = await client
    .get(`/api/schemes/galutu/cases/export${qs ? `?${encodeURI(qs)}` : ''}`)
    .buffer(true)
    .parse(binary)
  if (r.status !== 200) return { status: r.status, rows: [], type: String(r.headers['content-type']), body: JSON.parse((r.body as Buffer).toString('utf8')) }
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(r.body as Buffer as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const rows: string[][] = []
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
  return { status: 200, rows, type: String(r.headers['content-type']), body: null }
}

beforeAll(async () => {
  h = await harness({ start: '2026-03-02' })
  const people = [
    { petitionerName: '张三', village: '团结社区', channel: 'visit', receivedOn: '2026-03-02' },
    { petitionerName: '张晓明', village: '文化社区', channel: 'letter', receivedOn: '2026-03-03' },
    { petitionerName: '李四', village: '团结社区', channel: 'visit', receivedOn: '2026-03-04' },
    { petitionerName: '王五', village: '萨如拉图雅嘎查', channel: 'visit', receivedOn: '2026-01-05' },
  ]
  for (const p of people) {
    const r = await h.http.post('/api/cases').send({ form: intake(p) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  const csv = [
    ['工单编号', ...Object.values(hotline.import!.columns)].join(','),
    ...[1, 2, 3].map((i) => ['H-' + i, '赵' + i, `1380000000${i}`, '团结社区', '', `热线反映的事项${i}`, '', '2026-03-03'].join(',')),
  ].join('\n')
  expect((await h.rt.channels.imports.run('galutu', 'hotline12345', Buffer.from(csv), 'x.csv', 'officer1')).created).toHaveLength(3)
  await h.rt.cases.create(
    'galutu',
    { machine: 'complaint', form: { complainant: '投诉人丁', via: '意见箱', content: '服务站工作人员态度差', receivedOn: '2026-03-02' } },
    { id: 'public' },
  )
  h.clock.set('2026-05-20')
  auditor = await h.as('auditor1', [{ role: 'auditor', scheme: 'galutu' }])
  grid = await h.as('grid1', [{ role: 'grid_worker', scheme: 'galutu', village: '团结社区' }])
})
afterAll(async () => h.close())

describe('case list export (.xlsx)', () => {
  for (const c of table.cases) {
    it(`the export lists the same cases in the same order as the list: ${c.label}`, async () => {
      const list = (await h.http.get(`/api/cases?schemeId=galutu&limit=200${c.query ? '&' + encodeURI(c.query) : ''}`)).body as {
        items: Array<{ number: string; petitionerName: string | null }>
        total: number
      }
      const x = await sheet(h.http, c.query, 'number,petitionerName')
      expect(x.status, JSON.stringify(x.body)).toBe(200)
      expect(x.rows.slice(1).map((r) => r[0])).toEqual(list.items.map((i) => i.number))
      expect(x.rows.slice(1).map((r) => r[1])).toEqual(list.items.map((i) => i.petitionerName ?? ''))
      expect(list.total).toBe(list.items.length)
    })
  }

  it('complaints and petitions are apart, and the petitions are not empty', async () => {
    const p = await sheet(h.http, 'machine=case', 'number')
    const c = await sheet(h.http, 'machine=complaint', 'number')
    expect(p.rows.length - 1).toBe(7)
    expect(c.rows.length - 1).toBe(1)
    expect(c.rows[1]![0]).toMatch(/-CO-/)
    expect(p.rows.some((r) => /-CO-/.test(r[0]!))).toBe(false)
  })

  it('headers are the definitions’ titles, in the order asked; values by name, not id', async () => {
    const x = await sheet(
      h.http,
      'machine=case&channel=hotline12345&sort=number&order=asc',
      'number,village,channel,petitionerName,receivedOn,state,officer,dueDate',
    )
    expect(x.type).toContain('spreadsheetml')
    expect(x.rows[0]).toEqual([
      '案件编号',
      intakeTitle('village'),
      intakeTitle('channel'),
      intakeTitle('petitionerName'),
      intakeTitle('receivedOn'),
      '当前环节',
      intakeTitle('officer'),
      '办结时限',
    ])
    expect(x.rows.slice(1).map((r) => r[2])).toEqual(['12345热线交办', '12345热线交办', '12345热线交办'])
    expect(x.rows[1]![3]).toBe('赵1')
    // the state as the list names it (the workflow's stateInfo), never its id
    for (const r of x.rows.slice(1)) expect(r[5]).not.toMatch(/^[a-z_.]+$/)
    // English headers under accept-language: en, from the roles' English names
    const en = await h.http.get('/api/schemes/galutu/cases/export?columns=number,village').set('accept-language', 'en').buffer(true).parse(binary)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(en.body as Buffer as unknown as ArrayBuffer)
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['Case number', 'Village'])
  })

  it('a user without case.pii gets the names masked; a village user only the village’s cases', async () => {
    const full = await sheet(h.http, 'machine=case&sort=number&order=asc', 'number,petitionerName,village')
    const masked = await sheet(auditor, 'machine=case&sort=number&order=asc', 'number,petitionerName,village')
    expect(masked.rows.map((r) => r[0])).toEqual(full.rows.map((r) => r[0]))
    const names = full.rows.slice(1).map((r) => r[1]!)
    expect(names).toContain('张晓明')
    for (const [i, r] of masked.rows.slice(1).entries()) {
      expect(r[1]).not.toBe(names[i])
      expect(r[1]).toContain('*')
    }
    // the list shows the same masked names
    const list = (await auditor.get('/api/cases?schemeId=galutu&machine=case&sort=number&order=asc&limit=200')).body.items.map(
      (i: { petitionerName: string }) => i.petitionerName,
    )
    expect(masked.rows.slice(1).map((r) => r[1])).toEqual(list)
    const village = await sheet(grid, 'machine=case', 'village')
    expect(village.rows.length).toBeGreaterThan(1)
    expect(new Set(village.rows.slice(1).map((r) => r[0]))).toEqual(new Set(['团结社区']))
  })

  it('an unknown column or filter is refused naming it; no access without case.read in the scheme', async () => {
    const bad = await sheet(h.http, '', 'number,phone')
    expect(bad.status).toBe(422)
    expect(JSON.stringify(bad.body)).toContain('phone')
    expect((bad.body as { fields: Array<{ field: string }> }).fields[0]!.field).toBe('columns')
    const assessor = await h.as('assessor1', [{ role: 'assessor', scheme: 'galutu' }])
    expect((await assessor.get('/api/schemes/galutu/cases/export')).status).toBe(403)
  })

  it('a cell that would be a formula stays text', async () => {
    const r = await h.http.post('/api/cases').send({ form: intake({ petitionerName: '=HYPERLINK("http://x","点我")', village: '文化社区' }) })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const x = await sheet(h.http, `q=${r.body.number}`, 'number,petitionerName')
    expect(x.rows[1]![1]).toBe(`'=HYPERLINK("http://x","点我")`)
  })
})

describe('import: speed and progress keep every outcome', () => {
  const rows = (prefix: string, n: number) => {
    const head = ['工单编号', ...Object.values(hotline.import!.columns)].join(',')
    const lines = [head]
    for (let i = 1; i <= n; i++) {
      const bad = i % 7 === 0 // no name
      const badPhone = i % 11 === 0
      lines.push(
        [
          `${prefix}-${i % 13 === 0 ? i - 1 : i}`,
          bad ? '' : `钱${i}`,
          badPhone ? '123' : `139${String(i).padStart(8, '0')}`,
          i % 2 ? '团结社区' : '文化社区',
          '',
          `第${i}件热线诉求需要处理`,
          '',
          `2026-05-${String(1 + (i % 19)).padStart(2, '0')}`,
        ].join(','),
      )
    }
    return lines.join('\n')
  }

  it('creating rows several at a time gives the outcomes of one at a time, in file order, numbers in row order', async () => {
    const one = await h.rt.channels.imports.run('galutu', 'hotline12345', Buffer.from(rows('S', 60)), 'a.csv', 'officer1', { concurrency: 1 })
    const many = await h.rt.channels.imports.run('galutu', 'hotline12345', Buffer.from(rows('P', 60)), 'a.csv', 'officer1', { concurrency: 16 })
    const strip = (r: typeof one) => ({
      rows: r.rows,
      created: r.created.map((c) => [c.row, c.sourceId.slice(2)]),
      duplicates: r.duplicates.map((c) => [c.row, c.sourceId.slice(2), c.number.startsWith('（') ? c.number : 'case']),
      errors: r.errors,
    })
    expect(strip(many)).toEqual(strip(one))
    expect(one.errors.length).toBeGreaterThan(0)
    expect(one.duplicates.length).toBeGreaterThan(0)
    const nums = many.created.map((c) => c.number)
    expect([...nums].sort()).toEqual(nums)
    // each created case holds its row's data
    const c = (await h.http.get(`/api/cases/${many.created[2]!.number}`)).body
    expect(c.context.facts.petitionerName).toBe(`钱${many.created[2]!.row - 1}`)
    // importing the file again creates nothing
    const again = await h.rt.channels.imports.run('galutu', 'hotline12345', Buffer.from(rows('P', 60)), 'a.csv', 'officer1')
    expect(again.created).toEqual([])
    // every row of the file is now a duplicate of a stored case (a repeated id in the file too)
    expect([...new Set(again.duplicates.map((d) => d.number))].sort()).toEqual(nums)
  })

  it('progress=1 streams rows processed and the counts, then the result', async () => {
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345?filename=p.csv&progress=1').set('content-type', 'text/csv').send(rows('Q', 40))
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toContain('application/x-ndjson')
    const lines = r.text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string
            done?: number
            rows?: number
            created?: number
            rejected?: number
            duplicates?: number
            result?: { created: unknown[]; errors: Array<{ row: number }>; duplicates: unknown[] }
          },
      )
    const progress = lines.filter((l) => l.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    const done = progress.map((p) => p.done!)
    expect([...done].sort((a, b) => a - b)).toEqual(done)
    const lastP = progress.at(-1)!
    expect(lastP).toMatchObject({ done: 40, rows: 40 })
    const last = lines.at(-1)!
    expect(last.type).toBe('result')
    const res = last.result!
    expect(lastP.created).toBe(res.created.length)
    expect(lastP.duplicates).toBe(res.duplicates.length)
    expect(lastP.rejected).toBe(new Set(res.errors.map((e) => e.row)).size)
    expect(lastP.created! + lastP.duplicates! + lastP.rejected!).toBe(40)
  })

  it('a refused file is an ordinary error even with progress=1', async () => {
    const r = await h.http.post('/api/schemes/galutu/import/hotline12345?progress=1').set('content-type', 'text/csv').send('a,b\n1,2')
    expect(r.status).toBe(422)
    expect(r.body.message).toContain(hotline.import!.idColumn)
  })

  it('the error report names each field by its title in the import form', async () => {
    const rep = await h.http
      .post('/api/schemes/galutu/import/hotline12345?filename=a.csv&dryRun=1&report=csv')
      .set('content-type', 'text/csv')
      .send(rows('R', 14))
    const titles = forms.forms.find((f) => f.id === 'publicIntake')!.schema.properties
    expect(rep.text.split('\r\n')[0]).toBe('\ufeff行,列,字段,问题')
    expect(rep.text).toContain(`8,来电人,${titles.petitionerName!.title}`)
    expect(rep.text).toContain(`12,联系电话,${titles.phone!.title}`)
    expect(rep.text).not.toMatch(/,(petitionerName|phone|sourceId),/)
  })
})
