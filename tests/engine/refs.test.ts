/**
 * `x-daiban-ref` (what an id-valued member refers to) against the checks: every declared site that
 * Galutu fills, given an id that does not exist, is reported by `validate` at that very member. So
 * the completion the designer offers from the declaration and the check agree on every site.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { KIND_SCHEMAS } from '../../engine/scheme/schemas'
import { refChoices, refTargetOf } from '../../engine/scheme/refs'
import { loadScheme } from '../../engine/scheme/load'
const loadSchemeFromFiles = (fs: Array<{ file: string; text: string }>) => loadScheme(fs)

type J = any
const DIR = 'definitions/galutu'
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, text: readFileSync(`${DIR}/${file}`, 'utf8') }))

/** Pointers in `value` where `schema` (with its local $defs) declares a reference, with their target. */
function sites(schema: J, value: J, root: J, pointer: string, out: Array<{ pointer: string; target: string }>): void {
  if (!schema || typeof schema !== 'object') return
  if (schema.$ref) return sites(resolve(root, schema.$ref), value, root, pointer, out)
  const t = refTargetOf(schema)
  if (t && typeof value === 'string') out.push({ pointer, target: t })
  for (const k of ['anyOf', 'oneOf', 'allOf']) for (const s of schema[k] ?? []) sites(s, value, root, pointer, out)
  for (const k of ['then', 'else']) if (schema[k]) sites(schema[k], value, root, pointer, out)
  if (Array.isArray(value)) value.forEach((v, i) => schema.items && sites(schema.items, v, root, `${pointer}/${i}`, out))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub =
        schema.properties?.[k] ??
        Object.entries(schema.patternProperties ?? {}).find(([p]) => new RegExp(p).test(k))?.[1] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
      if (sub) sites(sub, v, root, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out)
    }
  }
}
const resolve = (root: J, ref: string): J =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((o: J, k: string) => o?.[k], root)
const dedupe = <T>(xs: T[]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()]

describe('x-daiban-ref', () => {
  const all: Array<{ file: string; pointer: string; target: string }> = []
  for (const f of files) {
    const doc = JSON.parse(f.text)
    const schema = (KIND_SCHEMAS as Record<string, J>)[doc.kind]
    const out: Array<{ pointer: string; target: string }> = []
    sites(schema, doc, schema, '', out)
    all.push(...dedupe(out).map((s) => ({ file: f.file, ...s })))
  }

  it('Galutu fills sites of every target, and each holds an id the target offers', () => {
    const choices = refChoices(
      files.map((f) => {
        const doc = JSON.parse(f.text)
        return { kind: doc.kind, doc }
      }),
    )
    expect(new Set(all.map((s) => s.target))).toEqual(new Set(Object.keys(choices)))
    for (const s of all) {
      const doc = JSON.parse(files.find((f) => f.file === s.file)!.text)
      const v = s.pointer
        .split('/')
        .slice(1)
        .reduce((o: J, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
      expect(
        choices[s.target as keyof typeof choices].map((c) => c.id),
        `${s.file}${s.pointer}`,
      ).toContain(v)
    }
  })

  // one site per declared place (indexes and map keys do not make another place)
  const pattern = (s: { file: string; pointer: string }) => s.file + s.pointer.replace(/\/\d+(?=\/|$)/g, '/*').replace(/\/events\/[^/]+/, '/events/*')
  const places = [...new Map(all.map((s) => [pattern(s), s])).values()]
  it('covers every declared place Galutu fills', () => expect(places.length).toBeGreaterThanOrEqual(15))

  it.each(places.map((s) => [`${s.file}${s.pointer}`, s] as const))('%s: an unknown id is reported there', async (_n, s) => {
    const changed = files.map((f) => {
      if (f.file !== s.file) return f
      const doc = JSON.parse(f.text)
      const keys = s.pointer
        .split('/')
        .slice(1)
        .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
      const parent = keys.slice(0, -1).reduce((o: J, k) => o[k], doc)
      parent[keys[keys.length - 1]!] = 'no_such_id_zz'
      return { file: f.file, text: JSON.stringify(doc) }
    })
    const r = await loadSchemeFromFiles(changed)
    const here = r.problems.filter((p) => p.file === s.file && (p.pointer === s.pointer || p.pointer === s.pointer.replace(/\/\d+$/, '')))
    expect(
      here.map((p) => p.code),
      JSON.stringify(r.problems.slice(0, 3)),
    ).not.toEqual([])
  })
})
