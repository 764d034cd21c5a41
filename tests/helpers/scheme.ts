/**
 * Test helpers for schemes: load the real Galutu definitions, and build broken variants of them
 * in a temp folder by applying small, data-driven patches (JSON pointer set/remove/move, raw text,
 * new or deleted files), so no test duplicates a whole scheme folder.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatProblem, type CompiledScheme, type Problem } from '../../engine'
import { loadSchemeDir } from '../../runtime/schemes/files'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const GALUTU_DIR = path.join(REPO_ROOT, 'definitions/galutu')
export const CASES_DIR = path.join(REPO_ROOT, 'tests/cases')
export const FIXTURES_DIR = path.join(REPO_ROOT, 'tests/fixtures')

/** Read a table of cases from tests/cases. */
export async function readCases<T>(name: string): Promise<T> {
  return JSON.parse(await fs.readFile(path.join(CASES_DIR, name), 'utf8')) as T
}

/** Load the real scheme; fails loudly (with every problem) if it does not load. */
export async function loadGalutu(): Promise<CompiledScheme> {
  const r = await loadSchemeDir(GALUTU_DIR)
  if (!r.scheme) throw new Error(`definitions/galutu does not load:\n${r.problems.map((p) => `${p.file} ${p.pointer} [${p.code}] ${p.message}`).join('\n')}`)
  return r.scheme
}

/**
 * One patch operation on a copy of definitions/galutu. Pointers are RFC 6901; a last token "-"
 * appends to an array. A value of the form {"$nest": {"op", "depth", "leaf"}} is expanded into a
 * formula nested `depth` levels deep (for the hostile-depth cases).
 */
export type PatchOp =
  | { op: 'set'; file: string; pointer: string; value: unknown }
  | { op: 'remove'; file: string; pointer: string }
  | { op: 'move'; file: string; pointer: string; toFile: string; toPointer: string }
  | { op: 'create'; file: string; value: unknown }
  | { op: 'delete'; file: string }
  | { op: 'raw'; file: string; text?: string; fixture?: string }

export interface ExpectedProblem {
  code: string
  file: string
  /** Exact JSON pointer; or use pointerPrefix when the tail is long (e.g. a 10,000-deep formula). */
  pointer?: string
  pointerPrefix?: string
  /** A substring of the problem's English message */
  message?: string
}

export interface BrokenCase {
  name: string
  /** What the case shows (free text). */
  why?: string
  patch: PatchOp[]
  expect: ExpectedProblem[]
  /** When true, exactly the expected problems and no others. */
  exact?: boolean
  /** A known engine bug makes this case fail today: the test is marked `it.fails` (see the report). */
  engineBug?: string
}

const created: string[] = []

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`bad JSON pointer "${pointer}"`)
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/**
 * Hostile nesting cannot go through JSON.stringify (it recurses and overflows the stack), so a
 * $nest value becomes a placeholder string, replaced by generated text when the file is written.
 */
const nests = new Map<string, string>()
function expand(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$nest') {
      const { op, depth, leaf } = (value as { $nest: { op: string; depth: number; leaf: unknown } }).$nest
      const key = `__daiban_nest_${nests.size}__`
      const open = `{${JSON.stringify(op)}:[`
      nests.set(key, open.repeat(depth) + JSON.stringify(leaf) + ']}'.repeat(depth))
      return key
    }
  }
  return value
}

function serialise(value: unknown): string {
  let text = JSON.stringify(value, null, 2)
  for (const [key, nested] of nests) text = text.replace(JSON.stringify(key), () => nested)
  return text
}

function parentOf(doc: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const tokens = parsePointer(pointer)
  if (!tokens.length) throw new Error('cannot patch the document root')
  let cur: unknown = doc
  for (const t of tokens.slice(0, -1)) {
    if (!cur || typeof cur !== 'object') throw new Error(`pointer ${pointer}: "${t}" is not inside an object`)
    const next: unknown = (cur as Record<string, unknown>)[t]
    if (next === undefined) throw new Error(`pointer ${pointer}: no "${t}"`)
    cur = next
  }
  if (!cur || typeof cur !== 'object') throw new Error(`pointer ${pointer}: parent is not a container`)
  return { parent: cur as Record<string, unknown> | unknown[], key: tokens[tokens.length - 1]! }
}

function getAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc
  for (const t of parsePointer(pointer)) {
    if (!cur || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, t)) throw new Error(`pointer ${pointer}: no "${t}"`)
    cur = (cur as Record<string, unknown>)[t]
  }
  return cur
}

function setAt(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer)
  if (Array.isArray(parent)) {
    if (key === '-') parent.push(value)
    else {
      const i = Number(key)
      if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new Error(`pointer ${pointer}: bad index`)
      parent[i] = value
    }
  } else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true })
}

function removeAt(doc: unknown, pointer: string): void {
  const { parent, key } = parentOf(doc, pointer)
  if (Array.isArray(parent)) {
    const i = Number(key)
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new Error(`pointer ${pointer}: no index ${key}`)
    parent.splice(i, 1)
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new Error(`pointer ${pointer}: no "${key}"`)
    delete (parent as Record<string, unknown>)[key]
  }
}

/** Copy definitions/galutu into a fresh temp folder and apply the patch; returns the folder. */
export async function makeScheme(patch: PatchOp[], source = GALUTU_DIR): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-scheme-'))
  created.push(dir)
  await fs.cp(source, dir, { recursive: true })
  const docs = new Map<string, unknown>()
  const raw = new Map<string, string>()
  const deleted = new Set<string>()
  const doc = async (file: string): Promise<unknown> => {
    if (!docs.has(file)) docs.set(file, JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')))
    return docs.get(file)
  }
  for (const op of patch) {
    switch (op.op) {
      case 'set':
        setAt(await doc(op.file), op.pointer, expand(op.value))
        break
      case 'remove':
        removeAt(await doc(op.file), op.pointer)
        break
      case 'move': {
        const from = await doc(op.file)
        const value = getAt(from, op.pointer)
        removeAt(from, op.pointer)
        setAt(await doc(op.toFile), op.toPointer, value)
        break
      }
      case 'create':
        docs.set(op.file, expand(op.value))
        break
      case 'delete':
        docs.delete(op.file)
        deleted.add(op.file)
        break
      case 'raw':
        docs.delete(op.file)
        raw.set(op.file, op.text ?? (await fs.readFile(path.join(FIXTURES_DIR, op.fixture!), 'utf8')))
        break
    }
  }
  for (const [file, value] of docs) await fs.writeFile(path.join(dir, file), serialise(value))
  for (const [file, text] of raw) await fs.writeFile(path.join(dir, file), text)
  for (const file of deleted) if (!docs.has(file) && !raw.has(file)) await fs.rm(path.join(dir, file), { force: true })
  return dir
}

export async function removeTempSchemes(): Promise<void> {
  for (const dir of created.splice(0)) await fs.rm(dir, { recursive: true, force: true })
}

/** A short, readable line per problem for assertion messages. */
export function describeProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file ?? ''} ${p.pointer} [${p.code}] ${p.message.slice(0, 120)}`).join('\n')
}

/** Does a problem match an expectation (code, file, and exact pointer or pointer prefix)? */
export function matches(p: Problem, e: ExpectedProblem): boolean {
  if (p.code !== e.code || p.file !== e.file) return false
  if (e.pointer !== undefined && p.pointer !== e.pointer) return false
  if (e.pointerPrefix !== undefined && !p.pointer.startsWith(e.pointerPrefix)) return false
  if (e.message !== undefined && !formatProblem(p, 'en').includes(e.message)) return false
  return true
}

/** A capturing CLI io for main(argv, io). */
export function captureIO(stdin = ''): {
  io: { out: (s: string) => void; err: (s: string) => void; stdin: () => Promise<string> }
  out: string[]
  err: string[]
} {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => stdin }, out, err }
}

/** Facts for a decision: the table's base, the case's overrides, minus the fields it omits. */
export function factsOf(base: Record<string, unknown>, facts: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...facts }
  for (const k of omit) delete out[k]
  return out
}

export interface ExpectedInputProblem {
  code: string
  /** Several acceptable codes (e.g. UNKNOWN_FIELD or INPUT_INVALID) */
  codes?: string[]
  pointer: string
  /** A substring of the Chinese message */
  message?: string
}
