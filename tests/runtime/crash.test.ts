/**
 * A server killed with SIGKILL during a burst of writes loses no acknowledged transition: every
 * request that got a 2xx before the kill is there after a restart on the same data folder.
 */
import { afterAll, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { intake } from './harness'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

function start(dir: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/runtime/fixtures/server-child.ts', dir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /READY (\d+)/.exec(out)
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` })
    })
    child.stderr!.on('data', (d) => (err += d))
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
  })
}

let auth: Record<string, string> = {}
async function login(base: string): Promise<void> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer1', password: 'correct horse battery staple' }),
  })
  const body = await r.json()
  auth = { cookie: String(r.headers.get('set-cookie')).split(';')[0]!, 'x-csrf-token': body.csrfToken }
}
async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) })
  return { status: r.status, body: await r.json() }
}
const get = (url: string) => fetch(url, { headers: auth })

it('no acknowledged write is lost when the process is killed mid-burst', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-crash-'))
  dirs.push(dir)
  const { child, base } = await start(dir)
  await login(base)
  const acked = new Map<string, number>() // case id → highest acknowledged version
  const ids: string[] = []
  for (let i = 0; i < 5; i++) {
    const r = await post(`${base}/api/cases`, { form: intake({ officer: 'officer1' }) })
    expect(r.status).toBe(201)
    ids.push(r.body.id)
    acked.set(r.body.id, 1)
  }
  let stop = false
  const worker = async (id: string) => {
    let n = 0
    while (!stop) {
      try {
        const r = await post(`${base}/api/cases/${id}/events`, { type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: `批示 ${n++}` } })
        if (r.status === 200) acked.set(id, Math.max(acked.get(id)!, r.body.version))
      } catch {
        return // connection refused/reset after the kill: not acknowledged
      }
    }
  }
  const workers = ids.map(worker)
  await new Promise((r) => setTimeout(r, 1500))
  child.kill('SIGKILL')
  stop = true
  await Promise.all(workers)
  const total = [...acked.values()].reduce((a, b) => a + b, 0)
  expect(total).toBeGreaterThan(20)

  const again = await start(dir) // the dead process's lock is taken over
  await login(again.base) // sessions live in the store: the old one would do too
  try {
    for (const [id, version] of acked) {
      const r = await get(`${again.base}/api/cases/${id}`)
      const c = await r.json()
      expect(r.status).toBe(200)
      expect(c.version).toBeGreaterThanOrEqual(version)
      // The case's record and its audit agree: nothing half-written.
      const a = await (await get(`${again.base}/api/cases/${id}/audit`)).json()
      expect(a.items).toHaveLength(c.version)
      expect(c.context.records).toHaveLength(c.version)
    }
    // And it keeps working.
    const more = await post(`${again.base}/api/cases/${ids[0]}/events`, { type: 'LEADER_INSTRUCTION', form: { leader: '镇长', content: '重启后' } })
    expect(more.status).toBe(200)
  } finally {
    again.child.kill('SIGKILL')
  }
}, 60_000)

it('a second server on the same data folder is refused by the lock', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daiban-lock-'))
  dirs.push(dir)
  const first = await start(dir)
  try {
    await expect(start(dir)).rejects.toThrow(/占用|locked/)
  } finally {
    first.child.kill('SIGKILL')
  }
}, 30_000)
