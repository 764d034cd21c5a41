#!/usr/bin/env node
// Builds the web apps with Vite when their output is missing or older than their sources:
// the staff app (runtime/web → runtime/web/dist, config vite.config.ts) and, when it has a Vite
// config, the designer (designer/ → designer/dist). `--force` builds regardless.
// Used by `npm start` (build when needed, then serve) and `npm run build` (--force).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const force = process.argv.includes('--force')
const vite = path.join(root, 'node_modules/vite/bin/vite.js')

const apps = [
  { name: '工作台 staff web app', config: 'vite.config.ts', sources: ['runtime/web', 'engine', 'runtime/server/contract', 'vite.config.ts', 'package-lock.json'], output: 'runtime/web/dist/index.html' },
]
const designerConfig = ['designer/vite.config.ts', 'designer/vite.config.js', 'designer/vite.config.mjs'].find((f) => existsSync(path.join(root, f)))
if (designerConfig) apps.push({ name: 'designer', config: designerConfig, sources: ['designer', 'engine', 'runtime/server/contract', 'package-lock.json'], output: 'designer/dist/index.html' })

const SKIP = new Set(['node_modules', 'dist', '.vite'])
function newest(p) {
  const abs = path.join(root, p)
  if (!existsSync(abs)) return 0
  const st = statSync(abs)
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.startsWith('.')) continue
    max = Math.max(max, newest(path.join(p, e.name)))
  }
  return max
}

let failed = false
for (const app of apps) {
  const out = path.join(root, app.output)
  const built = existsSync(out) ? statSync(out).mtimeMs : 0
  const src = Math.max(...app.sources.map(newest))
  if (!force && built && built >= src) {
    console.log(`${app.name}: up to date (${path.relative(root, path.dirname(out))})`)
    continue
  }
  console.log(`${app.name}: ${force ? 'building' : built ? 'sources changed, rebuilding' : 'not built yet, building'}…`)
  // NODE_ENV decides React's and antd's production builds; a test runner's "test" must not leak in
  const r = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', '--config', path.join(root, app.config), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (r.status !== 0) {
    console.error(`${app.name}: build failed (exit ${r.status ?? r.signal})`)
    failed = true
  } else console.log(`${app.name}: built → ${path.relative(root, path.dirname(out))}`)
}
process.exitCode = failed ? 1 : 0
