/** `daiban diff`: differences told in the scheme's own terms, elements matched by id, not position. */
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { diffSchemes, type DiffEntry } from '../../runtime/forks'
import { cleanup, cli, copyScheme, edit, GALUTU, readJson, STACK, tempDir, WULAN, writeJson } from './helpers'

let a: string
let root: string

beforeAll(async () => {
  root = await tempDir()
  a = await copyScheme(GALUTU, path.join(root, 'a'))
})
afterAll(cleanup)

async function variant(name: string, change: (dir: string) => Promise<void>): Promise<string> {
  const dir = await copyScheme(a, path.join(root, name))
  await change(dir)
  return dir
}

async function diff(x: string, y: string): Promise<DiffEntry[]> {
  const [lx, ly] = [await loadSchemeDir(x), await loadSchemeDir(y)]
  expect(lx.problems, 'a loads').toEqual([])
  expect(ly.problems, 'b loads').toEqual([])
  return diffSchemes(lx.definitions!, ly.definitions!)
}

/** The four realistic edits of the issue. */
async function realisticEdits(dir: string) {
  await edit(path.join(dir, 'deadlines.json'), (d) => {
    d.clocks.find((c: { id: string }) => c.id === 'handling_village').days = 3
  })
  await edit(path.join(dir, 'org.json'), (o) => {
    const le = o.groups.find((g: { id: string }) => g.id === 'law_enforcement')
    le.categories = le.categories.filter((c: string) => c !== '禁牧')
    o.groups.find((g: { id: string }) => g.id === 'natural_resources').categories.push('禁牧')
  })
  await edit(path.join(dir, 'forms-intake.json'), (f) => {
    const intake = f.forms.find((x: { id: string }) => x.id === 'intake')
    intake.schema.properties.household = { type: 'string', title: '户籍类型', enum: ['农牧业户籍', '非农牧业户籍'] }
    intake.schema.required.push('household')
    intake.uiSchema['ui:order'].push('household')
  })
  await edit(path.join(dir, 'scoring.json'), (s) => {
    s.scorings[0].grades[0].min = 85
  })
}

describe('daiban diff', () => {
  it('tells the realistic edits in sentences, and nothing else', async () => {
    const b = await variant('b', realisticEdits)
    const entries = await diff(a, b)
    // In the order of the kinds: forms, deadlines, scoring, then the category moves of org.
    expect(entries.map((e) => e.text)).toEqual(
      [
        '表单「信访事项代办单」新增字段 household（户籍类型），必填',
        '「嘎查村（社区）事项办理时限」5 → 3 个工作日',
        '等次「优秀」下限 90 → 85',
        '类别「禁牧」从 综合执法组 移到 自然资源组',
      ].sort((x, y) => kindRank(x) - kindRank(y)),
    )
    expect(entries.map((e) => e.kind).sort()).toEqual(['deadlines', 'forms', 'org', 'scoring'])
    const clock = entries.find((e) => e.kind === 'deadlines')!
    expect(clock).toMatchObject({ op: 'changed', path: 'clocks[handling_village] › days', old: 5, new: 3 })

    const r = await cli(['diff', a, b])
    expect(r.code).toBe(0)
    expect(r.out).toContain('4 处差异')
    for (const s of [
      '「嘎查村（社区）事项办理时限」5 → 3 个工作日',
      '类别「禁牧」从 综合执法组 移到 自然资源组',
      '表单「信访事项代办单」新增字段 household（户籍类型）',
      '等次「优秀」下限 90 → 85',
    ])
      expect(r.out).toContain(s)
    const j = await cli(['diff', a, b, '--json'])
    const parsed = JSON.parse(j.out)
    expect(parsed.count).toBe(4)
    expect(parsed.a.id).toBe('galutu')
    expect(parsed.changes.map((c: DiffEntry) => c.text)).toEqual(entries.map((e) => e.text))
  })

  it('matches elements by id, never by position, and works on the merged definitions', async () => {
    const b = await variant('shuffled', async (dir) => {
      await edit(path.join(dir, 'deadlines.json'), (d) => d.clocks.reverse())
      await edit(path.join(dir, 'org.json'), (o) => {
        o.groups.reverse()
        for (const g of o.groups) g.categories.reverse()
        o.villages.reverse()
      })
      await edit(path.join(dir, 'scoring.json'), (s) => s.scorings[0].sections.reverse())
      // A kind split over two files: the clocks moved into a file of their own.
      const d = await readJson<{ kind: string; clocks: Array<{ id: string }> }>(path.join(dir, 'deadlines.json'))
      const follow = d.clocks.filter((c) => c.id === 'follow_up')
      await writeJson(path.join(dir, 'deadlines.json'), { ...d, clocks: d.clocks.filter((c) => c.id !== 'follow_up') })
      await writeJson(path.join(dir, 'deadlines-follow-up.json'), { kind: 'deadlines', clocks: follow })
    })
    expect(await diff(a, b)).toEqual([])
    const r = await cli(['diff', a, b])
    expect(r.code).toBe(0)
    expect(r.out).toContain('没有差异')
  })

  it('has sentences for new and removed groups, clocks, rules, forms, fields, states, events and calendar days', async () => {
    const b = await variant('more', async (dir) => {
      await edit(path.join(dir, 'org.json'), (o) => {
        const le = o.groups.find((g: { id: string }) => g.id === 'law_enforcement')
        o.groups = o.groups.filter((g: { id: string }) => g.id !== 'law_enforcement')
        o.groups.push({ id: 'ecology', name: '生态执法组', leader: { title: '副镇长' }, units: le.units, categories: le.categories })
        o.channels.find((c: { id: string }) => c.id === 'phone').online = false
        o.villages.push({ id: 'xinmin', name: '新民嘎查', type: 'gacha' })
        o.roles.find((r: { id: string }) => r.id === 'admin').nameEn = 'Admin'
      })
      await edit(path.join(dir, 'rules.json'), (r) => {
        const routing = r.ruleSets.find((x: { id: string }) => x.id === 'routing')
        routing.rules = routing.rules.filter((x: { id: string }) => x.id !== 'to_law_enforcement')
        routing.rules.push({
          id: 'to_ecology',
          name: '生态执法组代办范围',
          conditions: { all: [{ fact: 'category', operator: 'inCategoriesOf', value: 'ecology' }] },
          event: { type: 'group', params: { group: 'ecology' } },
          reason: '“{category}”属生态执法组代办范围',
        })
      })
      await edit(path.join(dir, 'deadlines.json'), (d) => {
        d.clocks.push({
          id: 'reply_petitioner',
          name: '答复信访人时限',
          machine: 'case',
          days: 2,
          unit: 'workday',
          start: { events: ['REGISTER'], dateField: 'receivedOn' },
          stop: { events: ['CONCLUDE'] },
          warnBefore: 1,
          urge: { after: 0, every: 1 },
        })
        d.clocks.find((c: { id: string }) => c.id === 'handling_town').unit = 'calendar'
        d.clocks.find((c: { id: string }) => c.id === 'handling_town').days = 20
        d.clocks.find((c: { id: string }) => c.id === 'handling_major').warnBefore = 5
      })
      await edit(path.join(dir, 'forms-handling.json'), (f) => {
        f.forms.push({ id: 'visitNote', name: '走访记录', schema: { type: 'object', properties: { note: { type: 'string', title: '记录' } } } })
        const fb = f.forms.find((x: { id: string }) => x.id === 'feedback')
        delete fb.schema.properties.opinion
        fb.schema.properties.method.enum.push('微信')
      })
      await edit(path.join(dir, 'calendar.json'), (c) => {
        c.years['2026'].holidays.push({ date: '2026-12-31', name: '测试假日' })
        c.years['2026'].workdays = c.years['2026'].workdays.filter((w: { date: string }) => w.date !== '2026-10-10')
      })
      await edit(path.join(dir, 'workflow.json'), (w) => {
        const m = w.machines.find((x: { id: string }) => x.id === 'case')
        m.events.VISIT = { name: '走访', form: 'visitNote' }
        m.config.states.handling.on.VISIT = {}
        m.config.states.suspended = { on: { RESUME_CLOCK: { target: 'handling' } } }
        m.stateInfo.suspended = { name: '中止', stage: 'handling' }
        m.config.states.handling.on.PAUSE_CLOCK = { guard: { type: 'hasRunningClock' }, target: 'suspended' }
      })
    })
    const texts = (await diff(a, b)).map((e) => e.text)
    const expected = [
      '新增代办专班组「生态执法组」（ecology，4 个类别）',
      '删除代办专班组「综合执法组」（law_enforcement，4 个类别）',
      '类别「禁牧」从 综合执法组 移到 生态执法组',
      '类别「违建」从 综合执法组 移到 生态执法组',
      '渠道「来电」计为网访：是 → 否',
      '新增嘎查村（社区）「新民嘎查」（xinmin）',
      'org › roles[admin] › nameEn: "Administrator" → "Admin"',
      '规则集「分流到代办专班组」新增规则「生态执法组代办范围」（to_ecology）',
      '规则集「分流到代办专班组」删除规则「综合执法组代办范围」（to_law_enforcement）',
      '新增时限「答复信访人时限」（reply_petitioner）：2 个工作日',
      '「镇级事项办理时限」15 个工作日 → 20 个自然日',
      '「疑难复杂重大事项办理时限」临期提醒：到期前 10 → 5 个工作日',
      '新增表单「走访记录」（visitNote）',
      '表单「办结反馈」删除字段 opinion（信访人意见）',
      '表单「办结反馈」字段 method（反馈方式）新增选项「微信」',
      '日历新增节假日 2026-12-31（测试假日）',
      '日历删除调休上班日 2026-10-10（国庆节调休上班）',
      '流程「信访代办事项流程」新增事件 VISIT（走访）',
      '流程「信访代办事项流程」状态 handling（事项办理）新增对事件 VISIT 的转移',
      '流程「信访代办事项流程」新增状态 suspended（中止）',
    ]
    for (const s of expected) expect(texts, s).toContain(s)
    // The unit change is told with the days, once.
    expect(texts.filter((t) => t.includes('镇级事项办理时限'))).toHaveLength(1)
    // The stateInfo label of the new state is told with the state, not separately.
    expect(texts.some((t) => t.includes('stateInfo'))).toBe(false)
    expect(texts.some((t) => t.startsWith('流程「信访代办事项流程」状态 handling（事项办理）收到 PAUSE_CLOCK 时的转移'))).toBe(true)
  })

  it('explains the wulan scheme against galutu in structural terms', async () => {
    const texts = (await diff(GALUTU, WULAN)).map((e) => e.text)
    for (const s of [
      '新增代办专班组「农牧生态组」（agri_ecology，13 个类别）',
      '类别「禁牧」从 综合执法组 移到 农牧生态组',
      '新增时限「嘎查村（社区）层面办理时限」（limit_local）：3 个工作日',
      '「终结回访时限」15 → 10 个自然日',
      '表单「信访事项代办单」新增字段 household（户籍类型），必填',
      '等次「优秀」下限 90 → 85',
      '考核部分「工作实绩」满分 40 → 50',
      '考核输入新增 counts.feedback（已办结反馈的代办事项数），必填',
    ])
      expect(texts, s).toContain(s)
  })

  it('says why it cannot compare: a missing folder is bad input (2), an unreadable scheme a problem (1)', async () => {
    const missing = await cli(['diff', a, path.join(root, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('方案目录不存在')
    const broken = await variant('broken', async (dir) => fs.writeFile(path.join(dir, 'org.json'), '{ "kind": "org", '))
    const r = await cli(['diff', a, broken])
    expect(r.code).toBe(1)
    expect(r.err).toContain('org.json')
    expect(r.err).not.toMatch(STACK)
    expect((await cli(['diff', a])).code).toBe(2)
  })
})

/** org, forms, deadlines, scoring: the order of the kinds in the output. */
function kindRank(text: string): number {
  return text.startsWith('类别') ? 0 : text.startsWith('表单') ? 1 : text.startsWith('「') ? 2 : 3
}

describe('issue #16 §1: a fork that changes duty.json', () => {
  it('is told its duty changes (DIFF_KINDS had lost duty: the fork diffed as "没有差异")', async () => {
    const b = await variant('duty-only', (dir) =>
      edit(path.join(dir, 'duty.json'), (d) => {
        d.roster.shifts.find((s: { id: string }) => s.id === 'duty').count = 2
        d.obligations = d.obligations.filter((o: { id: string }) => o.id !== 'village_meeting')
      }),
    )
    const entries = await diff(a, b)
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      ['duty', '班次「值班」每个工作日人数：1 → 2'],
      ['duty', '删除定期工作「嘎查村（社区）年度专题会议」（village_meeting）'],
    ])
    const r = await cli(['diff', a, b])
    expect(r.code).toBe(0)
    expect(r.out).not.toContain('没有差异')
    expect(r.out).toContain('班次「值班」每个工作日人数：1 → 2')
  })
})
