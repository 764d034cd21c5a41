/** The designer's undo/redo over the whole draft, and its search across every file and label. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { DraftHistory } from '../../designer/src/draft/history'
import { parsedDraft } from '../../designer/src/draft/parsed'
import { searchDraft, searchIndex } from '../../designer/src/panels/DraftSearch'

describe('DraftHistory', () => {
  it('undoes and redoes across files, in order', () => {
    const h = new DraftHistory()
    let texts: Record<string, string> = { 'a.json': 'a0', 'b.json': 'b0' }
    const change = (file: string, text: string, label: string, at: number) => {
      h.record(texts, file, label, `${file}:${label}`, at)
      texts = { ...texts, [file]: text }
    }
    change('a.json', 'a1', 'edit a', 0)
    change('b.json', 'b1', 'edit b', 5000)
    expect(h.undoLabel).toBe('edit b')
    const u1 = h.undo(texts)!
    expect(u1.file).toBe('b.json')
    texts = { ...u1.texts }
    expect(texts).toEqual({ 'a.json': 'a1', 'b.json': 'b0' })
    const u2 = h.undo(texts)!
    texts = { ...u2.texts }
    expect(texts).toEqual({ 'a.json': 'a0', 'b.json': 'b0' })
    expect(h.undo(texts)).toBeNull()
    texts = { ...h.redo(texts)!.texts }
    expect(texts).toEqual({ 'a.json': 'a1', 'b.json': 'b0' })
    texts = { ...h.redo(texts)!.texts }
    expect(texts).toEqual({ 'a.json': 'a1', 'b.json': 'b1' })
    expect(h.redo(texts)).toBeNull()
  })

  it('coalesces typing in one place within the window, not across places or pauses', () => {
    const h = new DraftHistory(200, 1000)
    let texts: Record<string, string> = { f: '' }
    for (const [i, ch] of [...'abc'].entries()) {
      h.record(texts, 'f', 'type', 'f:title', i * 300)
      texts = { f: texts.f + ch }
    }
    h.record(texts, 'f', 'type', 'f:title', 5000) // after a pause: a new step
    texts = { f: 'abcd' }
    h.record(texts, 'f', 'other', 'f:days', 5100) // another control: a new step
    texts = { f: 'abcde' }
    expect(h.undo(texts)!.texts.f).toBe('abcd')
    expect(h.undo({ f: 'abcd' })!.texts.f).toBe('abc')
    expect(h.undo({ f: 'abc' })!.texts.f).toBe('')
  })

  it('a new change after an undo drops the redo branch; clear forgets all', () => {
    const h = new DraftHistory()
    h.record({ f: '0' }, 'f', 'x', 'k1', 0)
    h.undo({ f: '1' })
    expect(h.redoLabel).toBe('x')
    h.record({ f: '0' }, 'f', 'y', 'k2', 10)
    expect(h.redoLabel).toBeNull()
    h.clear()
    expect(h.undoLabel).toBeNull()
  })
})

describe('search across the draft', () => {
  const dir = 'definitions/galutu'
  const order = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  const texts = Object.fromEntries(order.map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')]))
  const draft = parsedDraft(order, texts)
  const index = searchIndex(draft.files, 'zh-CN')

  it('finds a label of every kind of file, and each hit points at that very string', () => {
    for (const f of draft.files) {
      // a name or title the file holds, taken from the file itself
      const m = /"(?:name|title)"\s*:\s*"([^"]{2,})"/.exec(texts[f.file]!)
      if (!m) continue
      const hits = searchDraft(index, m[1]!, 500)
      const hit = hits.find((x) => x.file === f.file && x.text === m[1])
      expect(hit, `${f.file}: ${m[1]}`).toBeTruthy()
      const at = hit!.pointer
        .split('/')
        .slice(1)
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<any>((o, k) => o[k], f.doc)
      expect(at).toBe(m[1])
    }
  })

  it('finds a form field by its key and says where it is in words', () => {
    const forms = draft.docsOf<{ forms: Array<{ name: string; schema: { properties: Record<string, { title?: string }> } }> }>('forms')
    const form = forms[0]!.forms[0]!
    const [key, prop] = Object.entries(form.schema.properties).find(([, p]) => p.title)!
    const byKey = searchDraft(index, key, 500).find((h) => h.text === key && h.pointer.endsWith(`/properties/${key}`))
    expect(byKey?.where).toContain(form.name)
    const byTitle = searchDraft(index, prop.title!, 500).find((h) => h.pointer.endsWith(`/properties/${key}/title`))
    expect(byTitle?.where).toContain('表单')
  })

  it('ranks an exact label before texts that only mention it, and finds nothing for nonsense', () => {
    const org = draft.docsOf<{ villages: Array<{ name: string }> }>('org')[0]!
    const v = org.villages[0]!.name
    expect(searchDraft(index, v)[0]!.text).toBe(v)
    expect(searchDraft(index, 'zzz-no-such-label-zzz')).toEqual([])
    expect(searchDraft(index, '   ')).toEqual([])
  })
})
