/**
 * Issue 16 §2, declared field roles: a fork of the real Galutu definitions that renames every
 * field playing a role (village → gacha, receivedOn → acceptedOn, units → departments, … in the
 * forms, rules, workflow, deadlines and import mappings alike) runs the whole workflow suite
 * (tests/cases/workflow-paths.json) over HTTP beside Galutu itself, and gets the same states,
 * routing, due dates, officers and units, the same case summaries, the same jurisdiction and the
 * same report counts. Before roles, the renamed village passed `validate` and then left every
 * case without a village: no village officer saw it and no report counted it.
 */
import fs from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldRoles } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { GALUTU_DIR, describeProblems, loadGalutu } from '../helpers/scheme'
import { formFieldNames, renameData, renamedFork } from '../helpers/rename-fields'
import { harness, intake, runPath, type Harness, type PathStep } from './harness'

/** Every field of Galutu that plays a role, renamed. */
const RENAMES: Record<string, string> = {
  village: 'gacha',
  receivedOn: 'acceptedOn',
  petitionerName: 'fullName',
  idNumber: 'idCard',
  phone: 'mobile',
  address: 'residence',
  channel: 'route',
  category: 'matterType',
  level: 'tier',
  summary: 'gist',
  requests: 'asks',
  acceptsProxy: 'consents',
  sourceId: 'externalRef',
  officer: 'agent',
  officerChosenByPetitioner: 'agentChosen',
  units: 'departments',
  sentOn: 'issuedOn',
  matter: 'task',
  requirement: 'demand',
  leaderInstruction: 'leaderNote',
  unit: 'department',
  repliedOn: 'answeredOn',
  result: 'outcomeText',
  content: 'urgeText',
  leader: 'instructedBy',
  concludedOn: 'closedOn',
  satisfied: 'pleased',
  archivedOn: 'filedOn',
  visitedOn: 'revisitedOn',
  complainant: 'complainer',
}
const FORK = 'galutu-renamed'

type Table = { paths: Array<{ name: string; steps: PathStep[] }> }
const table = JSON.parse(readFileSync('tests/cases/workflow-paths.json', 'utf8')) as Table

let h: Harness
let forkDir: string
/** Path name → the case it made in each scheme. */
const made = new Map<string, { galutu: string; fork: string }>()

beforeAll(async () => {
  forkDir = await renamedFork(GALUTU_DIR, RENAMES, { id: FORK, caseNumberPrefix: 'GLR' })
  h = await harness({ schemeDirs: ['definitions/galutu', forkDir], officers: ['李四', '赵六'] })
})
afterAll(async () => {
  await h?.close()
  if (forkDir) await fs.rm(forkDir, { recursive: true, force: true })
})

describe('issue 16 §2: a fork that renames every role-playing field', () => {
  it('renames every field that plays a role in Galutu, to names Galutu does not use, and validates', async () => {
    const galutu = await loadGalutu()
    const playing = new Set(galutu.defs.forms.forms.flatMap((f) => Object.values(fieldRoles(galutu).form(f.id))))
    expect([...playing].filter((f) => !RENAMES[f])).toEqual([])
    const names = await formFieldNames(GALUTU_DIR)
    expect(Object.values(RENAMES).filter((n) => names.has(n))).toEqual([])
    const r = await loadSchemeDir(forkDir)
    expect(r.problems, describeProblems(r.problems)).toEqual([])
    const roles = fieldRoles(r.scheme!)
    expect(roles.facts('case')).toMatchObject({ village: 'gacha', receivedOn: 'acceptedOn', category: 'matterType', level: 'tier', channel: 'route' })
    expect(roles.form('disposal')).toMatchObject({ units: 'departments', sentOn: 'issuedOn' })
  })

  for (const path of table.paths) {
    it(`runs "${path.name}" with the same states, routing and due dates`, async () => {
      const a = await runPath(h, path.steps, (form) => ({ schemeId: 'galutu', form: { ...intake(), ...form } }))
      const renamedSteps = path.steps.map((s) => ({ ...s, form: renameData(s.form, RENAMES) }))
      const b = await runPath(h, renamedSteps, (form) => ({ schemeId: FORK, form: { ...renameData(intake(), RENAMES), ...form } }))
      made.set(path.name, { galutu: a.id, fork: b.id })
      const [ca, cb] = [(await h.http.get(`/api/cases/${a.id}`)).body, (await h.http.get(`/api/cases/${b.id}`)).body]
      const same = (c: { state: string; summary: Record<string, unknown>; context: { dispatches: unknown[]; outcome: unknown; clocks: unknown } }) => {
        const { id: _i, number: _n, schemeId: _s, schemeHash: _h, schemeVersion: _v, createdAt: _c, updatedAt: _u, ...summary } = c.summary
        return { state: c.state, summary, dispatches: c.context.dispatches, outcome: c.context.outcome, clocks: c.context.clocks }
      }
      expect(same(cb)).toEqual(same(ca))
      expect(cb.summary.village).toBe('团结社区')
      expect(cb.summary.receivedOn).toBe(ca.summary.receivedOn)
    })
  }

  it('gives the same jurisdiction: a village officer sees the fork’s cases of their village and no other', async () => {
    const count = async (scheme: string, village: string) => {
      const u = await h.as(`vo-${scheme}-${village === '团结社区' ? 'tuanjie' : 'wenhua'}`, [{ role: 'village_officer', scheme, village }])
      const r = await u.get(`/api/cases?schemeId=${scheme}&limit=200`)
      expect(r.status).toBe(200)
      return r.body.total as number
    }
    const here = await count(FORK, '团结社区')
    expect(here).toBe(table.paths.length)
    expect(here).toBe(await count('galutu', '团结社区'))
    expect(await count(FORK, '文化社区')).toBe(0)
    const officer = await h.as(`vo-${FORK}-tuanjie`)
    const one = made.values().next().value!
    expect((await officer.get(`/api/cases/${one.fork}`)).status).toBe(200)
  })

  it('gives the same report counts: the dashboard for the year and the bulletin of each month', async () => {
    const norm = (body: unknown) => JSON.parse(JSON.stringify(body).split(FORK).join('galutu'))
    const get = async (url: string) => {
      const r = await h.http.get(url)
      expect(r.status, url).toBe(200)
      return r.body
    }
    const dashboard = await get(`/api/reports/${FORK}/dashboard?year=2026`)
    expect(norm(dashboard)).toEqual(norm(await get('/api/reports/galutu/dashboard?year=2026')))
    // and they count the cases, in their village: a fork without its village would count them under none
    const village = (dashboard.villages as Array<{ village: string; petitions: number }>).find((v) => v.village === '团结社区')
    expect(village?.petitions).toBe(table.paths.length)
    expect(dashboard.total.petitions).toBe(table.paths.length)
    for (const month of ['2026-03', '2026-04']) {
      const b = await get(`/api/reports/${FORK}/bulletin?period=${month}`)
      expect(norm(b)).toEqual(norm(await get(`/api/reports/galutu/bulletin?period=${month}`)))
    }
  })
})
