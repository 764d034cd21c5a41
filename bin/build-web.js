#!/usr/bin/env node
// Builds the web apps with Vite when their output is missing or older than their sources:
// the staff app (runtime/web → runtime/web/dist, config vite.config.ts) and, when it has a Vite
// config, the designer (designer/ → designer/dist). `--force` builds regardless.
// Used by `npm start` (build when needed, then serve) and `npm run build` (--force). With --compress
// (both pass it), every compressible file gets its brotli and gzip copy (bin/precompress.js). Without Vite (a
// production install, `npm ci --omit=dev`) the apps already built are served as they are.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { precompress } from './precompress.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const force = process.argv.includes('--force')
const compress = process.argv.includes('--compress')
const vite = path.join(root, 'node_modules/vite/bin/vite.js')

const apps = [
  {
    name: '工作台 staff web app',
    config: 'vite.config.ts',
    sources: ['runtime/web', 'engine', 'runtime/server/contract', 'vite.config.ts', 'package-lock.json'],
    output: 'runtime/web/dist/index.html',
  },
]
const designerConfig = ['designer/vite.config.ts', 'designer/vite.config.js', 'designer/vite.config.mjs'].find((f) => existsSync(path.join(root, f)))
// DAIBAN_TEST_DESIGNER_DIST: a test serves a designer built elsewhere; leave designer/dist alone
if (designerConfig && !process.env.DAIBAN_TEST_DESIGNER_DIST)
  apps.push({
    name: 'designer',
    config: designerConfig,
    sources: ['designer', 'engine', 'runtime/server/contract', 'runtime/web/kit', 'package-lock.json'],
    output: 'designer/dist/index.html',
  })

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
    if (compress) await precompress(path.dirname(out))
    continue
  }
  if (!existsSync(vite)) {
    if (built && !force) {
      console.warn(`${app.name}: sources are newer than the build, but Vite is not installed (production install): serving the build as it is`)
      continue
    }
    console.error(`${app.name}: not built, and Vite is not installed: run \`npm ci && npm run build\` (with dev dependencies) first`)
    failed = true
    continue
  }
  console.log(`${app.name}: ${force ? 'building' : built ? 'sources changed, rebuilding' : 'not built yet, building'}…`)
  // NODE_ENV decides React's and antd's production builds; a test runner's "test" must not leak in
  const r = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', '--config', path.join(root, app.config), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (r.status !== 0) {
    console.error(`${app.name}: build failed (exit ${r.status ?? r.signal})`)
    failed = true
  } else {
    console.log(`${app.name}: built → ${path.relative(root, path.dirname(out))}`)
    if (compress) {
      const c = await precompress(path.dirname(out))
      console.log(`${app.name}: ${c.count} files compressed (${(c.before / 1e6).toFixed(1)} MB → ${(c.after / 1e6).toFixed(1)} MB brotli)`)
    }
  }
}
process.exitCode = failed ? 1 : 0
