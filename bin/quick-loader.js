// Runs the CLI's quick path (dist/daiban-quick.cjs, built from runtime/cli/quick.ts by
// bin/build-server.js) with V8's code cache beside it (daiban-quick.cjs.cache): the functions the
// last build's run compiled are read instead of parsed and compiled again. A cache V8 refuses (another
// Node binary, other flags, a changed file) is ignored and the file compiles as any other.
import { isAscii } from 'node:buffer'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

/** The commands bin/daiban.js sends here: those that read a scheme and answer (runtime/cli/quick.ts). */
export const QUICK_COMMANDS = Object.freeze(['validate', 'decide', 'score', 'workdays'])

/** Loads the quick path from `dir`; `rejected`: whether V8 refused the cache (null: no cache). */
export function loadQuick(dir) {
  const file = path.join(dir, 'daiban-quick.cjs')
  let cachedData
  try {
    cachedData = readFileSync(`${file}.cache`)
  } catch {
    cachedData = undefined
  }
  // the build writes it in ASCII (bin/build-server.js): read as such, byte for character
  const bytes = readFileSync(file)
  const source = isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8')
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir)
  return { run: module.exports.run, script, rejected: cachedData ? script.cachedDataRejected : null }
}

/** Runs the quick path once with `argv` (output discarded; exit code one of `codes`), then writes V8's cache of it. */
export async function writeQuickCache(dir, argv, codes = [0]) {
  const q = loadQuick(dir)
  const write = { out: process.stdout.write, err: process.stderr.write }
  process.stdout.write = process.stderr.write = () => true
  let code
  try {
    code = await q.run(argv)
  } finally {
    process.stdout.write = write.out
    process.stderr.write = write.err
  }
  if (!codes.includes(code)) throw new Error(`daiban ${argv.join(' ')} exited ${code}`)
  const file = path.join(dir, `daiban-quick.cjs.cache.${process.pid}.tmp`)
  writeFileSync(file, q.script.createCachedData())
  renameSync(file, path.join(dir, 'daiban-quick.cjs.cache'))
}
