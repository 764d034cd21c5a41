/**
 * Writes the OpenAPI document the server serves at /api/openapi.json (generated from the route
 * table) to a file, for the linter and for client generators: `npm run openapi -- out.json`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRuntime } from '../runtime/server/deps'
import { createApp } from '../runtime/server/app'
import { createLogger } from '../runtime/log'

const out = process.argv[2] ?? 'openapi.json'
const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-openapi-'))
const rt = await createRuntime({ dataDir: dir, definitionsDir: 'definitions', logger: createLogger({ level: 'silent' }) })
try {
  const app = createApp({ ...rt, log: () => {} })
  await writeFile(out, JSON.stringify(app.locals.openapi, null, 2) + '\n')
  console.log(`OpenAPI 文档已写入 ${out}（${Object.keys((app.locals.openapi as { paths: object }).paths).length} 个路径）`)
} finally {
  await rt.close()
  await rm(dir, { recursive: true, force: true })
}
