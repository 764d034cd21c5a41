/** The kind schemas as handed to Monaco: chosen by each file's kind, descriptions in the UI language first. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { schemaAssociations, forEditor } from '../../designer/src/editor/schemas'
import { kindOf, formIdAt, machineIdAt } from '../../designer/src/lib/kinds'
import { indexJson } from '../../designer/src/lib/json-index'
import { KIND_SCHEMAS } from '../../engine/index'

const files = readdirSync('definitions/galutu')
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))

describe('Monaco schema associations', () => {
  it('maps every file to the schema of its kind (a kind split over two files gets both)', () => {
    const list = files.map((f) => ({ uri: `inmemory://daiban/galutu/${f.file}`, kind: kindOf(f.text) }))
    const a = schemaAssociations(list, 'zh-CN')
    expect(a.map((x) => x.uri).sort()).toEqual(
      Object.keys(KIND_SCHEMAS)
        .map((k) => `https://daiban.local/schemas/${k}.json`)
        .sort(),
    )
    const formsFiles = files
      .filter((f) => JSON.parse(f.text).kind === 'forms')
      .map((f) => `inmemory://daiban/galutu/${f.file}`)
      .sort()
    expect(formsFiles.length).toBeGreaterThanOrEqual(2)
    expect(formsFiles).toEqual(expect.arrayContaining(['inmemory://daiban/galutu/forms-handling.json', 'inmemory://daiban/galutu/forms-intake.json']))
    expect(a.find((x) => x.uri.endsWith('/forms.json'))!.fileMatch.sort()).toEqual(formsFiles)
    expect(a.find((x) => x.uri.endsWith('/deadlines.json'))!.fileMatch).toEqual(['inmemory://daiban/galutu/deadlines.json'])
    expect(a.find((x) => x.uri.endsWith('/scheme.json'))!.fileMatch).toEqual(['inmemory://daiban/galutu/scheme.json'])
  })

  it('puts the UI language first in hover text and drops the meta-schema reference (no network)', () => {
    const zh = forEditor(KIND_SCHEMAS.deadlines, 'zh-CN') as any
    const en = forEditor(KIND_SCHEMAS.deadlines, 'en') as any
    expect(zh.$schema).toBeUndefined()
    const warnZh = zh.properties.clocks.items.properties.warnBefore
    expect(warnZh.markdownDescription.split('\n\n')[0]).toBe('到期前几天发临期提醒（同单位）')
    expect(en.properties.clocks.items.properties.warnBefore.markdownDescription.split('\n\n')[0]).toMatch(/^Days before due/)
    // Enum values and the engine's own schema object stay untouched.
    expect(zh.properties.clocks.items.properties.unit.enum).toEqual(['workday', 'calendar'])
    expect((KIND_SCHEMAS.deadlines as any).properties.clocks.items.properties.warnBefore.markdownDescription).toBeUndefined()
  })

  it('knows the form and the machine under the cursor', () => {
    const forms = files.find((f) => f.file === 'forms-intake.json')!.text
    expect(formIdAt(indexJson(forms), forms.indexOf('"信访人姓名"'))).toBe('intake')
    expect(formIdAt(indexJson(forms), 0)).toBeNull()
    const wf = files.find((f) => f.file === 'workflow.json')!.text
    expect(machineIdAt(indexJson(wf), wf.indexOf('"REGISTER_COMPLAINT"'))).toBe('complaint')
    expect(kindOf('{ "kind": "rules", broken')).toBe('rules')
    expect(kindOf('[]')).toBeNull()
  })

  it("offers the draft's ids where a member refers to one (x-daiban-ref), named in the UI language", async () => {
    const { refChoices } = await import('../../engine/scheme/refs')
    const parsed = files.map((f) => {
      const doc = JSON.parse(f.text)
      return { kind: doc.kind as string, doc }
    })
    const choices = refChoices(parsed)
    const wf = forEditor(KIND_SCHEMAS.workflow, 'zh-CN', choices) as any
    const ev = wf.properties.machines.items.properties.events.additionalProperties.properties
    const formIds = parsed.filter((p) => p.kind === 'forms').flatMap((p) => p.doc.forms.map((f: any) => f.id))
    expect(ev.form.enum).toEqual(formIds)
    expect(ev.form.markdownEnumDescriptions).toHaveLength(formIds.length)
    const roles = parsed.find((p) => p.kind === 'org')!.doc.roles
    expect(ev.roles.items.enum).toEqual(roles.map((r: any) => r.id))
    const en = forEditor(KIND_SCHEMAS.workflow, 'en', choices) as any
    expect(en.properties.machines.items.properties.events.additionalProperties.properties.roles.items.markdownEnumDescriptions[0]).toBe(
      roles[0].nameEn ?? roles[0].name,
    )
    // a member that refers to nothing gets no list, and with no choices nothing is added
    expect(ev.decide.enum).toBeUndefined()
    expect(
      (forEditor(KIND_SCHEMAS.workflow, 'zh-CN') as any).properties.machines.items.properties.events.additionalProperties.properties.form.enum,
    ).toBeUndefined()
  })
})
