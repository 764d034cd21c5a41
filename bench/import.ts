/**
 * Import of a hotline file (issue #18: 1,000 rows took 6–12 s, target 3 s): the ImportService on a
 * fresh FileStore per run, with the real Galutu definitions. Variants, interleaved in one run:
 * - before: the write path before issue #20 (`syncDataFiles`: each case, audit and document file
 *   fsync'd inside the request besides the journal), 32 rows in flight;
 * - after: the journal line is the only fsync in the request (files are fsync'd by the checkpoint);
 * - with --naive also the first baseline, one row at a time on the old write path (slow);
 * - check only (parse + validate, nothing written), the CPU share.
 * Also this disk's fsync rate, which bounds every durable write.
 *
 *   node bin/run-ts.js bench/import.ts [--rows 1000] [--runs 3] [--naive] [--quick]
 *
 * Every run must create every valid row, report the same errors and duplicates as the baseline,
 * and number the cases in file order; the script exits 1 otherwise.
 */
import { mkdtemp, open, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime } from '../runtime/server/deps'
import { openStore } from '../runtime/store/file-store'
import { ManualClock } from '../runtime/clock'
import { IMPORT_CONCURRENCY, type ImportResult } from '../runtime/channels/import'
import { GALUTU, arg, header, median, ms, pick, ratio, rng, scaled, table, verdict } from './lib'

const ROWS = Number(arg('--rows') ?? scaled(1000, 100))
const RUNS = Number(arg('--runs') ?? scaled(3, 1))
const TARGET_MS = 3000
const r = rng(18)

/** A hotline export: mostly good rows, some without a name, a bad phone, a repeated id. */
function hotlineCsv(n: number, villages: string[], columns: Record<string, string>, idColumn: string): Buffer {
  const cols = [idColumn, ...Object.values(columns)]
  const lines = [cols.join(',')]
  for (let i = 1; i <= n; i++) {
    const row: Record<string, string> = {
      [idColumn]: `12345-${i % 97 === 0 ? i - 1 : i}`,
      [columns.petitionerName!]: i % 53 === 0 ? '' : `${pick(r, ['王', '李', '张', '刘', '陈', '赵'])}${pick(r, ['伟', '芳', '娜', '敏', '静', '强'])}${i}`,
      [columns.phone!]: i % 71 === 0 ? '123' : `13${String(100000000 + i).slice(-9)}`,
      [columns.village!]: pick(r, villages),
      [columns.address!]: `${1 + (i % 30)}号`,
      [columns.summary!]: `来电反映第${i}件事项：${pick(r, ['供暖不达标', '道路破损', '噪音扰民', '养老金未到账', '邻里纠纷'])}`,
      [columns.requests!]: '尽快处理',
      [columns.receivedOn!]: `2026/3/${1 + (i % 5)}`,
    }
    lines.push(cols.map((c) => row[c] ?? '').join(','))
  }
  return Buffer.from(lines.join('\n'))
}

interface Mode {
  concurrency?: number
  dryRun?: boolean
  /** the write path before issue #20 */
  syncDataFiles?: boolean
}

async function once(csv: Buffer, mode: Mode): Promise<{ ms: number; result: ImportResult }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-bench-import-'))
  const store = await openStore({ dir, syncDataFiles: mode.syncDataFiles === true })
  const rt = await createRuntime({ dataDir: dir, store, schemeDirs: [GALUTU], clock: new ManualClock('2026-03-06'), log: () => {} })
  try {
    const t = performance.now()
    const result = await rt.channels.imports.run('galutu', 'hotline12345', csv, 'hotline.csv', 'bench', { concurrency: mode.concurrency, dryRun: mode.dryRun })
    return { ms: performance.now() - t, result }
  } finally {
    await rt.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Sequential fsyncs of a small new file per second on this disk (each durable store write costs one or more). */
async function fsyncRate(n: number): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-bench-fsync-'))
  const t = performance.now()
  for (let i = 0; i < n; i++) {
    const h = await open(path.join(dir, `f${i}`), 'w')
    await h.write('x'.repeat(2000))
    await h.sync()
    await h.close()
  }
  const per = (performance.now() - t) / n
  await rm(dir, { recursive: true, force: true })
  return 1000 / per
}

const probe = await createRuntime({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'daiban-bench-import-')), schemeDirs: [GALUTU], log: () => {} })
const s = await probe.schemes.get('galutu', (await probe.schemes.latest('galutu')).hash)
await probe.close()
const cfg = s.defs.org.channels.find((c) => c.id === 'hotline12345')!.import!
const csv = hotlineCsv(
  ROWS,
  s.defs.org.villages.map((v) => v.name),
  cfg.columns,
  cfg.idColumn,
)

const outcome = (x: ImportResult) => JSON.stringify({ c: x.created.map((c) => c.row), d: x.duplicates.map((d) => d.row), e: x.errors })
const NAIVE = process.argv.includes('--naive')
const naive: number[] = []
const before: number[] = []
const fast: number[] = []
const check: number[] = []
const variants: Array<[number[], Mode]> = [
  ...(NAIVE ? [[naive, { concurrency: 1, syncDataFiles: true }] as [number[], Mode]] : []),
  [before, { syncDataFiles: true }],
  [fast, {}],
  [check, { dryRun: true }],
]
let reference: string | null = null
let problems = 0
for (let i = 0; i < RUNS; i++) {
  // interleaved, so a busy neighbour on the machine slows all alike
  for (const [list, mode] of variants) {
    const { ms: t, result } = await once(csv, mode)
    list.push(t)
    process.stderr.write(`run ${i + 1}/${RUNS} ${JSON.stringify(mode)}: ${ms(t)}\n`)
    if (mode.dryRun) continue
    const o = outcome(result)
    reference ??= o
    if (o !== reference) {
      problems++
      process.stderr.write('outcomes differ from the first run\n')
    }
    const nums = result.created.map((c) => c.number)
    if (nums.some((n, k) => k > 0 && n <= nums[k - 1]!)) {
      problems++
      process.stderr.write('case numbers not in file order\n')
    }
  }
}
const first = JSON.parse(reference!) as { c: number[]; d: number[]; e: unknown[] }
const rate = await fsyncRate(scaled(200, 50))

const bm = median(before)
const fm = median(fast)
const cm = median(check)
const perSec = (t: number) => Math.round((ROWS / t) * 1000).toLocaleString('en-US')
console.log(header(`Import of a ${ROWS.toLocaleString('en-US')}-row hotline CSV (bench/import.ts)`))
console.log(
  `${first.c.length} created, ${first.d.length} duplicates, ${ROWS - first.c.length - first.d.length} rows refused; median of ${RUNS} runs, each on a fresh FileStore; this disk: ${Math.round(rate)} sequential fsyncs/s.\n`,
)
console.log(
  table([
    ['variant', 'wall (median)', 'rows/s', 'vs before'],
    ...(NAIVE ? [["first baseline: one row at a time, every file fsync'd", ms(median(naive)), perSec(median(naive)), ratio(bm, median(naive))]] : []),
    [`before: ${IMPORT_CONCURRENCY} rows in flight, every file fsync'd in the request`, ms(bm), perSec(bm), '1.00×'],
    [`after: ${IMPORT_CONCURRENCY} rows in flight, the journal line the only fsync`, ms(fm), perSec(fm), ratio(bm, fm)],
    ['check only (dryRun: parse + validate, no writes)', ms(cm), perSec(cm), ratio(bm, cm)],
  ]),
)
console.log(
  `\nTarget: ${ROWS.toLocaleString('en-US')} rows in under ${TARGET_MS / 1000} s — ${verdict(fm < TARGET_MS * (ROWS / 1000))}. Same outcomes in every run: ${problems ? `NO (${problems} problems)` : 'yes'}.`,
)
if (problems) process.exitCode = 1
