/** A real runtime (FileStore in a temp folder, the real Galutu definitions) behind supertest. */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'

export interface Harness {
  rt: Runtime
  app: ReturnType<typeof createApp>
  clock: ManualClock
  dir: string
  http: ReturnType<typeof request>
  reopen(): Promise<void>
  close(): Promise<void>
}

export async function harness(opts: { start?: string; schemeDirs?: string[]; dir?: string } = {}): Promise<Harness> {
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'daiban-test-')))
  const clock = new ManualClock(opts.start ?? '2026-03-02')
  const schemeDirs = opts.schemeDirs ?? ['definitions/galutu']
  const h = {} as Harness
  const open = async () => {
    h.rt = await createRuntime({ dataDir: dir, schemeDirs, clock, log: () => {} })
    h.app = createApp({ ...h.rt, defaultScheme: 'galutu', log: () => {} })
    h.http = request(h.app)
  }
  await open()
  h.clock = clock
  h.dir = dir
  h.reopen = async () => {
    await h.rt.close()
    await open()
  }
  h.close = async () => {
    await h.rt.close()
    if (!opts.dir) await rm(dir, { recursive: true, force: true })
  }
  return h
}

export const intake = (over: Record<string, unknown> = {}) => ({
  petitionerName: '张三',
  sex: '男',
  phone: '13800000000',
  village: '团结社区',
  channel: 'visit',
  summary: '养老保险待遇未发放',
  requests: '尽快发放',
  receivedOn: '2026-03-02',
  category: '养老及其他农村牧区社会保险',
  level: 'village',
  ...over,
})
