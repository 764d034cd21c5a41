// Is the compiled server and CLI (dist/, bin/build-server.js) current? dist/build-info.json lists
// the source files esbuild read and when the build started; the build is stale once one of them
// has changed since (or is gone). A few hundred stats: about a millisecond.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const distDir = path.join(root, 'dist')

/**
 * { built: false } without a build; else { built: true, changed: the sources changed since, info:
 * build-info.json as read (the quick path takes its build id from it rather than read it again) }.
 */
export function distState(dir = distDir) {
  let info
  try {
    info = JSON.parse(readFileSync(path.join(dir, 'build-info.json'), 'utf8'))
  } catch {
    return { built: false, changed: [] }
  }
  const changed = []
  // every CLI run does this: a plain concatenation and no exception per file keep it at ~3 ms (8 with path.join and try)
  const base = root + path.sep
  for (const rel of info.inputs) {
    const m = statSync(base + rel, { throwIfNoEntry: false })?.mtimeMs ?? Infinity
    if (m > info.startedAt) changed.push(rel)
  }
  return { built: true, changed, info }
}
