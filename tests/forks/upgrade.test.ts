/**
 * `daiban upgrade`: three-way merge of the upstream's later changes into a fork, by element keys.
 * Clean merges are written (and the base refreshed); conflicts and invalid results write nothing.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadScheme } from '../../engine'
import { hashContent, readSchemeFiles } from '../../runtime/schemes/files'
import { forkScheme, mergeFile, upgradeFork } from '../../runtime/forks'
import { cleanup, cli, copyScheme, edit, GALUTU, readJson, snapshot, STACK, tempDir, writeJson } from './helpers'

afterAll(cleanup)

interface Setup {
  upstream: string
  fork: string
}

/** A fresh upstream (a copy of galutu) and a fork of it, in a temp definitions folder. */
async function setup(): Promise<Setup> {
  const defs = await tempDir()
  const upstream = await copyScheme(GALUTU, path.join(defs, 'galutu'))
  await forkScheme(upstream, 'wulan', { town: '乌兰陶勒盖镇', prefix: 'WLT' })
  return { upstream, fork: path.join(defs, 'wulan') }
}

const clock = (d: { clocks: Array<{ id: string; days: number }> }, id: string) => d.clocks.find((c) => c.id === id)!
const hashOf = async (dir: string) => hashContent((await loadScheme(await readSchemeFiles(dir))).content)

describe('daiban upgrade', () => {
  it('merges non-overlapping changes: upstream changes the town limit, the fork the village limit and adds a village', async () => {
    const { upstream, fork } = await setup()
    // Upstream: town limit 15 → 10, a new version, and a new file with a new form.
    await edit(path.join(upstream, 'deadlines.json'), (d) => {
      clock(d, 'handling_town').days = 10
    })
    await edit(path.join(upstream, 'scheme.json'), (m) => {
      m.version = '1.1.0'
      m.name = '嘎鲁图镇信访代办制（修订）'
    })
    await writeJson(path.join(upstream, 'forms-visit.json'), {
      kind: 'forms',
      forms: [{ id: 'visitNote', name: '走访记录', schema: { type: 'object', properties: { note: { type: 'string', title: '记录' } } } }],
    })
    // Fork: village limit 5 → 3; a new village and its service point; the clocks reordered.
    await edit(path.join(fork, 'deadlines.json'), (d) => {
      clock(d, 'handling_village').days = 3
      d.clocks.reverse()
    })
    await edit(path.join(fork, 'org.json'), (o) => {
      o.villages.push({ id: 'wulan_community', name: '乌兰社区', type: 'community' })
      o.units.push({ id: 'point_wulan', name: '乌兰社区信访代办服务点', type: 'point', village: 'wulan_community' })
    })
    const upstreamHash = await hashOf(upstream)

    // Dry run: the plan, nothing written.
    const before = await snapshot(fork)
    const dry = await cli(['upgrade', fork, '--dry-run'])
    expect(dry.err).toBe('')
    expect(dry.code).toBe(0)
    expect(dry.out).toContain('预演')
    expect(dry.out).toContain('deadlines.json  clocks[handling_town] › days：15 → 10')
    expect(dry.out).toContain('forms-visit.json  （整个文件）：上游新增的文件')
    expect(dry.out).toContain('deadlines.json  clocks[handling_village] › days：5 → 3')
    expect(dry.out).toContain('org.json  villages[wulan_community]：新增')
    expect(dry.out).toContain('未写入任何文件')
    expect(await snapshot(fork)).toEqual(before)

    const r = await cli(['upgrade', fork])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('已升级')

    const d = await readJson<{ clocks: Array<{ id: string; days: number }> }>(path.join(fork, 'deadlines.json'))
    expect(clock(d, 'handling_town').days).toBe(10)
    expect(clock(d, 'handling_village').days).toBe(3)
    expect(d.clocks.map((c) => c.id)[0]).toBe('service_complaint') // the fork's order is kept
    const o = await readJson<{ villages: Array<{ id: string }>; units: Array<{ id: string }> }>(path.join(fork, 'org.json'))
    expect(o.villages.map((v) => v.id)).toContain('wulan_community')
    expect(o.units.map((u) => u.id)).toContain('point_wulan')
    expect(await fs.readFile(path.join(fork, 'forms-visit.json'), 'utf8')).toBe(await fs.readFile(path.join(upstream, 'forms-visit.json'), 'utf8'))
    // Files nobody changed are untouched, byte for byte.
    expect(await fs.readFile(path.join(fork, 'rules.json'), 'utf8')).toBe(before['rules.json'])

    // The fork's identity stays its own; the fork point moves to the upstream's current version.
    const m = await readJson(path.join(fork, 'scheme.json'))
    expect(m).toMatchObject({
      id: 'wulan',
      name: '乌兰陶勒盖镇信访代办制',
      town: '乌兰陶勒盖镇',
      caseNumberPrefix: 'WLT',
      version: '1.0.0',
      forkedFrom: { id: 'galutu', version: '1.1.0', hash: upstreamHash },
    })
    expect(await readJson(path.join(fork, '.daiban/upstream.json'))).toEqual({ id: 'galutu', path: '../galutu', version: '1.1.0', hash: upstreamHash })
    expect(await snapshot(path.join(fork, '.daiban/base'))).toEqual(await snapshot(upstream))
    expect((await cli(['validate', fork])).code).toBe(0)

    // Nothing new upstream now.
    const again = await cli(['upgrade', fork])
    expect(again.code).toBe(0)
    expect(again.out).toContain('没有变化')

    // A later upstream change merges against the refreshed base: the fork's village limit is not a conflict any more.
    await edit(path.join(upstream, 'deadlines.json'), (dd) => {
      clock(dd, 'handling_major').days = 50
    })
    const plan = await upgradeFork(fork)
    expect(plan.conflicts).toEqual([])
    expect(plan.taken.map((t) => t.where)).toEqual(['clocks[handling_major] › days'])
    const d2 = await readJson<{ clocks: Array<{ id: string; days: number }> }>(path.join(fork, 'deadlines.json'))
    expect([clock(d2, 'handling_village').days, clock(d2, 'handling_town').days, clock(d2, 'handling_major').days]).toEqual([3, 10, 50])
  })

  it('lists overlapping changes as conflicts (file, pointer, base/ours/theirs) and writes nothing', async () => {
    const { upstream, fork } = await setup()
    await edit(path.join(upstream, 'deadlines.json'), (d) => {
      clock(d, 'handling_village').days = 4
      clock(d, 'handling_town').days = 10
    })
    await edit(path.join(upstream, 'scoring.json'), (s) => {
      s.scorings[0].grades[0].min = 88
    })
    await edit(path.join(fork, 'deadlines.json'), (d) => {
      clock(d, 'handling_village').days = 3
    })
    await edit(path.join(fork, 'scoring.json'), (s) => {
      s.scorings[0].grades[0].min = 85
    })
    const before = await snapshot(fork)
    for (const argv of [
      ['upgrade', fork, '--dry-run'],
      ['upgrade', fork],
    ]) {
      const r = await cli(argv)
      expect(r.code).toBe(1)
      expect(r.out).toContain('冲突：双方改了同一处且不相同（2）')
      expect(r.out).toContain('deadlines.json /clocks/0/days  clocks[handling_village] › days：基线 5 ／ 本方案 3 ／ 上游 4')
      expect(r.out).toContain('scoring.json /scorings/0/grades/0/min  scorings[village_annual] › grades[优秀] › min：基线 90 ／ 本方案 85 ／ 上游 88')
      expect(r.out).toContain('deadlines.json  clocks[handling_town] › days：15 → 10') // the clean part is still shown
      expect(r.err).toContain('有 2 处冲突，未写入任何文件')
      expect(r.err).not.toMatch(STACK)
      expect(await snapshot(fork)).toEqual(before)
    }
    const plan = await upgradeFork(fork)
    expect(plan.written).toBe(false)
    expect(plan.conflicts.map((c) => ({ file: c.file, pointer: c.pointer, base: c.base, ours: c.ours, theirs: c.theirs }))).toEqual([
      { file: 'deadlines.json', pointer: '/clocks/0/days', base: 5, ours: 3, theirs: 4 },
      { file: 'scoring.json', pointer: '/scorings/0/grades/0/min', base: 90, ours: 85, theirs: 88 },
    ])
  })

  it('refuses a merge that would produce an invalid scheme, listing the problems', async () => {
    const { upstream, fork } = await setup()
    // Each side adds the same new category to a different group: a clean merge, but the category
    // would then belong to two groups.
    await edit(path.join(upstream, 'org.json'), (o) => {
      o.groups.find((g: { id: string }) => g.id === 'natural_resources').categories.push('秸秆焚烧')
    })
    await edit(path.join(fork, 'org.json'), (o) => {
      o.groups.find((g: { id: string }) => g.id === 'law_enforcement').categories.push('秸秆焚烧')
    })
    const before = await snapshot(fork)
    const r = await cli(['upgrade', fork])
    expect(r.code).toBe(1)
    expect(r.err).toContain('合并结果未通过校验')
    expect(r.err).toContain('org.json')
    expect(r.err).toMatch(/CATEGORY_DUPLICATE/)
    expect(r.err).toContain('秸秆焚烧')
    expect(await snapshot(fork)).toEqual(before)
  })

  it('refuses what is not a fork (exit 2) and an upstream of another scheme', async () => {
    const { upstream, fork } = await setup()
    const plain = await copyScheme(GALUTU, path.join(await tempDir(), 'plain'))
    const r = await cli(['upgrade', plain])
    expect(r.code).toBe(2)
    expect(r.err).toContain('.daiban/upstream.json')
    const other = path.join(path.dirname(upstream), 'other')
    await copyScheme(upstream, other)
    await edit(path.join(other, 'scheme.json'), (m) => {
      m.id = 'other'
    })
    const r2 = await cli(['upgrade', fork, '--from', other])
    expect(r2.code).toBe(2)
    expect(r2.err).toContain('本分支的上游是 "galutu"')
    expect((await cli(['upgrade'])).code).toBe(2)
  })
})

describe('mergeFile', () => {
  const base = {
    kind: 'org',
    villages: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    groups: [{ id: 'g', name: 'G', units: ['u1'], categories: ['x', 'y'] }],
  }

  it('takes what only upstream changed, keeps what only the fork changed, merges sets and ignores order', () => {
    const ours = {
      kind: 'org',
      villages: [
        { id: 'b', name: 'B' },
        { id: 'a', name: 'A' },
        { id: 'c', name: 'C' },
      ],
      groups: [{ id: 'g', name: 'G', units: ['u1'], categories: ['y', 'x', 'z'] }],
    }
    const theirs = {
      kind: 'org',
      villages: [
        { id: 'a', name: 'A2' },
        { id: 'b', name: 'B' },
      ],
      groups: [{ id: 'g', name: 'G', units: ['u1', 'u2'], categories: ['x'] }],
    }
    const r = mergeFile('org.json', { base, ours, theirs })
    expect(r.records.filter((x) => x.action === 'conflict')).toEqual([])
    expect(r.value).toEqual({
      kind: 'org',
      villages: [
        { id: 'b', name: 'B' },
        { id: 'a', name: 'A2' },
        { id: 'c', name: 'C' },
      ],
      groups: [{ id: 'g', name: 'G', units: ['u1', 'u2'], categories: ['x', 'z'] }],
    })
  })

  it('reports both-changed values, and a removed element the other side edited, as conflicts', () => {
    const ours = { ...base, villages: [{ id: 'a', name: 'A1' }] }
    const theirs = {
      ...base,
      villages: [
        { id: 'a', name: 'A2' },
        { id: 'b', name: 'B2' },
      ],
    }
    const r = mergeFile('org.json', { base, ours, theirs })
    expect(r.records.filter((x) => x.action === 'conflict').map((x) => [x.where, x.pointer])).toEqual([
      ['villages[a] › name', '/villages/0/name'],
      ['villages[b]', '/villages/1'],
    ])
  })

  it('takes files added upstream; a file the fork deleted stays deleted unless upstream changed it', () => {
    expect(mergeFile('new.json', { theirs: base }).value).toEqual(base)
    expect(mergeFile('gone.json', { base, theirs: base }).value).toBeUndefined()
    const changed = mergeFile('gone.json', { base, theirs: { ...base, villages: [] } })
    expect(changed.value).toBeUndefined()
    expect(changed.records[0]).toMatchObject({ action: 'conflict', file: 'gone.json', pointer: '' })
    expect(mergeFile('up-gone.json', { base, ours: base }).value).toBeUndefined()
    expect(mergeFile('up-gone.json', { base, ours: { ...base, villages: [] } }).records[0]?.action).toBe('conflict')
  })

  it('merges identical additions on both sides without conflict; formulas are compared whole', () => {
    const b = { kind: 'scoring', scorings: [{ id: 's', items: [{ id: 'i', formula: { '+': [1, 2] } }] }] }
    const o = {
      kind: 'scoring',
      scorings: [
        {
          id: 's',
          items: [
            { id: 'i', formula: { '+': [1, 3] } },
            { id: 'j', formula: 1 },
          ],
        },
      ],
    }
    const t = {
      kind: 'scoring',
      scorings: [
        {
          id: 's',
          items: [
            { id: 'i', formula: { '+': [4, 2] } },
            { id: 'j', formula: 1 },
          ],
        },
      ],
    }
    const r = mergeFile('scoring.json', { base: b, ours: o, theirs: t })
    expect(r.records.filter((x) => x.action === 'conflict').map((x) => x.where)).toEqual(['scorings[s] › items[i] › formula'])
  })
})
