/** The designer's engine host (what runs in its Web Worker): live loads, staleness, previews on the draft. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { EngineHost } from '../../designer/src/engine/host'
import { sampleFacts } from '../../designer/src/panels/RuleTester'
import { sampleInputs } from '../../designer/src/panels/ScoringSim'

const files = () =>
  readdirSync('definitions/galutu')
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))
const edit = (file: string, fn: (t: string) => string) => files().map((f) => (f.file === file ? { ...f, text: fn(f.text) } : f))
const facts = { receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' }

describe('EngineHost', () => {
  it('loads the draft and decides, scores and counts working days with it', async () => {
    const h = new EngineHost()
    const r = await h.load(files())
    expect(r.ok).toBe(true)
    expect(r.problems).toEqual([])
    expect(r.info!.factsForm).toBe('intake')
    expect(r.info!.forms.find((f) => f.id === 'intake')!.file).toBe('forms-intake.json')
    expect(r.info!.machines.map((m) => m.id)).toEqual(['case', 'complaint'])
    expect(r.info!.machines[0]!.pointer).toBe('/machines/0')
    const d = await h.decide(facts)
    expect(d.ok && d.decision.dueDate).toBe('2026-10-12')
    expect(d.ok && d.decision.group).toBe('劳动社会保障组')
    const a = h.addDays('2026-09-29', 5, 'workday')
    expect(a.due).toBe('2026-10-12')
    expect(a.days.find((x) => x.date === '2026-10-01')).toMatchObject({ workday: false, kind: 'holiday' })
    expect(a.days.find((x) => x.date === '2026-10-10')).toMatchObject({ workday: true, kind: 'makeup' })
    expect(a.days.at(-1)!.date).toBe('2026-10-12')
    const beyond = h.addDays('2027-12-30', 30, 'workday')
    expect(beyond.due).toBeNull()
    expect(beyond.problems[0]!.code).toBe('CALENDAR_NOT_COVERED')
    expect(beyond.problems[0]!.messageEn).toBeTruthy()
  })

  it('follows the edited text: 3 working days for village matters', async () => {
    const h = new EngineHost()
    await h.load(edit('deadlines.json', (t) => t.replace('"days": 5,', '"days": 3,')))
    const d = await h.decide(facts)
    // 09-30, then the National Day holiday (10-01…07), then 10-08 and 10-09.
    expect(d.ok && d.decision.dueDate).toBe('2026-10-09')
  })

  it('keeps the last compiling draft for previews while the text has errors, and says so', async () => {
    const h = new EngineHost()
    await h.load(files())
    const bad = await h.load(edit('rules.json', (t) => t.replace('"group": "labour_social"', '"group": "no_such_group"')))
    expect(bad.ok).toBe(false)
    expect(bad.problems[0]).toMatchObject({ code: 'UNKNOWN_GROUP', file: 'rules.json' })
    expect(bad.problems[0]!.messageEn).toContain('no_such_group')
    expect(bad.compiledStale).toBe(true)
    // The definitions still validate: preview info is from this very text.
    expect(bad.infoStale).toBe(false)
    expect((await h.decide(facts)).ok).toBe(true)
    const broken = await h.load(edit('workflow.json', (t) => t.slice(0, 100)))
    expect(broken.infoStale).toBe(true)
    expect(broken.info).not.toBeNull()
  })

  it('refuses previews before anything compiled', async () => {
    const h = new EngineHost()
    const r = await h.load(edit('rules.json', () => '{'))
    expect(r.hasCompiled).toBe(false)
    await expect(h.decide(facts)).rejects.toThrow('NO_SCHEME')
  })

  it('sample facts and scoring inputs are accepted by the engine as they are', async () => {
    const h = new EngineHost()
    const r = await h.load(files())
    const form = r.info!.forms.find((f) => f.id === r.info!.factsForm)!
    const s = sampleFacts(form.schema, '2026-11-02')
    expect(s).toMatchObject({
      receivedOn: '2026-11-02',
      channel: expect.any(String),
      category: expect.any(String),
      level: expect.any(String),
      village: expect.any(String),
    })
    const d = await h.decide(s)
    expect(d.ok, JSON.stringify(d)).toBe(true)
    const sc = r.info!.scorings[0]!
    const out = h.score(sampleInputs(sc.inputs), sc.id)
    expect(out.ok, JSON.stringify(out)).toBe(true)
    if (out.ok) expect(out.result.items.length).toBeGreaterThan(5)
  })
})
