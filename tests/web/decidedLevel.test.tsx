// @vitest-environment jsdom
/**
 * Issue #16 §3: the staff app's case page shows the level as decided — when a rule set it (the
 * second-town scheme's collective petition at the town level), the decided level with the one typed
 * at registration and the rule: "镇级层面办理（登记为嘎查村（社区）层面办理，依规则“集体访”）". The
 * decisions are the engine's on the real test scheme.
 */
import './dom'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { decide, type CompiledScheme, type Decision } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { DecidedLevel } from '../../runtime/web/src/components/DecidedLevel'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { REPO_ROOT } from '../helpers/scheme'

let scheme: CompiledScheme
const base = {
  petitionerName: '张三',
  village: '乌兰社区',
  household: '本镇农牧业户籍',
  channel: 'visit',
  summary: 'x',
  receivedOn: '2026-03-02',
  category: '禁牧',
  level: 'local',
}
beforeAll(async () => {
  scheme = (await loadSchemeDir(path.join(REPO_ROOT, 'tests/fixtures/schemes/second-town'))).scheme!
})
const decided = async (facts: Record<string, unknown>): Promise<Decision> => {
  const d = await decide(scheme, { ...base, ...facts })
  if (!d.ok) throw new Error(JSON.stringify(d.problems))
  return d.decision as Decision
}
const levelName = (id: string | null) => scheme.defs.org.levels.find((l) => l.id === id)?.name ?? ''
const show = (decision: Decision, typed: unknown, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <DecidedLevel decision={decision} typed={typed} levelName={levelName} />
    </I18nProvider>,
  ).container.textContent

describe('issue 16 §3: the case page shows the decided level with the typed one', () => {
  it('a collective petition typed at the village level: the town level, recorded as village, by the rule', async () => {
    const d = await decided({ petitionerCount: 6, representatives: '张三' })
    expect(show(d, 'local')).toBe('镇级层面办理（登记为嘎查村（社区）层面办理，依规则“集体访”）')
    expect(show(d, 'local', 'en')).toBe('镇级层面办理 (recorded as 嘎查村（社区）层面办理; decided by rule "集体访")')
  })

  it('no level typed: the rule decided it', async () => {
    const { level: _l, ...noLevel } = base
    const d = await decide(scheme, { ...noLevel, petitionerCount: 6, representatives: '张三' })
    if (!d.ok) throw new Error(JSON.stringify(d.problems))
    expect(show(d.decision as Decision, undefined)).toBe('镇级层面办理（登记时未填，依规则“集体访”）')
  })

  it('typed at the town level already: just the level', async () => {
    expect(show(await decided({ level: 'township', petitionerCount: 6, representatives: '张三' }), 'township')).toBe('镇级层面办理')
  })

  it('no rule set it: the level typed', async () => {
    expect(show(await decided({ petitionerCount: 2 }), 'local')).toBe('嘎查村（社区）层面办理')
    expect(show(null as unknown as Decision, 'complex')).toBe('疑难复杂（多部门协同或重大）')
  })
})
