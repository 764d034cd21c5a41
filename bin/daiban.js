#!/usr/bin/env node
// The `daiban` command: the compiled CLI (dist/daiban.js, built by `npm run build`) when it is up to
// date with the sources; otherwise — a checkout being worked on — the TypeScript sources through
// tsx's loader. Without tsx (a production install) a stale build runs, with a warning.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { distDir, distState } from './dist-state.js'
// the commands compiled to one file run with V8's code cache
import { QUICK_COMMANDS, loadQuick } from './quick-loader.js'

const state = distState()
if (state.built && !state.changed.length) {
  if (QUICK_COMMANDS.includes(process.argv[2] ?? '') && existsSync(path.join(distDir, 'daiban-quick.cjs'))) {
    const code = await loadQuick(distDir).run(process.argv.slice(2), state.info)
    // The answer is out: exit without tearing down a heap about to vanish (15 ms of a decision),
    // once standard output and error hold nothing unwritten (pipes are asynchronous off Linux).
    const drained = (s) => new Promise((done) => (s.writableLength ? s.once('drain', done) : done()))
    await Promise.all([drained(process.stdout), drained(process.stderr)])
    process.exit(code)
  } else await import('../dist/daiban.js')
} else {
  let register
  try {
    ;({ register } = await import('tsx/esm/api'))
  } catch {
    register = null
  }
  if (register) {
    register()
    await import('../runtime/cli/bin.ts')
  } else if (state.built) {
    process.stderr.write(`daiban: ${state.changed.length} source file(s) changed since dist/ was built (run npm run build); running the build\n`)
    await import('../dist/daiban.js')
  } else {
    process.stderr.write('daiban: not compiled, and tsx is not installed: run `npm run build` (with dev dependencies) first\n')
    process.exitCode = 1
  }
}
