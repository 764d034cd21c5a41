/**
 * Issue #16 §1: one registry of kinds (engine/scheme/kinds). What reads it must cover every kind
 * of it — the loader, the compiled scheme, the diff (a hand-kept list there had lost `duty`), the
 * designer's catalog and the docs — and the engine stays free of Node built-ins.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CROSS_CHECKS, DIFF_KINDS, diffSchemes, KIND_MODULES, KIND_SCHEMAS, KINDS, OPTIONAL_KINDS, type SchemeDefinitions } from '../../engine'
import { definitionOf } from '../../engine/scheme/kinds/kind'
import { KIND_CATALOG } from '../../engine/scheme/kinds/catalog.generated'
import * as PRECOMPILED from '../../engine/scheme/schemas/validators.generated.js'
import { PREVIEW_OF_KIND, OPEN_FIRST_KIND, elementOf } from '../../designer/src/lib/kinds'
import { loadGalutu } from '../helpers/scheme'

let defs: SchemeDefinitions
beforeAll(async () => {
  defs = (await loadGalutu()).defs
})

describe('the registry of kinds (issue #16 §1)', () => {
  it('lists each kind once, the manifest first, with a schema, merge keys and docs', () => {
    const names = KIND_MODULES.map((k) => k.kind)
    expect(new Set(names).size).toBe(names.length)
    expect(KIND_MODULES.filter((k) => k.presence === 'manifest').map((k) => k.kind)).toEqual(['scheme'])
    expect(names[0]).toBe('scheme')
    expect([...KINDS, ...OPTIONAL_KINDS].sort()).toEqual(names.filter((n) => n !== 'scheme').sort())
    expect(OPTIONAL_KINDS).toEqual(['duty'])
    for (const k of KIND_MODULES) {
      expect(KIND_SCHEMAS[k.kind as keyof typeof KIND_SCHEMAS], k.kind).toBe(k.schema)
      expect(typeof (PRECOMPILED as Record<string, unknown>)[k.kind], `${k.kind} is precompiled (npm run gen:validators)`).toBe('function')
      expect(k.docs.files && k.docs.holds, k.kind).toBeTruthy()
      // Every list merged by id is a list of the kind's schema.
      for (const list of k.lists) expect((k.schema.properties as Record<string, unknown>)[list], `${k.kind}.${list}`).toBeTruthy()
    }
  })

  it('the loader and the compiled scheme read every kind of galutu', () => {
    for (const k of KIND_MODULES) expect(definitionOf(defs, k), k.kind).toBeTruthy()
  })

  it('diff compares every kind of the registry: a change in any kind is told, under that kind', () => {
    expect(DIFF_KINDS).toEqual(KIND_MODULES.map((k) => k.kind))
    for (const k of KIND_MODULES) {
      const changed = structuredClone(defs)
      ;(definitionOf(changed, k) as Record<string, unknown>).description = `${k.kind}：改过的说明`
      const entries = diffSchemes(defs, changed)
      expect(
        entries.map((e) => e.kind),
        k.kind,
      ).toEqual([k.kind])
    }
  })

  it('cross-kind checks name the kinds they read, all of the registry', () => {
    const names = new Set(KIND_MODULES.map((k) => k.kind))
    for (const c of CROSS_CHECKS) for (const k of c.kinds) expect(names.has(k), `${c.name}: ${k}`).toBe(true)
  })

  it('the designer reads the kinds from the registry’s catalog: previews, the file opened first, the elements the previews follow', () => {
    expect(KIND_CATALOG.map((k) => k.kind)).toEqual(KIND_MODULES.map((k) => k.kind))
    expect(PREVIEW_OF_KIND).toEqual({ forms: 'form', rules: 'rules', workflow: 'workflow', deadlines: 'deadline', calendar: 'deadline', scoring: 'scoring' })
    expect(OPEN_FIRST_KIND).toBe('deadlines')
    expect(elementOf('form')).toEqual({ kind: 'forms', list: 'forms' })
    expect(elementOf('workflow')).toEqual({ kind: 'workflow', list: 'machines' })
  })

  it('the engine imports no Node built-in (the designer runs it in the browser)', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f)
        if (statSync(p).isDirectory()) walk(p)
        else if (/\.(ts|js)$/.test(f)) files.push(p)
      }
    }
    walk('engine')
    const builtins = /from\s+['"](node:[^'"]+|fs|fs\/promises|path|os|crypto|url|util|child_process|worker_threads|stream|zlib|http|https|net)['"]/
    const offenders = files.filter((f) => builtins.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
})
