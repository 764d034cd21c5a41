/**
 * Three-way merge of definition files: base (the upstream files at the fork point), ours (the
 * fork), theirs (the upstream now). Elements are matched by their keys (see ./tree), never by
 * position. What only upstream changed is taken, what only the fork changed is kept; where both
 * changed the same value differently, a conflict is recorded and the fork's value is left in
 * place (the caller then writes nothing).
 */
import { ATOMIC_KEYS, escapePointer, eq, fmt, isObj, listMode, orderedUnion, renderPath, type Seg } from './tree'

export type MergeAction = 'taken' | 'kept' | 'conflict'

export interface MergeRecord {
  action: MergeAction
  file: string
  /** JSON pointer inside the file: in the fork's version where the element exists there, else upstream's, else the base's. */
  pointer: string
  /** Readable path with element ids, e.g. `clocks[handling_town] › days` */
  where: string
  base?: unknown
  ours?: unknown
  theirs?: unknown
  /** Whole-file events: added upstream, deleted by the fork, … */
  note?: string
}

type Ptrs = { b: string | null; o: string | null; t: string | null }

interface Ctx {
  file: string
  records: MergeRecord[]
}

const child = (p: Ptrs, k: string): Ptrs => ({
  b: p.b === null ? null : `${p.b}/${escapePointer(k)}`,
  o: p.o === null ? null : `${p.o}/${escapePointer(k)}`,
  t: p.t === null ? null : `${p.t}/${escapePointer(k)}`,
})

function record(ctx: Ctx, action: MergeAction, path: Seg[], p: Ptrs, b: unknown, o: unknown, t: unknown) {
  const r: MergeRecord = { action, file: ctx.file, pointer: p.o ?? p.t ?? p.b ?? '', where: renderPath(path) || '（整个文件）' }
  if (b !== undefined) r.base = b
  if (o !== undefined) r.ours = o
  if (t !== undefined) r.theirs = t
  ctx.records.push(r)
}

/** Merge one value; `undefined` means absent (removed, or never there). */
function merge3(b: unknown, o: unknown, t: unknown, path: Seg[], p: Ptrs, ctx: Ctx): unknown {
  if (eq(o, t)) return o
  const last = path[path.length - 1]
  const key = last?.t === 'key' ? last.key : ''
  const atomic = ATOMIC_KEYS.has(key)
  if (!atomic && isObj(o) && isObj(t) && (b === undefined || isObj(b))) return mergeObject(b ?? {}, o, t, path, p, ctx)
  if (!atomic && Array.isArray(o) && Array.isArray(t) && (b === undefined || Array.isArray(b))) {
    const bl = b ?? []
    const mode = listMode(key, [bl, o, t])
    if (mode.mode === 'keyed') return mergeKeyed(bl, o, t, mode.keyOf, mode.by, key, path, p, ctx)
    if (mode.mode === 'set') return mergeSet(bl, o, t, key, path, p, ctx)
  }
  if (eq(b, o)) {
    record(ctx, 'taken', path, p, b, o, t)
    return t
  }
  if (eq(b, t)) {
    record(ctx, 'kept', path, p, b, o, t)
    return o
  }
  record(ctx, 'conflict', path, p, b, o, t)
  return o
}

function mergeObject(
  b: Record<string, unknown>,
  o: Record<string, unknown>,
  t: Record<string, unknown>,
  path: Seg[],
  p: Ptrs,
  ctx: Ctx,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of orderedUnion(Object.keys(o), Object.keys(t))) {
    const v = merge3(b[k], o[k], t[k], [...path, { t: 'key', key: k }], child(p, k), ctx)
    if (v !== undefined) out[k] = v
  }
  // Keys both sides removed stay removed; keys only in the base that one side kept were handled above.
  return out
}

function mergeKeyed(
  b: unknown[],
  o: unknown[],
  t: unknown[],
  keyOf: (el: unknown) => string,
  by: string,
  list: string,
  path: Seg[],
  p: Ptrs,
  ctx: Ctx,
): unknown[] {
  const index = (arr: unknown[]) => new Map(arr.map((el, i) => [keyOf(el), i]))
  const bm = index(b)
  const om = index(o)
  const tm = index(t)
  const out: unknown[] = []
  for (const id of orderedUnion([...om.keys()], [...tm.keys()])) {
    const [bi, oi, ti] = [bm.get(id), om.get(id), tm.get(id)]
    const ptrs: Ptrs = {
      b: p.b === null || bi === undefined ? null : `${p.b}/${bi}`,
      o: p.o === null || oi === undefined ? null : `${p.o}/${oi}`,
      t: p.t === null || ti === undefined ? null : `${p.t}/${ti}`,
    }
    const seg: Seg = { t: 'el', list, id, by, idx: { base: bi, ours: oi, theirs: ti } }
    const v = merge3(
      bi === undefined ? undefined : b[bi],
      oi === undefined ? undefined : o[oi],
      ti === undefined ? undefined : t[ti],
      [...path, seg],
      ptrs,
      ctx,
    )
    if (v !== undefined) out.push(v)
  }
  // Elements only the base has were removed on both sides: nothing to do.
  return out
}

function mergeSet(b: unknown[], o: unknown[], t: unknown[], list: string, path: Seg[], p: Ptrs, ctx: Ctx): unknown[] {
  const s = (arr: unknown[]) => new Set(arr.map((x) => JSON.stringify(x)))
  const [bs, os, ts] = [s(b), s(o), s(t)]
  const order = orderedUnion(
    o.map((x) => JSON.stringify(x)),
    t.map((x) => JSON.stringify(x)),
  )
  const out: unknown[] = []
  for (const k of order) {
    const [inB, inO, inT] = [bs.has(k), os.has(k), ts.has(k)]
    const value = JSON.parse(k) as string | number
    const seg: Seg = { t: 'member', list, value }
    const where = [...path, seg]
    const ptr: Ptrs = { b: null, o: p.o, t: p.t }
    if (inO && inT) out.push(value)
    else if (inO && !inB) {
      out.push(value)
      record(ctx, 'kept', where, ptr, undefined, value, undefined)
    } else if (inT && !inB) {
      out.push(value)
      record(ctx, 'taken', where, ptr, undefined, undefined, value)
    } else if (inB && inO && !inT) record(ctx, 'taken', where, ptr, value, value, undefined)
    else if (inB && inT && !inO) record(ctx, 'kept', where, ptr, value, undefined, value)
  }
  return out
}

export interface FileVersions {
  base?: unknown
  ours?: unknown
  theirs?: unknown
}

export interface FileMergeResult {
  /** The merged value, or undefined when the file is absent from the result. */
  value: unknown
  records: MergeRecord[]
}

/**
 * Merge one file. A file added upstream is taken; a file the fork deleted stays deleted unless
 * upstream changed it (conflict); a file upstream deleted goes unless the fork changed it (conflict).
 */
export function mergeFile(file: string, v: FileVersions): FileMergeResult {
  const ctx: Ctx = { file, records: [] }
  const { base, ours, theirs } = v
  const whole = (action: MergeAction, note: string): FileMergeResult => {
    const r: MergeRecord = { action, file, pointer: '', where: '（整个文件）', note }
    ctx.records.push(r)
    return { value: action === 'taken' ? theirs : ours, records: ctx.records }
  }
  if (base === undefined) {
    if (ours === undefined && theirs !== undefined) return whole('taken', '上游新增的文件')
    if (theirs === undefined && ours !== undefined) return whole('kept', '本方案新增的文件')
  } else {
    if (ours === undefined && theirs === undefined) return { value: undefined, records: [] }
    if (ours === undefined) {
      if (eq(base, theirs)) return whole('kept', '本方案已删除的文件（上游未改动）')
      const r = whole('conflict', '本方案删除了该文件，而上游修改了它')
      r.records[r.records.length - 1]!.theirs = '（已修改）'
      return { value: undefined, records: r.records }
    }
    if (theirs === undefined) {
      if (eq(base, ours)) {
        ctx.records.push({ action: 'taken', file, pointer: '', where: '（整个文件）', note: '上游删除的文件' })
        return { value: undefined, records: ctx.records }
      }
      const r = whole('conflict', '上游删除了该文件，而本方案修改了它')
      r.records[r.records.length - 1]!.ours = '（已修改）'
      return r
    }
  }
  const value = merge3(base, ours, theirs, [], { b: '', o: '', t: '' }, ctx)
  return { value, records: ctx.records }
}

/** One line of a plan: `deadlines.json  clocks[handling_town] › days: 15 → 10`. */
export function describeRecord(r: MergeRecord): string {
  const at = `${r.file}  ${r.where}`
  if (r.note) return `${at}：${r.note}`
  if (r.action === 'conflict') return `${r.file} ${r.pointer || '/'}  ${r.where}：基线 ${fmt(r.base)} ／ 本方案 ${fmt(r.ours)} ／ 上游 ${fmt(r.theirs)}`
  const from = r.base
  const to = r.action === 'taken' ? r.theirs : r.ours
  if (from === undefined) return `${at}：新增 ${fmt(to)}`
  if (to === undefined) return `${at}：删除（原为 ${fmt(from)}）`
  return `${at}：${fmt(from)} → ${fmt(to)}`
}
