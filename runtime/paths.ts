/**
 * Where the package's own files are: the built web apps, the bundled definitions, package.json.
 * Found from this module's location, never from the current directory, so `daiban serve` works
 * from any folder, whether it runs from the sources (runtime/paths.ts) or from the compiled
 * bundle (dist/…): both sit below the folder holding the package's package.json.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/** The package's folder: the nearest folder above this module whose package.json names "daiban". */
export function packageRoot(): string {
  if (root) return root
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'daiban') return (root = dir)
    const up = path.dirname(dir)
    if (up === dir) throw new Error(`package.json of daiban not found above ${fileURLToPath(import.meta.url)}`)
    dir = up
  }
}

/** The package's version (package.json). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}

/** The built web apps the server serves: mount path → folder (the designer first: `/` has a catch-all). */
export function webDirs(): Array<{ mount: string; dir: string }> {
  const r = packageRoot()
  return [
    { mount: '/designer', dir: path.join(r, 'designer/dist') },
    { mount: '/', dir: path.join(r, 'runtime/web/dist') },
  ]
}

/** The schemes shipped with the package (the default of DAIBAN_DEFINITIONS_DIR). */
export function bundledDefinitions(): string {
  return path.join(packageRoot(), 'definitions')
}
