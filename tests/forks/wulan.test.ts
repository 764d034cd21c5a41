/**
 * The second scheme, definitions/wulan (乌兰陶勒盖镇): it validates, differs from galutu in
 * structure (groups, levels, follow-up, intake form, a fifth rate, grade bands), and its
 * workflow paths in tests/cases/wulan run end to end over HTTP with the hand-computed due dates.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decide, score, type CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { cleanup, cli, readJson, ROOT, tempDir, WULAN } from './helpers'
import { userClient, type Client } from '../runtime/harness'

const CASES = path.join(ROOT, 'tests/cases/wulan')

let scheme: CompiledScheme
beforeAll(async () => {
  const r = await loadSchemeDir(WULAN)
  expect(r.problems).toEqual([])
  scheme = r.scheme!
})
afterAll(cleanup)

const fullInput = (counts: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  organization: { stableTeam: true, headResponsible: true, leaderAssigned: true, staffAssigned: true, venueEquipped: true },
  systems: { annualMeeting: true, training: true, publicity: true, funding: true, ledger: true },
  counts: { petitions: 10, proxied: 10, online: 7, concluded: 10, resolved: 10, feedback: 10, satisfied: 10, ...counts },
  ...extra,
})

describe('definitions/wulan', () => {
  it('passes npx daiban validate', async () => {
    const r = await cli(['validate', 'definitions/wulan'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('通过：wulan 1.0.0（乌兰陶勒盖镇信访代办制）')
    expect(scheme.manifest).toMatchObject({ id: 'wulan', town: '乌兰陶勒盖镇', caseNumberPrefix: 'WLT' })
  })

  it('has four task groups, every category in exactly one', () => {
    const groups = scheme.defs.org.groups
    expect(groups.map((g) => g.name)).toEqual(['平安法治组', '农牧生态组', '民生保障组', '城建涉企组'])
    const all = groups.flatMap((g) => g.categories)
    expect(new Set(all).size).toBe(all.length)
    expect(scheme.groupName(scheme.categoryGroup.get('禁牧'))).toBe('农牧生态组')
    expect(scheme.groupName(scheme.categoryGroup.get('违建'))).toBe('城建涉企组')
  })

  it('has three levels with their own clocks (3, 10, 20 working days) and a 10-calendar-day follow-up', async () => {
    expect(scheme.defs.org.levels.map((l) => l.id)).toEqual(['local', 'township', 'complex'])
    const picked: Record<string, [number, string, string | undefined]> = {}
    for (const lv of scheme.defs.org.levels) {
      const r = await scheme.ruleSetFor('clock')!.run({ level: lv.id })
      const c = scheme.clocks.get(String(r.winner!.event.params.clock))!
      picked[lv.id] = [c.days, c.unit, c.start.dateField]
    }
    expect(picked).toEqual({ local: [3, 'workday', 'receivedOn'], township: [10, 'workday', 'receivedOn'], complex: [20, 'workday', 'solutionSettledOn'] })
    expect(scheme.clocks.get('follow_up')).toMatchObject({ days: 10, unit: 'calendar' })
  })

  it('requires household (户籍类型) on the intake form', async () => {
    const base = await readJson<Record<string, unknown>>(path.join(CASES, 'intake.json'))
    expect(scheme.validateForm('intake', base)).toEqual([])
    const { household, ...without } = base
    expect(household).toBe('本镇农牧业户籍')
    expect(scheme.validateForm('intake', without).map((e) => e.field)).toContain('/household')
    expect(scheme.validateForm('intake', { ...base, household: '别的' }).map((e) => e.field)).toContain('/household')
    const d = await decide(scheme, { ...base, receivedOn: '2026-09-29', category: '禁牧' })
    expect(d.ok && d.decision).toMatchObject({ outcome: 'proxy', group: '农牧生态组', dueDate: '2026-10-09' })
  })

  it('scores five rates (satisfaction from counts.feedback / counts.satisfied) with its own grade bands', () => {
    const def = scheme.scoring()!
    expect(def.sections.find((s) => s.id === 'performance')!.items.map((i) => i.id)).toEqual([
      'proxyRateScore',
      'onlineRateScore',
      'concludeRateScore',
      'resolveRateScore',
      'satisfactionRateScore',
    ])
    expect(def.sections.reduce((a, s) => a + s.max, 0)).toBe(def.max)
    expect(def.grades.map((g) => [g.name, g.min])).toEqual([
      ['优秀', 85],
      ['良好', 75],
      ['合格', 60],
      ['不合格', null],
    ])

    const full = score(scheme, fullInput({}))
    expect(full.ok && full.result.total).toBe(90) // 10 + 10 + 50 + 0 bonus + 20
    expect(full.ok && full.result.grade).toBe('优秀')
    // 4 of 10 satisfied: satisfaction 40% → 4 points, −1 (under 50%), a reminder letter: 85 → 优秀 exactly at the band.
    const low = score(scheme, fullInput({ satisfied: 4 }, { bonus: { reportsAdopted: 0 } }))
    expect(low.ok && [low.result.total, low.result.grade, low.result.letters.map((l) => l.id)]).toEqual([83, '良好', ['reminder']])
    const edge = score(scheme, fullInput({ satisfied: 4 }, { bonus: { reportsAdopted: 2 } }))
    expect(edge.ok && [edge.result.total, edge.result.grade]).toEqual([85, '优秀'])
    // No feedback yet: the rate counts as 100% (said in the definition).
    const none = score(scheme, fullInput({ feedback: 0, satisfied: 0 }))
    expect(none.ok && none.result.variables.find((v) => v.id === 'satisfactionRate')!.value).toBe(1)
    // The counts the runtime must supply.
    const missing = score(scheme, { ...fullInput({}), counts: { petitions: 1, proxied: 1, online: 1, concluded: 1, resolved: 1 } })
    expect(missing.ok).toBe(false)
    const inconsistent = score(scheme, fullInput({ satisfied: 11 }))
    expect(inconsistent.ok).toBe(false)
  })
})

describe('wulan over HTTP (its workflow paths run in tests/runtime/workflow.test.ts)', async () => {
  const base = JSON.parse(await fs.readFile(path.join(CASES, 'intake.json'), 'utf8')) as Record<string, unknown>
  let rt: Runtime
  let http: Client
  const clock = new ManualClock('2026-03-02')

  beforeAll(async () => {
    rt = await createRuntime({ dataDir: await tempDir('daiban-wulan-'), schemeDirs: [WULAN], clock, log: () => {} })
    http = await userClient(rt, createApp({ ...rt, log: () => {}, signInLimit: 10_000 }), 'officer1')
  })
  afterAll(async () => rt?.close())

  it('refuses an intake without household (422, the field named)', async () => {
    const { household, ...without } = base
    void household
    const res = await http.post('/api/cases').send({ schemeId: 'wulan', form: without })
    expect(res.status).toBe(422)
    expect(JSON.stringify(res.body.fields)).toContain('household')
  })
})
