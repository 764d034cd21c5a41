#!/usr/bin/env node
// Compiles the server and the CLI to JavaScript with esbuild: dist/server.js (runtime/server/start.ts,
// `npm start` and the systemd unit) and dist/daiban.js (runtime/cli/bin.ts, what bin/daiban.js runs),
// sharing chunks in dist/chunks/ so a command loads only what it imports. Packages stay external
// (node_modules is resolved at run time) and must be "dependencies" of package.json (checked here: a
// production install omits devDependencies). dist/build-info.json records the sources read, for
// bin/dist-state.js.
//
//   node bin/build-server.js            build when dist/ is missing or older than its sources
//   node bin/build-server.js --force    build
//   node bin/build-server.js --outdir DIR   build into another folder (tests), always
//
// Without esbuild (a production install: `npm ci --omit=dev`), an existing build is used as it is.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { distDir, distState, root } from './dist-state.js'

const args = process.argv.slice(2)
const at = args.indexOf('--outdir')
const outdir = at >= 0 ? path.resolve(args[at + 1] ?? '') : distDir
const force = args.includes('--force') || at >= 0

/** Builds into `outdir`; returns the number of files written and the time taken. */
export async function buildServer(outdir) {
  const startedAt = Date.now()
  const esbuild = await import('esbuild')
  const r = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { daiban: 'runtime/cli/bin.ts', server: 'runtime/server/start.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  // what the compiled code imports at run time must be installed by `npm ci --omit=dev`
  const deps = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies ?? {}
  const external = externalPackages(r.metafile)
  const notDeps = [...external].filter((p) => !(p in deps))
  if (notDeps.length)
    throw new Error(
      `the server imports ${notDeps.join(', ')}, not in package.json "dependencies": a production install (npm ci --omit=dev) would lack ${notDeps.length > 1 ? 'them' : 'it'}`,
    )
  mkdirSync(path.join(outdir, 'chunks'), { recursive: true })
  // chunks first, entries last: a `daiban` started meanwhile finds every chunk its entry names
  const isEntry = (f) => /[\\/](daiban|server)\.js(\.map)?$/.test(f.path)
  const written = new Set()
  for (const f of [...r.outputFiles.filter((f) => !isEntry(f)), ...r.outputFiles.filter(isEntry)]) {
    const tmp = `${f.path}.${process.pid}.tmp`
    writeFileSync(tmp, f.contents)
    renameSync(tmp, f.path)
    written.add(path.resolve(f.path))
  }
  // chunks of earlier builds
  for (const name of readdirSync(path.join(outdir, 'chunks'))) {
    const p = path.join(outdir, 'chunks', name)
    if (!written.has(p)) rmSync(p, { force: true })
  }
  const quick = await buildQuick(esbuild, outdir, deps)
  // source files only: not packages, nor the quick path's stub (a `namespace:path` of the plugin's)
  const inputs = [...new Set([...Object.keys(r.metafile.inputs), ...quick.inputs])].filter((f) => !f.includes('node_modules/') && !f.startsWith('quick-stub:'))
  writeFileSync(
    path.join(outdir, 'build-info.json'),
    JSON.stringify({ startedAt, builtAt: new Date().toISOString(), esbuild: esbuild.version, inputs }, null, 1) + '\n',
  )
  return { files: written.size + quick.files, ms: Date.now() - startedAt, inputs: inputs.length, packages: [...external].sort() }
}

/** The packages (not Node's own modules) a build's output imports at run time. */
function externalPackages(metafile) {
  const out = new Set()
  for (const o of Object.values(metafile.outputs))
    for (const i of o.imports) {
      if (!i.external || i.path.startsWith('node:')) continue
      const name = i.path
        .split('/')
        .slice(0, i.path.startsWith('@') ? 2 : 1)
        .join('/')
      if (!builtinModules.includes(name)) out.add(name)
    }
  return out
}

/**
 * The quick path runs only the commands main.ts defines itself; the others (runtime/cli/commands.ts:
 * serve, the store, forks…) stay out of its file — a third of what each run read and checked.
 */
const quickCommandsOnly = {
  name: 'quick-commands-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands$/ }, (args) =>
      args.importer.endsWith(path.join('runtime', 'cli', 'main.ts')) ? { path: 'commands', namespace: 'quick-stub' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'quick-stub' }, () => ({ contents: 'export const COMMANDS = {}', loader: 'js' }))
  },
}

const QUICK_EXTERNAL = ['exceljs', 'pg', 'pg-native', 'lowdb', 'express', 'esbuild', 'tsx']

/**
 * The quick path of the CLI (runtime/cli/quick.ts → daiban-quick.cjs): the commands bin/daiban.js
 * sends there, as one CommonJS file, and V8's code cache of it (daiban-quick.cjs.cache, made below
 * from a decision on the package's first scheme), so bin/quick-loader.js skips parsing and
 * compiling on every run. The cache belongs to this Node binary: V8 refuses it under another, and
 * the file then compiles as usual.
 */
async function buildQuick(esbuild, outdir, deps) {
  const r = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['runtime/cli/quick.ts'],
    outfile: path.join(outdir, 'daiban-quick.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The packages too (ajv, re2js, json-rules-engine…): the code cache then covers them. Those the
    // quick commands never load stay outside: the stores' drivers and the spreadsheet writer.
    external: QUICK_EXTERNAL,
    // read, decoded and checked against the cache on every run: half the bytes without losing names
    minifyWhitespace: true,
    minifySyntax: true,
    // the two modules that find files beside themselves read import.meta.url
    define: { 'import.meta.url': '__daiban_module_url' },
    banner: { js: "const __daiban_module_url = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [quickCommandsOnly],
  })
  for (const name of externalPackages(r.metafile))
    if (!(name in deps)) throw new Error(`the CLI's quick path imports ${name}, not in package.json "dependencies"`)
  const file = path.join(outdir, 'daiban-quick.cjs')
  rmSync(`${file}.cache`, { force: true })
  const tmp = `${file}.${process.pid}.tmp`
  // ASCII only (esbuild leaves non-ASCII in regular expressions): V8 keeps one byte per character
  // and reads it faster. \uXXXX means the same in strings, regular expressions and names; only a
  // template's raw text would differ, so none may be bundled.
  const text = r.outputFiles[0].text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (text.includes('String.raw')) throw new Error("the CLI's quick path bundles String.raw, whose text would change with escaped characters")
  writeFileSync(tmp, text)
  renameSync(tmp, file)
  // The cache: what V8 compiled for the usual call, a decision on a scheme already checked. One
  // child validates the package's first scheme (its verdict goes to a cache folder of the build's
  // own, not the builder's home); another asks for a decision on it with an empty input — refused
  // (exit 2) after the scheme is loaded and the input checked, no town's data needed — and writes it.
  const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'daiban-build-'))
  const scheme = readdirSync(path.join(root, 'definitions'), { withFileTypes: true }).find((d) => d.isDirectory())
  const loader = JSON.stringify(pathToFileURL(path.join(root, 'bin/quick-loader.js')).href)
  const child = (code, input) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', code, outdir, path.join(root, 'definitions', scheme.name)], {
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    })
  let made = null
  if (scheme) {
    made = child(`const { loadQuick } = await import(${loader}); process.exitCode = await loadQuick(process.argv[1]).run(['validate', process.argv[2]])`)
    if (made.status === 0)
      made = child(`const { writeQuickCache } = await import(${loader}); await writeQuickCache(process.argv[1], ['decide', process.argv[2], '-'], [2])`, '{}')
  }
  rmSync(cacheHome, { recursive: true, force: true })
  if (made && made.status !== 0) throw new Error(`the CLI's quick path failed on definitions/${scheme.name}: ${made.stderr}`)
  return { inputs: Object.keys(r.metafile.inputs), files: made ? 2 : 1 }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const state = distState(outdir)
  if (!force && state.built && !state.changed.length) {
    console.log(`server and CLI: up to date (${path.relative(root, outdir)})`)
  } else {
    let esbuildFound = true
    try {
      await import('esbuild')
    } catch {
      esbuildFound = false
    }
    if (!esbuildFound) {
      if (state.built && !force) {
        console.warn(
          `server and CLI: ${state.changed.length} source file(s) are newer than ${path.relative(root, outdir)}/, but esbuild is not installed (production install): running the build as it is`,
        )
      } else {
        console.error('server and CLI: not compiled, and esbuild is not installed: run `npm ci && npm run build` (with dev dependencies) first')
        process.exitCode = 1
      }
    } else {
      const why = force ? 'building' : state.built ? `${state.changed.length} source file(s) changed, rebuilding` : 'not built yet, building'
      console.log(`server and CLI: ${why}…`)
      const b = await buildServer(outdir)
      console.log(`server and CLI: built → ${path.relative(root, outdir) || outdir} (${b.inputs} sources, ${b.files} files, ${b.ms} ms)`)
    }
  }
}
