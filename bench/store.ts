/**
 * Store benchmark: latency of one update transition (updateCase with one audit entry) with 1k,
 * 10k and 25k cases stored (bounded: the run must stay inside `npm run bench`'s 5 minutes): FileStore, the FileStore's write path before issue #20
 * (`syncDataFiles`: the case and audit files fsync'd inside the request), and the naive baseline
 * — one lowdb JSONFile holding every case, `db.write()` after each change (up to 10k cases: at
 * 100k it is seconds per write and pushed the run past `npm run bench`'s limit).
 *
 *   node bin/run-ts.js bench/store.ts [--sizes 1000,10000,25000] [--ops 1000] [--keep]
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { FileStore } from '../runtime/store/index'
import type { AuditEntry, CaseRecord } from '../runtime/store/index'
import { makeAudit, makeRecord } from '../tests/store/fixtures/records'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const SIZES = (arg('--sizes') ?? '1000,10000,25000').split(',').map(Number)
const NAIVE_MAX = 10_000
const FILE_OPS = Number(arg('--ops') ?? 1000)
const WARMUP = 200
/** The naive baseline rewrites everything per write: a few dozen writes are plenty at 100k. */
const naiveOps = (n: number) => (n <= 1000 ? 200 : n <= 10_000 ? 60 : 12)
const KEEP = process.argv.includes('--keep')

/** mulberry32: deterministic case picks. */
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

interface Stats {
  n: number
  p50: number
  p95: number
  p99: number
  max: number
  opsPerSec: number
}

function stats(samples: number[], wallMs: number): Stats {
  const s = [...samples].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1]!, opsPerSec: (samples.length / wallMs) * 1000 }
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ms'
const fmtN = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n))

function record(i: number, version: number): CaseRecord {
  return makeRecord(i, version)
}

/** One sequential update on a random case of a store; returns its latency. */
function updater(store: FileStore, n: number, versions: Map<number, number>, seed: number): () => Promise<number> {
  const pick = rng(seed)
  return async () => {
    const i = Math.floor(pick() * n)
    const v = versions.get(i) ?? 1
    const rec = record(i, v + 1)
    const audit: AuditEntry[] = [makeAudit(rec.summary.id, v + 1)]
    const t0 = performance.now()
    await store.updateCase(rec, v, audit)
    const dt = performance.now() - t0
    versions.set(i, v + 1)
    return dt
  }
}

/** Throughput with 16 writers on different cases (journal group commit). */
async function concurrentFileStore(store: FileStore, n: number, versions: Map<number, number>, ops: number): Promise<Stats> {
  const samples: number[] = []
  let next = 0
  const start = performance.now()
  const worker = async (w: number) => {
    const pick = rng(1000 + w)
    while (next++ < ops) {
      // each worker owns the cases ≡ w (mod 16), so there are no conflicts
      const i = Math.floor((pick() * n) / 16) * 16 + w
      if (i >= n) continue
      const v = versions.get(i) ?? 1
      const rec = record(i, v + 1)
      const t0 = performance.now()
      await store.updateCase(rec, v, [makeAudit(rec.summary.id, v + 1)])
      samples.push(performance.now() - t0)
      versions.set(i, v + 1)
    }
  }
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)))
  return stats(samples, performance.now() - start)
}

/** A forced checkpoint, with sequential updates running meanwhile (what a background checkpoint costs them). */
async function duringCheckpoint(store: FileStore, n: number, versions: Map<number, number>): Promise<{ ms: number; during: Stats }> {
  const pick = rng(7 * n)
  const samples: number[] = []
  let finished = false
  const t0 = performance.now()
  const ck = store.checkpoint().then(() => {
    finished = true
  })
  const start = performance.now()
  while (!finished) {
    const i = Math.floor(pick() * n)
    const v = versions.get(i) ?? 1
    const rec = record(i, v + 1)
    const t = performance.now()
    await store.updateCase(rec, v, [makeAudit(rec.summary.id, v + 1)])
    samples.push(performance.now() - t)
    versions.set(i, v + 1)
  }
  await ck
  const ms = performance.now() - t0
  return { ms, during: stats(samples.length ? samples : [0], performance.now() - start) }
}

async function benchNaive(dir: string, n: number, ops: number, seed: number): Promise<Stats & { fileMB: number }> {
  const file = path.join(dir, `naive-${n}.json`)
  const cases: Record<string, CaseRecord> = {}
  for (let i = 0; i < n; i++) cases[record(i, 1).summary.id] = record(i, 1)
  const db = new Low<{ cases: Record<string, CaseRecord>; audit: AuditEntry[] }>(new JSONFile(file), { cases: {}, audit: [] })
  db.data = { cases, audit: [] }
  await db.write()
  const fileMB = (await fs.stat(file)).size / 1024 / 1024
  const pick = rng(seed)
  const samples: number[] = []
  const start = performance.now()
  for (let k = 0; k < ops; k++) {
    const i = Math.floor(pick() * n)
    const id = record(i, 1).summary.id
    const v = db.data.cases[id]!.summary.version
    const t0 = performance.now()
    db.data.cases[id] = record(i, v + 1)
    db.data.audit.push({ ...makeAudit(id, v + 1), seq: db.data.audit.length + 1 })
    await db.write()
    samples.push(performance.now() - t0)
  }
  const result = { ...stats(samples, performance.now() - start), fileMB }
  await fs.rm(file, { force: true })
  return result
}

interface Subject {
  n: number
  dir: string
  store: FileStore
  versions: Map<number, number>
  op: () => Promise<number>
  samples: number[]
  busyMs: number
  seedMs: number
  openMs: number
}

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-bench-store-'))
  const t0 = performance.now()
  console.log(`# Store benchmark (${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${os.platform()})`)
  console.log(`data: ${root}; case record ≈ ${JSON.stringify(record(1, 1)).length} bytes JSON\n`)

  // one FileStore per size, filled by bulk import (no per-file fsync, then fsync all + checkpoint),
  // then closed and reopened so start-up (checkpoint load + journal replay) is measured too
  const subjects: Subject[] = []
  for (const n of SIZES) {
    const dir = path.join(root, `filestore-${n}`)
    const seeding = new FileStore({ dir })
    await seeding.open()
    const s0 = performance.now()
    await seeding.bulkSeed(
      (function* () {
        for (let i = 0; i < n; i++) yield record(i, 1)
      })(),
    )
    const seedMs = performance.now() - s0
    await seeding.close()
    const o0 = performance.now()
    const store = new FileStore({ dir })
    await store.open()
    const openMs = performance.now() - o0
    const versions = new Map<number, number>()
    subjects.push({ n, dir, store, versions, op: updater(store, n, versions, n), samples: [], busyMs: 0, seedMs, openMs })
    process.stdout.write(`seeded ${fmtN(n)} cases in ${ms(seedMs)}, reopened in ${ms(openMs)}\n`)
  }

  // warm-up, then interleaved blocks of 50 sequential updates per store, so disk hiccups of the
  // shared machine hit every size alike and the p95 ratio compares like with like
  for (const sub of subjects) for (let k = 0; k < WARMUP; k++) await sub.op()
  const BLOCK = 50
  for (let done = 0; done < FILE_OPS; done += BLOCK) {
    for (const sub of subjects) {
      const b0 = performance.now()
      for (let k = 0; k < Math.min(BLOCK, FILE_OPS - done); k++) sub.samples.push(await sub.op())
      sub.busyMs += performance.now() - b0
    }
  }

  const rows: Array<{
    n: number
    file: Stats
    before: Stats
    naive: (Stats & { fileMB: number }) | null
    seedMs: number
    openMs: number
    listMs: number
    conc: Stats
    ck: { ms: number; during: Stats }
  }> = []
  for (const sub of subjects) {
    const file = stats(sub.samples, sub.busyMs)
    const l0 = performance.now()
    await sub.store.listCases({ status: 'active' }, { offset: 0, limit: 20 })
    const listMs = performance.now() - l0
    const conc = await concurrentFileStore(sub.store, sub.n, sub.versions, FILE_OPS)
    const ck = await duringCheckpoint(sub.store, sub.n, sub.versions)
    await sub.store.close()
    // the same folder on the write path before issue #20
    const old = new FileStore({ dir: sub.dir, syncDataFiles: true })
    await old.open()
    const oldOp = updater(old, sub.n, sub.versions, sub.n + 1)
    const oldSamples: number[] = []
    const b0 = performance.now()
    for (let k = 0; k < Math.ceil(FILE_OPS / 3); k++) oldSamples.push(await oldOp())
    const before = stats(oldSamples, performance.now() - b0)
    await old.close()
    await fs.rm(sub.dir, { recursive: true, force: true })
    process.stdout.write(
      `FileStore ${fmtN(sub.n)}: p50 ${ms(file.p50)}, p95 ${ms(file.p95)}, p99 ${ms(file.p99)}; before #20: p50 ${ms(before.p50)}, p95 ${ms(before.p95)}\n`,
    )
    const naive = sub.n <= NAIVE_MAX ? await benchNaive(root, sub.n, naiveOps(sub.n), sub.n) : null
    if (naive) process.stdout.write(`naive ${fmtN(sub.n)}: p50 ${ms(naive.p50)}, p95 ${ms(naive.p95)} (${naive.fileMB.toFixed(1)} MB file)\n`)
    rows.push({ n: sub.n, file, before, naive, seedMs: sub.seedMs, openMs: sub.openMs, listMs, conc, ck })
  }

  console.log('\n## Update-transition latency (sequential, one updateCase + 1 audit entry per op)\n')
  console.log(
    '| cases | FileStore p50 | FileStore p95 | FileStore ops/s | before #20 p50 | before #20 p95 | before #20 ops/s | before/after p95 | naive lowdb p50 | naive lowdb p95 | naive ops/s | naive/FileStore p95 |',
  )
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    const nv = r.naive
    console.log(
      `| ${fmtN(r.n)} | ${ms(r.file.p50)} | ${ms(r.file.p95)} | ${r.file.opsPerSec.toFixed(0)} | ${ms(r.before.p50)} | ${ms(r.before.p95)} | ${r.before.opsPerSec.toFixed(0)} | ${(r.before.p95 / r.file.p95).toFixed(2)}× | ` +
        (nv ? `${ms(nv.p50)} | ${ms(nv.p95)} | ${nv.opsPerSec.toFixed(1)} | ${(nv.p95 / r.file.p95).toFixed(1)}× |` : '— | — | — | — |'),
    )
  }
  console.log('\n## FileStore details\n')
  console.log(
    '| cases | samples | p99 | max | 16 writers ops/s | 16 writers p95 | checkpoint | p95 / max during checkpoint (n) | bulk seed | open() | listCases (filter+page) | naive file | naive samples |',
  )
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${fmtN(r.n)} | ${r.file.n} | ${ms(r.file.p99)} | ${ms(r.file.max)} | ${r.conc.opsPerSec.toFixed(0)} | ${ms(r.conc.p95)} | ` +
        `${ms(r.ck.ms)} | ${ms(r.ck.during.p95)} / ${ms(r.ck.during.max)} (${r.ck.during.n}) | ` +
        `${ms(r.seedMs)} | ${ms(r.openMs)} | ${ms(r.listMs)} | ${r.naive ? `${r.naive.fileMB.toFixed(1)} MB` : '—'} | ${r.naive?.n ?? '—'} |`,
    )
  }
  const first = rows[0]
  const last = rows[rows.length - 1]
  if (first && last && last !== first) {
    const ratio = last.file.p95 / first.file.p95
    console.log(
      `\nFileStore p95 at ${fmtN(last.n)} = ${ms(last.file.p95)} (target < 10 ms: ${last.file.p95 < 10 ? 'met' : 'MISSED'}); ` +
        `p95(${fmtN(last.n)}) / p95(${fmtN(first.n)}) = ${ratio.toFixed(2)} (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`,
    )
  }
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  if (!KEEP) await fs.rm(root, { recursive: true, force: true })
}

await main()
