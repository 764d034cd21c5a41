/** Starts the designer's test server (./server-child.ts) on a temp copy of definitions/ and a temp data folder. */
import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface TestServer {
  url: string
  defsDir: string
  dataDir: string
  child: ChildProcess
  stderr(): string
  stop(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  if (!existsSync('designer/dist/index.html')) throw new Error('designer/dist is missing: run `npm run build:designer` first')
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-designer-e2e-'))
  const defsDir = path.join(tmp, 'definitions')
  const dataDir = path.join(tmp, 'data')
  await cp('definitions', defsDir, { recursive: true })
  const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/browser-designer/server-child.ts', defsDir, dataDir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited ${code}:\n${err}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    defsDir,
    dataDir,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      await rm(tmp, { recursive: true, force: true })
    },
  }
}
