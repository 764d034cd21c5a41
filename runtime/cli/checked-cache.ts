/**
 * The CLI's verdict cache. The consistency checks are most of what `decide`, `score` and `workdays`
 * spend before they answer; a scheme folder whose exact files passed them under this build of the
 * engine is not checked again. The key is the SHA-256 of the build's id and every file's name and
 * bytes: a changed file, a renamed one or a new build is checked in full. Only passing verdicts are
 * kept (a scheme with problems is checked, and its problems printed, every time), as empty marker
 * files under `$XDG_CACHE_HOME/daiban/checked` (`~/.cache` when unset), the newest 256.
 * The cache never fails a command: when it cannot be read or written, the checks simply run.
 * Sources run through tsx have no build id, so nothing is cached there.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareFileNames, type SchemeFile } from '../../engine'
import { envValue } from '../env'

export const CHECKED_CACHE_MAX = 256

export interface CheckedCache {
  readonly dir: string
  has(key: string): boolean
  add(key: string): void
}

/** The verdict key of a scheme's files under one build. */
export function checkedKey(buildId: string, files: readonly SchemeFile[]): string {
  const h = createHash('sha256').update(`daiban-checked\0${buildId}\0`)
  for (const f of [...files].sort((a, b) => compareFileNames(a.file, b.file))) h.update(`${f.file}\0${f.text ?? JSON.stringify(f.value)}\0`)
  return h.digest('hex')
}

/** The folder of the cache: `$XDG_CACHE_HOME/daiban/checked`, or `~/.cache/daiban/checked`. */
export function checkedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = envValue('XDG_CACHE_HOME', env) || path.join(os.homedir(), '.cache')
  return path.join(base, 'daiban', 'checked')
}

export function checkedCache(dir: string, max = CHECKED_CACHE_MAX): CheckedCache {
  const file = (key: string) => path.join(dir, /^[0-9a-f]{64}$/.test(key) ? key : '-')
  return {
    dir,
    has: (key) => {
      try {
        return statSync(file(key)).isFile()
      } catch {
        return false
      }
    },
    add: (key) => {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 })
        writeFileSync(file(key), '')
        const names = readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n))
        if (names.length > max) {
          const byAge = names.map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t)
          for (const { n } of byAge.slice(0, names.length - max)) unlinkSync(path.join(dir, n))
        }
      } catch {
        // a read-only or full home: the next run checks again
      }
    },
  }
}

/** The build id in a dist/build-info.json: its build time and esbuild's version (null: none). */
export function buildIdOf(info: unknown): string | null {
  const b = info as { builtAt?: unknown; esbuild?: unknown } | null
  return typeof b?.builtAt === 'string' ? `${b.builtAt} ${String(b.esbuild)}` : null
}

let known: { id: string | null } | undefined

/** The running build's dist/build-info.json, already read by its launcher (bin/daiban.js): runningBuildId() answers from it. */
export function knownBuildInfo(info: unknown): void {
  known = { id: buildIdOf(info) }
}

/**
 * The id of the running build: dist/build-info.json beside the compiled CLI (its build time and
 * sources), or null when the CLI runs from its TypeScript sources. Given by the launcher
 * (knownBuildInfo), it is not read again.
 */
export function runningBuildId(moduleUrl?: string): string | null {
  if (known && moduleUrl === undefined) return known.id
  let dir = path.dirname(fileURLToPath(moduleUrl ?? import.meta.url))
  for (let up = 0; up < 2; up++) {
    const info = path.join(dir, 'build-info.json')
    if (existsSync(info)) {
      try {
        return buildIdOf(JSON.parse(readFileSync(info, 'utf8')))
      } catch {
        return null
      }
    }
    dir = path.dirname(dir)
  }
  return null
}
