/** Starts the designer's test server (./server-child.ts) on a temp copy of definitions/ and a temp data folder. */
import { cp, mkdtemp } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnServer, type ServerProcess } from '../browser/helpers'

export interface TestServer extends ServerProcess {
  defsDir: string
  dataDir: string
}

export async function startServer(): Promise<TestServer> {
  // DAIBAN_TEST_DESIGNER_DIST: a build elsewhere (several people building at once on one checkout)
  const dist = process.env.DAIBAN_TEST_DESIGNER_DIST ?? 'designer/dist'
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} is missing: run \`npm run build:designer\` first`)
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-designer-e2e-'))
  const defsDir = path.join(tmp, 'definitions')
  const dataDir = path.join(tmp, 'data')
  await cp('definitions', defsDir, { recursive: true })
  const proc = await spawnServer('tests/browser-designer/server-child.ts', [defsDir, dataDir, '0'], { cleanup: tmp })
  return { ...proc, defsDir, dataDir }
}
