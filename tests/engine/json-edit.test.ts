/**
 * engine/scheme/json-edit.ts: writeJson(text, next) writes a changed value as minimal text edits.
 * The table (tests/cases/json-edit/edits.json) gives a file, the edits and the exact text
 * expected; then every definitions/galutu file takes random single-value changes, each of which
 * must parse back to the changed value and differ from the file in exactly one line.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { writeJson } from '../../engine/scheme/json-edit'

type Path = Array<string | number>
type Op =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'remove'; path: Path }
  | { op: 'insert'; path: Path; value: unknown }
  | { op: 'append'; path: Path; value: unknown }
  | { op: 'move'; path: Path; from: number; to: number }
interface Case {
  name: string
  before: string[]
  ops?: Op[]
  next?: unknown
  expected: string[]
}

const table = JSON.parse(readFileSync('tests/cases/json-edit/edits.json', 'utf8')) as { cases: Case[] }

function at(root: unknown, p: Path): unknown {
  return p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root)
}

function apply(value: unknown, ops: Op[]): unknown {
  const v = structuredClone(value)
  for (const o of ops) {
    const parent = at(v, o.path.slice(0, -1)) as Record<string, unknown> & unknown[]
    const key = o.path[o.path.length - 1]!
    if (o.op === 'set') parent[key as never] = o.value as never
    else if (o.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key as string]
    } else if (o.op === 'insert') (parent as unknown[]).splice(key as number, 0, o.value)
    else if (o.op === 'append') (at(v, o.path) as unknown[]).push(o.value)
    else {
      const list = at(v, o.path) as unknown[]
      const [x] = list.splice(o.from, 1)
      list.splice(o.to, 0, x)
    }
  }
  return v
}

/** The lines of `b` that differ from `a`, when both have the same number of lines (else null). */
function changedLines(a: string, b: string): number[] | null {
  const x = a.split('\n')
  const y = b.split('\n')
  if (x.length !== y.length) return null
  return x.flatMap((l, i) => (l === y[i] ? [] : [i + 1]))
}

describe('writeJson: the table of edits', () => {
  it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const before = c.before.join('\n')
    const next = c.next ?? apply(JSON.parse(before), c.ops ?? [])
    const out = writeJson(before, next)
    expect(out).toBe(c.expected.join('\n'))
    expect(JSON.parse(out)).toEqual(next)
  })

  it('has a case for each kind of edit the brief names', () => {
    const ops = new Set(table.cases.flatMap((c) => (c.ops ?? []).map((o) => o.op)))
    expect([...ops].sort()).toEqual(['append', 'insert', 'move', 'remove', 'set'])
    expect(table.cases.some((c) => c.next !== undefined)).toBe(true)
  })
})

/** A small seeded generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function leaves(v: unknown, p: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...p, i], out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...p, k], out)
  else out.push(p)
  return out
}

function mutated(v: unknown): unknown {
  if (typeof v === 'number') return v + 1
  if (typeof v === 'boolean') return !v
  if (typeof v === 'string') return `${v}·改`
  return 0
}

const DIR = 'definitions/galutu'
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
const SEED = Number(process.env.JSON_EDIT_SEED ?? 20260517)
const PER_FILE = 60

describe('writeJson on every definitions/galutu file', () => {
  it('finds the files', () => expect(FILES.length).toBeGreaterThanOrEqual(8))

  it.each(FILES)('%s: unchanged value → unchanged text', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8')
    expect(writeJson(text, JSON.parse(text))).toBe(text)
  })

  it.each(FILES)(`%s: ${PER_FILE} random single-value changes, each one line (seed ${SEED})`, (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8')
    const value = JSON.parse(text) as unknown
    const all = leaves(value)
    const next = rng(SEED + file.length * 7919)
    for (let n = 0; n < PER_FILE; n++) {
      const p = all[Math.floor(next() * all.length)]!
      const changed = structuredClone(value)
      const parent = at(changed, p.slice(0, -1)) as Record<string | number, unknown>
      parent[p[p.length - 1]!] = mutated(parent[p[p.length - 1]!])
      const out = writeJson(text, changed)
      const where = `${file} ${JSON.stringify(p)}`
      expect(JSON.parse(out), where).toEqual(changed)
      expect(changedLines(text, out), where).toHaveLength(1)
    }
  })

  it.each(FILES)('%s: an array element removed and appended again round-trips to the text', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8')
    const value = JSON.parse(text) as unknown
    const arrays = leaves(value)
      .map((p) => p.slice(0, -1))
      .filter((p) => Array.isArray(at(value, p)) && (at(value, p) as unknown[]).length > 1)
    const p = arrays[Math.floor(rng(SEED)() * arrays.length)]
    if (!p) return
    const removed = structuredClone(value)
    const list = at(removed, p) as unknown[]
    const last = list.pop()
    const once = writeJson(text, removed)
    expect(JSON.parse(once)).toEqual(removed)
    list.push(last)
    const back = writeJson(once, removed)
    expect(JSON.parse(back)).toEqual(value)
    expect(back.split('\n').length).toBe(text.split('\n').length)
  })
})
