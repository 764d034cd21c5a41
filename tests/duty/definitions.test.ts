/**
 * The duty kind: its JSON Schema (bilingual descriptions), the Galutu definition as the seed states
 * it, the optional kind (wulan has none and still validates), and broken variants reported with
 * file and JSON pointer (tests/cases/duty/broken-duty.json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KIND_SCHEMAS, OPTIONAL_KINDS, formatProblem, type CompiledScheme } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { main } from '../../runtime/cli/main'
import { describeProblems, makeScheme, matches, readCases, removeTempSchemes, type BrokenCase } from '../helpers/scheme'

const cases = await readCases<BrokenCase[]>('duty/broken-duty.json')
let galutu: CompiledScheme
beforeAll(async () => {
  const r = await loadSchemeDir('definitions/galutu')
  expect(describeProblems(r.problems)).toBe(describeProblems([]))
  galutu = r.scheme!
})
afterAll(removeTempSchemes)

describe('the duty kind', () => {
  it('is registered, optional, and every description is bilingual (Chinese, then English)', () => {
    expect(Object.keys(KIND_SCHEMAS)).toContain('duty')
    expect(OPTIONAL_KINDS).toEqual(['duty'])
    const missing: string[] = []
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return
      if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}/${i}`))
      const o = node as Record<string, unknown>
      if (typeof o.description === 'string' && !/[\u4e00-\u9fa5].*\n.*[A-Za-z]/s.test(o.description)) missing.push(path)
      for (const [k, v] of Object.entries(o)) if (k !== 'description') walk(v, `${path}/${k}`)
    }
    walk(KIND_SCHEMAS.duty, '')
    expect(missing).toEqual([])
    expect(KIND_SCHEMAS.duty.description).toMatch(/^值班、培训与监督/)
  })

  it('Galutu states the seed: 带班 and 值班 each workday, grid workers 2 days a week, training every two months with a roll call…', () => {
    const d = galutu.defs.duty!
    // the station's 带班 and 值班, and (issue 16) one leadership member per department (实施方案 四（一）)
    expect(d.roster!.shifts.map((s) => [s.name, s.role, s.count, s.perUnit ?? null])).toEqual([
      ['带班', 'shift_leader', 1, null],
      ['值班', 'duty_cadre', 1, null],
      ['二级部门带班', 'department_leader', 1, 'department'],
    ])
    expect(d.roster!.unit).toBe('town_station')
    expect(d.gridAttendance).toMatchObject({ role: 'grid_worker', minDaysPerWeek: 2 })
    const ob = Object.fromEntries(d.obligations.map((o) => [o.id, [o.every, o.scope, o.form]]))
    expect(ob).toEqual({
      training: [2, 'town', 'trainingRecord'],
      joint_meeting: [3, 'town', 'meetingRecord'],
      village_meeting: [12, 'village', 'meetingRecord'],
      self_evaluation: [3, 'town', 'selfEvaluation'],
      satisfaction_survey: [12, 'town', 'satisfactionSurvey'],
      officer_assessment: [6, 'town', 'officerAssessmentRecord'],
      // issue 16: “视存在问题情况，适时召开调度会议” (附件7 五), decided after each monthly bulletin
      dispatch_meeting: [1, 'town', 'dispatchMeetingReview'],
    })
    expect(d.obligations.find((o) => o.id === 'dispatch_meeting')!.description).toMatch(/适时/)
    expect(d.obligations.find((o) => o.id === 'training')!.attendance!.field).toBe('attendance')
    expect(d.obligations.flatMap((o) => (o.binds ?? []).map((b) => [o.id, b.input]))).toEqual([
      ['training', 'systems.training'],
      ['village_meeting', 'systems.annualMeeting'],
    ])
    expect(d.officerAssessment).toMatchObject({ scoring: 'officer_halfyear', every: 6 })
    expect(galutu.scoring('officer_halfyear')!.subject).toBe('officer')
    // The village assessment stays the scheme's first scoring definition.
    expect(galutu.scoring()!.id).toBe('village_annual')
    expect(galutu.clocks.get(d.supervision!.clock!)).toMatchObject({ machine: 'complaint', days: 15, unit: 'workday' })
    expect(galutu.machineDefs.get('complaint')!.events.ASSIGN_COMPLAINT).toMatchObject({ form: 'complaintAssign' })
    // The org staffing minimums the check uses.
    // issue 16: the station's part-time officers and mediation team (附件2 三（二）1（1）), each department's leadership member
    expect(galutu.defs.org.staffing).toEqual([
      expect.objectContaining({ unitType: 'station', role: 'town_officer', min: 3 }),
      expect.objectContaining({ unitType: 'station', role: 'part_time_officer', min: 1 }),
      expect.objectContaining({ unitType: 'station', role: 'mediator', min: 2 }),
      expect.objectContaining({ unitType: 'point', role: 'village_officer', min: 3 }),
      expect.objectContaining({ unitType: 'department', role: 'department_leader', min: 1 }),
    ])
    // where the notice sets no number, the definition says what it takes
    for (const st of galutu.defs.org.staffing!.filter((x) => x.role === 'part_time_officer' || x.role === 'mediator')) expect(st.source).toMatch(/原文未定人数/)
    // part-time officers handle cases as the full-time ones do
    const events = galutu.machineDefs.get('case')!.events
    for (const [name, e] of Object.entries(events)) if (e.roles?.includes('town_officer')) expect(e.roles, name).toContain('part_time_officer')
  })

  it('the evidence forms validate a good record and refuse a bad one', () => {
    expect(
      galutu.validateForm('trainingRecord', { heldOn: '2026-02-26', topic: '培训', method: '知识讲座', attendance: [{ name: '甲', present: true }] }),
    ).toEqual([])
    expect(
      galutu
        .validateForm('trainingRecord', { heldOn: '2026-02-30', topic: '培训', method: '知识讲座', attendance: [] })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['/attendance', '/heldOn'])
    expect(galutu.validateForm('satisfactionSurvey', { conductedOn: '2026-12-01', organizer: '委托第三方评价机构', sampleSize: 200, satisfied: 180 })).toEqual(
      [],
    )
  })

  it('wulan has no duty definition and still validates', async () => {
    const r = await loadSchemeDir('definitions/wulan')
    expect(r.problems).toEqual([])
    expect(r.scheme!.defs.duty).toBeUndefined()
  })

  it('npx daiban validate passes for both schemes', async () => {
    for (const dir of ['definitions/galutu', 'definitions/wulan']) {
      const out: string[] = []
      const err: string[] = []
      const code = await main(['validate', dir], { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => '' })
      expect(err.join('\n'), dir).toBe('')
      expect(code, dir).toBe(0)
    }
  })
})

describe('broken duty definitions are reported with file and pointer', () => {
  for (const c of cases) it(c.name, () => check(c))
})

async function check(c: BrokenCase): Promise<void> {
  const dir = await makeScheme(c.patch)
  const r = await loadSchemeDir(dir)
  const listing = describeProblems(r.problems)
  if (c.expect.length === 0) {
    expect(r.problems, listing).toEqual([])
    expect(r.scheme).not.toBeNull()
    return
  }
  expect(r.scheme, 'a broken scheme must not compile').toBeNull()
  for (const e of c.expect)
    expect(
      r.problems.some((p) => matches(p, e)),
      `expected ${e.code} at ${e.file} ${e.pointer}; got:\n${listing}`,
    ).toBe(true)
  if (c.exact) expect(r.problems.length, `exactly the expected problems; got:\n${listing}`).toBe(c.expect.length)
  for (const p of r.problems) expect(formatProblem(p, 'en'), p.code).not.toMatch(/\{\w+\}/)
}
