/**
 * Loading a scheme from its files: parse → validate each file against its kind's JSON Schema →
 * merge the files of each kind by its merge keys → compile → checks. Every problem is collected and
 * returned, all at once, each with its file and JSON pointer; nothing is thrown for bad data. What
 * a kind is (schema, merge keys, compile step, checks) comes from the registry (./kinds).
 */
import { KIND_MODULES, kindModule, KINDS, OPTIONAL_KINDS } from './kinds/index'
import { parseJson, parsedValueProblems, canonicalJson } from './parse'
import { Origins } from './origins'
import { problem } from '../i18n/messages'
import type { Problem } from '../util/problem'
import { Validator, fieldErrorsToProblems, toFieldErrors } from '../validate/validator'
import * as PRECOMPILED from './schemas/validators.generated.js'
import type { SchemeDefinitions, SchemeFile, Manifest } from './types'
import { checkScheme } from './checks'
import { CompiledScheme } from './compiled'
import { compareFileNames, fileNameProblem } from './file-names'
import { brokenKinds, maybeCausedBy } from './partial'

export { KINDS, OPTIONAL_KINDS }

/** The element lists of each kind that may be split across files (merged by id). */
const listsOf = (kind: string): readonly string[] => kindModule(kind)?.lists ?? []

export interface LoadResult {
  /** The compiled scheme, or null when any problem was found. */
  scheme: CompiledScheme | null
  problems: Problem[]
  /** The merged definitions (present when every file parsed and validated). */
  definitions: SchemeDefinitions | null
  /** Canonical content of all files, the input of the scheme hash. */
  content: string
  origins: Origins
}

const validator = new Validator()

/** Stands in for an unreadable manifest while the other files are checked (nothing checks the manifest's values). */
const PLACEHOLDER_MANIFEST: Manifest = { kind: 'scheme', id: '?', name: '?', town: '?', version: '0', caseNumberPrefix: '?', timezone: 'Asia/Shanghai' }

export interface LoadOptions {
  /** Skip the exhaustive triage reachability check (the designer's per-keystroke preview may). */
  quick?: boolean
  /**
   * Compile the validators of forms and scoring inputs on first use (CompileOptions.lazySchemas):
   * for a scheme loaded to be used — a published version (validated in full when published), the
   * CLI's decide and score. Never for validation: `validate`, the designer, publish and a folder
   * served with `serve --definitions` compile every schema (a broken one refuses the scheme).
   */
  lazySchemas?: boolean
  /**
   * These exact files passed the consistency checks before (the CLI's verdict cache, keyed by their
   * bytes and the engine's build; a changed file has another key): skip checkScheme. Parsing, the
   * kind schemas and compiling still run.
   */
  checked?: boolean
}

export async function loadScheme(files: SchemeFile[], options: LoadOptions = {}): Promise<LoadResult> {
  const problems: Problem[] = []
  const origins = new Origins()
  const parsed: Array<{ file: string; value: Record<string, unknown> }> = []
  const sorted = [...files].sort((a, b) => compareFileNames(a.file, b.file))

  for (const f of sorted) {
    // One file-name rule with the folder loader and the designer (file-names.ts, review finding 13).
    const badName = fileNameProblem(f.file)
    if (badName) {
      problems.push(problem('BAD_FILE_NAME', '', { file: f.file, detail: badName.reason, detailEn: badName.reasonEn }, f.file))
      continue
    }
    let value: unknown = f.value
    if (f.text !== undefined) {
      const r = parseJson(f.text, f.file)
      problems.push(...r.problems)
      if (r.problems.length) continue
      value = r.value
    } else {
      // handed over parsed: refused as its text would be (a JSON.parse'd "__proto__" is an own key the kind schemas may let through)
      const bad = parsedValueProblems(value, f.file)
      problems.push(...bad)
      if (bad.length) continue
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(problem('SCHEMA', '', { detail: '文件内容应为 JSON 对象', detailEn: 'The file must hold a JSON object' }, f.file))
      continue
    }
    const kind = (value as Record<string, unknown>).kind
    const module = typeof kind === 'string' ? kindModule(kind) : undefined
    if (!module) {
      problems.push(problem('UNKNOWN_KIND', '/kind', { kind: String(kind), known: KIND_MODULES.map((k) => k.kind).join(', ') }, f.file))
      continue
    }
    // The kind schemas are precompiled (npm run gen:validators): no ajv compile at load time.
    const pre = Object.prototype.hasOwnProperty.call(PRECOMPILED, module.kind)
      ? (PRECOMPILED as Record<string, ((v: unknown) => boolean) & { errors?: unknown }>)[module.kind]
      : undefined
    const errs = pre ? (pre(value) ? [] : toFieldErrors((pre.errors ?? []) as never)) : validator.validate(module.schema, value)
    if (errs.length) {
      problems.push(...fieldErrorsToProblems(errs, f.file, ''))
      continue
    }
    parsed.push({ file: f.file, value: value as Record<string, unknown> })
  }

  const content = canonicalJson(Object.fromEntries(parsed.map((p) => [p.file, p.value])))

  // Merge per kind.
  let manifest: Manifest | null = null
  let manifestFile = ''
  const merged: Record<string, Record<string, unknown>> = {}
  for (const { file, value } of parsed) {
    const kind = value.kind as string
    const module = kindModule(kind)!
    if (module.presence === 'manifest') {
      if (manifest) problems.push(problem('DUPLICATE_MANIFEST', '', { other: manifestFile }, file))
      else {
        manifest = value as unknown as Manifest
        manifestFile = file
        origins.set(value, { file, pointer: '' })
      }
      continue
    }
    const k = kind
    const target = (merged[k] ??= { kind: k })
    if (!origins.get(target)) origins.set(target, { file, pointer: '' })
    for (const [key, v] of Object.entries(value)) {
      if (key === 'kind' || key === '$schema') continue
      if (module.lists.includes(key) && Array.isArray(v)) {
        const list = ((target[key] as unknown[]) ??= [])
        v.forEach((el, i) => {
          origins.set(el, { file, pointer: `/${key}/${i}` })
          list.push(el)
        })
        origins.set(list, origins.get(list) ?? { file, pointer: `/${key}` })
      } else if (module.maps?.includes(key) && v && typeof v === 'object' && !Array.isArray(v)) {
        // A keyed map (calendar years): merged by key, a key defined twice is a duplicate.
        const map = ((target[key] as Record<string, unknown>) ??= {})
        for (const [id, def] of Object.entries(v as Record<string, unknown>)) {
          if (map[id]) problems.push(problem('DUPLICATE_ID', `/${key}/${id}`, { id, other: origins.get(map[id])?.file ?? '?' }, file))
          else {
            map[id] = def
            origins.set(def, { file, pointer: `/${key}/${id}` })
          }
        }
      } else if (key in target && canonicalJson(target[key]) !== canonicalJson(v)) {
        problems.push(problem('DUPLICATE_ID', `/${key}`, { id: key, other: origins.get(target)?.file ?? '?' }, file))
      } else {
        target[key] = v
        origins.set(v, { file, pointer: `/${key}` })
      }
    }
  }
  if (!manifest && parsed.length + problems.length > 0 && !problems.some((p) => p.code === 'JSON_SYNTAX' && /scheme/.test(p.file ?? ''))) {
    problems.push(problem('NO_MANIFEST', '', {}, 'scheme.json'))
  }
  const missingKinds = KINDS.filter((k) => !merged[k])
  for (const k of KINDS) {
    if (!merged[k] && !problems.some((p) => p.file && !parsed.some((x) => x.file === p.file))) {
      problems.push(problem('MISSING_KIND', '', { kind: k }, `${k}.json`))
    }
    fillLists(k, (merged[k] ??= { kind: k }))
  }
  for (const k of OPTIONAL_KINDS) if (merged[k]) fillLists(k, merged[k]!)
  // A missing file (or key) reads as empty lists and maps, so its MISSING_KIND problem is reported
  // instead of a crash in a check that expects them (a scheme without calendar.json crashed validate).
  function fillLists(k: string, m: Record<string, unknown>) {
    const fill = (key: string, empty: () => unknown) => {
      if (!m[key]) {
        m[key] = empty()
        origins.set(m[key] as object, { file: origins.get(m)?.file ?? `${k}.json`, pointer: `/${key}` })
      }
    }
    for (const key of listsOf(k)) fill(key, () => [])
    for (const key of kindModule(k)?.maps ?? []) fill(key, () => ({}))
  }
  if (problems.length || !manifest) {
    // A broken file must not hide the other files' problems (issue #16): check what was read and keep what the broken kinds cannot have caused.
    const broken = brokenKinds(
      sorted.map((f) => f.file).filter((f) => !parsed.some((x) => x.file === f)),
      manifest ? missingKinds : [...missingKinds, 'scheme'],
    )
    const partial = new CompiledScheme({ manifest: manifest ?? PLACEHOLDER_MANIFEST, ...merged } as unknown as SchemeDefinitions, origins, content)
    problems.push(...[...partial.compileProblems, ...(await checkScheme(partial, origins, options))].filter((p) => !maybeCausedBy(p, broken)))
    return { scheme: null, problems, definitions: null, content, origins }
  }

  const definitions = { manifest, ...merged } as unknown as SchemeDefinitions
  // Duplicate ids inside each merged list.
  for (const k of [...KINDS, ...OPTIONAL_KINDS.filter((x) => merged[x])]) {
    for (const key of listsOf(k)) {
      const seen = new Map<string, unknown>()
      for (const el of merged[k]![key] as Array<Record<string, unknown>>) {
        const id = typeof el.id === 'string' ? el.id : undefined
        if (id === undefined) continue
        const prev = seen.get(id)
        if (prev) {
          const o = origins.at(el, '/id')
          const po = origins.at(prev)
          problems.push(problem('DUPLICATE_ID', o.pointer, { id, other: `${po.file}#${po.pointer}` }, o.file))
        } else seen.set(id, el)
      }
    }
  }
  if (problems.length) return { scheme: null, problems, definitions, content, origins }

  const compiled = new CompiledScheme(definitions, origins, content, { lazySchemas: options.lazySchemas })
  problems.push(...compiled.compileProblems)
  if (!options.checked) problems.push(...(await checkScheme(compiled, origins, options)))
  return { scheme: problems.length ? null : compiled, problems, definitions, content, origins }
}
