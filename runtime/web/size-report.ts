/**
 * How much JavaScript the web apps make a browser download, gzipped, from the build manifest:
 * - initial: the staff app's entry and its static imports (what index.html loads before anything lazy);
 * - first screen: initial plus the 工作台 (Tasks) screen chunk and its static imports;
 * - public initial: the same for the public page (public/index.html), budget 150 KB (issue #18);
 * - and the lazy chunks, largest first.
 * Run: `node bin/run-ts.js runtime/web/size-report.ts [--json] [--max-kb 400] [--dist dir]` after `npm run build`;
 * exits 1 when the first screen is over --max-kb or the public page over its budget.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

interface Chunk {
  file: string
  src?: string
  name?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

/** The public page's initial JavaScript, gzip: a phone on a slow network shows its first screen after this much. */
export const PUBLIC_BUDGET_KB = 150

export interface SizeReport {
  initialJsGzip: number
  initialCssGzip: number
  firstScreenJsGzip: number
  /** the public page's entry and its static imports (0 when the build has no public page) */
  publicInitialJsGzip: number
  chunks: Array<{ file: string; gzip: number; raw: number }>
}

export function sizeReport(dist: string): SizeReport {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>
  const sizes = new Map<string, { raw: number; gzip: number }>()
  const size = (file: string) => {
    let s = sizes.get(file)
    if (!s) {
      const buf = readFileSync(path.join(dist, file))
      s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length }
      sizes.set(file, s)
    }
    return s
  }
  const closure = (keys: string[]): Set<string> => {
    const seen = new Set<string>()
    const visit = (k: string) => {
      if (seen.has(k)) return
      seen.add(k)
      for (const i of manifest[k]?.imports ?? []) visit(i)
    }
    keys.forEach(visit)
    return seen
  }
  // the staff app's entry (index.html); the public page's (public/index.html) is reported apart
  const entries = Object.entries(manifest)
    .filter(([k, c]) => c.isEntry && !k.startsWith('public/'))
    .map(([k]) => k)
  const publicEntries = Object.entries(manifest)
    .filter(([k, c]) => c.isEntry && k.startsWith('public/'))
    .map(([k]) => k)
  const initial = closure(entries)
  const sum = (keys: Iterable<string>, kind: 'js' | 'css') => {
    let total = 0
    const files = new Set<string>()
    for (const k of keys) {
      const c = manifest[k]
      if (!c) continue
      if (kind === 'js' && c.file.endsWith('.js')) files.add(c.file)
      if (kind === 'css') for (const f of c.css ?? []) files.add(f)
    }
    for (const f of files) total += size(f).gzip
    return total
  }
  const tasksKey = Object.keys(manifest).find((k) => /screens\/Tasks\.tsx$/.test(k))
  const first = closure([...entries, ...(tasksKey ? [tasksKey] : [])])
  const chunks = Object.values(manifest)
    .filter((c) => c.file.endsWith('.js'))
    .map((c) => ({ file: c.file, ...size(c.file) }))
    .sort((a, b) => b.gzip - a.gzip)
  return {
    initialJsGzip: sum(initial, 'js'),
    initialCssGzip: sum(initial, 'css'),
    firstScreenJsGzip: sum(first, 'js'),
    publicInitialJsGzip: sum(closure(publicEntries), 'js'),
    chunks,
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)
if (isMain) {
  const args = process.argv.slice(2)
  const d = args.indexOf('--dist')
  const dist = path.resolve(d >= 0 ? args[d + 1]! : 'runtime/web/dist')
  const r = sizeReport(dist)
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  if (args.includes('--json')) console.log(JSON.stringify(r, null, 2))
  else {
    console.log(`initial JS (gzip):       ${kb(r.initialJsGzip)}`)
    console.log(`initial CSS (gzip):      ${kb(r.initialCssGzip)}`)
    console.log(`first screen JS (gzip):  ${kb(r.firstScreenJsGzip)}  (initial + 工作台)`)
    console.log(`public page initial JS:  ${kb(r.publicInitialJsGzip)}  (budget ${PUBLIC_BUDGET_KB} KB)`)
    console.log('chunks (gzip, largest first):')
    for (const c of r.chunks.slice(0, 15)) console.log(`  ${kb(c.gzip).padStart(9)}  ${c.file}`)
  }
  if (r.publicInitialJsGzip > PUBLIC_BUDGET_KB * 1024) {
    console.error(`the public page's initial JS ${kb(r.publicInitialJsGzip)} is over its budget of ${PUBLIC_BUDGET_KB} KB`)
    process.exitCode = 1
  }
  const i = args.indexOf('--max-kb')
  if (i >= 0) {
    const max = Number(args[i + 1]) * 1024
    if (r.firstScreenJsGzip > max) {
      console.error(`first screen JS ${kb(r.firstScreenJsGzip)} is over the budget of ${kb(max)}`)
      process.exitCode = 1
    }
  }
}
