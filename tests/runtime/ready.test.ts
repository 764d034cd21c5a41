/**
 * /api/ready (issue #19): ready while the file store holds its folder's lock and schemes are
 * loaded; 503 naming what failed when the lock is gone or held by another process, or when the
 * server is shutting down. /api/health stays a liveness answer (200 regardless).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { harness, type Harness } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('/api/ready', () => {
  it('ready: the file store and the loaded schemes, never cached', async () => {
    h = await harness()
    const r = await h.anon.get('/api/ready')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ status: 'ready', store: 'file', schemes: ['galutu'] })
    expect(r.headers['cache-control']).toBe('no-store')
  })

  it('the data folder lock no longer held by this process: 503 naming the lock, while /api/health stays 200', async () => {
    h = await harness()
    const lock = path.join(h.dir, 'LOCK')
    const mine = await readFile(lock, 'utf8')
    expect(Number(mine.trim().split(/\s/)[0])).toBe(process.pid)
    await writeFile(lock, '1\n') // another process's pid
    const r = await h.anon.get('/api/ready')
    expect(r.status).toBe(503)
    expect(r.body.code).toBe('NOT_READY')
    expect(r.body.message).toContain('锁')
    expect(r.body.message).toContain(lock)
    const en = await h.anon.get('/api/ready').set('accept-language', 'en')
    expect(en.body.message).toMatch(/does not hold the data folder's lock/)
    expect((await h.anon.get('/api/health')).status).toBe(200)
    await writeFile(lock, mine)
    expect((await h.anon.get('/api/ready')).status).toBe(200)
  })

  it('shutting down: 503', async () => {
    let stopping = false
    h = await harness({ app: { stopping: () => stopping } })
    expect((await h.anon.get('/api/ready')).status).toBe(200)
    stopping = true
    const r = await h.anon.get('/api/ready')
    expect(r.status).toBe(503)
    expect(r.body.message).toContain('正在停止')
  })
})
