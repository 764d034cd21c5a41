/**
 * A real server for the designer's browser tests, in a child process:
 *   run-ts tests/browser-designer/server-child.ts <definitionsDir> <dataDir> [port]
 * `definitionsDir` is a temporary COPY of definitions/, so publishing writes there, never into the
 * repository. Serves the built designer (designer/dist) at /designer and the staff app (its sign-in)
 * at /; an administrator `admin` exists.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { createRuntime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { seedOfficers } from '../helpers/officers'

const [defs, data, port] = process.argv.slice(2)
if (!defs || !data) {
  console.error('usage: server-child.ts <definitionsDir> <dataDir> [port]')
  process.exit(2)
}
const rt = await createRuntime({ dataDir: data, definitionsDir: defs, log: (m) => process.stderr.write(m + '\n') })
// The designer signs in through the staff app's sign-in (served at /): an administrator.
if (!(await rt.accounts.get('admin')))
  await rt.accounts.create({
    username: 'admin',
    displayName: '方案管理员',
    password: 'designer-admin-2026!',
    grants: [{ role: 'admin' }, { role: 'town_officer' }],
  })
// the officer the tests' cases name (the server accepts only a real officer account, #18 §4)
await seedOfficers(rt, ['李四'])
const app = createApp({
  ...rt,
  signInLimit: 10_000,
  log: (m, e) => process.stderr.write(`${m} ${e instanceof Error ? e.stack : ''}\n`),
  staticDirs: [
    { mount: '/designer', dir: path.resolve(process.env.DAIBAN_TEST_DESIGNER_DIST ?? 'designer/dist') },
    { mount: '/', dir: path.resolve('runtime/web/dist') },
  ],
})
const server = app.listen(Number(port ?? 0), '127.0.0.1', () => process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`))
const stop = async () => {
  server.close()
  await rt.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
// A test worker that dies without stopping its server (a set-up past the hook's timeout): stop with
// it, and remove the temp folder ./fixture.ts made, as its stop() would have.
const parent = process.ppid
const orphaned = setInterval(() => {
  if (process.ppid === parent) return
  clearInterval(orphaned)
  const tmp = path.dirname(path.resolve(defs))
  if (path.basename(tmp).startsWith('daiban-designer-e2e-')) process.on('exit', () => rmSync(tmp, { recursive: true, force: true }))
  void stop()
}, 1000).unref()
