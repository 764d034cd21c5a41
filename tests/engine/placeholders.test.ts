/**
 * Issue #16: numbers in prose come from placeholders bound to the definitions
 * (engine/scheme/placeholders.ts; tests/cases/placeholders.json). Each binding fills as the table
 * says; editing a limit changes every text that states it — the notice board's process, the forms'
 * and the workflows' descriptions — while the definitions as written keep their placeholders.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { fillPlaceholders } from '../../engine/scheme/placeholders'
import { buildNotice } from '../../runtime/duty/notice'
import { loadSchemeDir } from '../../runtime/schemes/files'
import { loadGalutu, makeScheme, readCases, removeTempSchemes, describeProblems, type PatchOp } from '../helpers/scheme'

interface Table {
  texts: Array<{ text: string; expect: string; unknown?: string[] }>
  edits: Array<{ name: string; patch: PatchOp[]; texts: Array<{ at: [string, string, string, string]; contains: string }> }>
}

const table = await readCases<Table>('placeholders.json')
afterAll(removeTempSchemes)

/** `["workflow", "machines", "complaint", "description"]`: the description of the machine with id complaint. */
function textAt(defs: unknown, [kind, list, id, field]: [string, string, string, string]): unknown {
  let node = (defs as Record<string, unknown>)[kind]
  for (const k of list.split('.')) node = (node as Record<string, unknown>)[k]
  const el = (node as Array<Record<string, unknown>>).find((x) => x.id === id || x.stage === id)
  return el?.[field]
}

describe('issue #16: placeholders bound to the definitions', () => {
  it('each binding fills as the table says; an unknown one stays and is listed', async () => {
    const s = await loadGalutu()
    for (const t of table.texts) {
      const unknown: string[] = []
      expect(fillPlaceholders(s.source, t.text, unknown), t.text).toBe(t.expect)
      expect(unknown).toEqual(t.unknown ?? [])
    }
  })

  it('galutu as written keeps its placeholders; the compiled scheme shows the numbers', async () => {
    const s = await loadGalutu()
    const at: [string, string, string, string] = ['workflow', 'machines', 'complaint', 'description']
    expect(textAt(s.source, at)).toContain('{{clock.service_complaint.limit}}')
    expect(textAt(s.defs, at)).toContain('并于15个工作日内予以处理和回复')
    // the notice board reads the compiled scheme
    const notice = buildNotice(s, [], new Map(), null, '2026-02-10')
    expect(notice.process.find((p) => p.description?.includes('回访'))?.description).toBe('事项终结后15日内回访，核实情况、收集意见建议。')
    expect(JSON.stringify(notice)).not.toContain('{{')
  })

  for (const e of table.edits) {
    it(e.name, async () => {
      const r = await loadSchemeDir(await makeScheme(e.patch))
      expect(r.scheme, describeProblems(r.problems)).not.toBeNull()
      for (const t of e.texts) {
        expect(textAt(r.scheme!.defs, t.at), t.at.join('/')).toContain(t.contains)
        expect(textAt(r.definitions, t.at), 'as written').toMatch(/\{\{clock\./)
      }
    })
  }
})
