/**
 * The public page is not wired to one town (runtime/web/public/src/api.ts): it files to the scheme
 * its address names (`?scheme=wulan`, `/public/wulan/`), else to the server's default from GET
 * /api/public/config. Run against real servers: one serving only the second town (definitions/wulan),
 * whose page files to wulan with no scheme in its address; one serving both towns (default galutu),
 * where `?scheme=wulan` files to wulan. The page's own API module is driven, its fetch sent to the server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRuntime, type Runtime } from '../../runtime/server/deps'
import { createApp } from '../../runtime/server/app'
import { ManualClock } from '../../runtime/clock'
import { solve } from '../../runtime/channels/challenge'
import { getChallenge, getInfo, newSubmissionId, pageScheme, resetPageScheme, schemeFromUrl, submitPetition } from '../../runtime/web/public/src/api'

interface Server {
  rt: Runtime
  url: string
  close(): Promise<void>
}
let tmp: string
const servers: Record<'wulanOnly' | 'both', Server> = {} as never

async function serve(name: string, towns: string[]): Promise<Server> {
  const defs = path.join(tmp, name, 'definitions')
  for (const t of towns) await cp(`definitions/${t}`, path.join(defs, t), { recursive: true })
  const rt = await createRuntime({
    dataDir: path.join(tmp, name, 'data'),
    definitionsDir: defs,
    clock: new ManualClock('2026-03-02'),
    log: () => {},
    challengeDifficulty: 4,
  })
  const app = createApp({ ...rt, log: () => {}, publicLimits: { submitPerHour: 1000, lookupPer10Min: 1000 } })
  const server = http.createServer(app)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    rt,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    // the runtime too: its store's background writer must stop before the folder is deleted
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()))
      await rt.close()
    },
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'daiban-public-scheme-'))
  servers.wulanOnly = await serve('wulan-only', ['wulan'])
  servers.both = await serve('both', ['galutu', 'wulan'])
}, 120_000)
afterAll(async () => {
  for (const s of Object.values(servers)) await s?.close()
  await rm(tmp, { recursive: true, force: true })
})
afterEach(() => {
  vi.unstubAllGlobals()
  resetPageScheme()
})

const realFetch = globalThis.fetch
/** The page at `address` on `server`: its relative API calls go to that server. */
function openPage(server: Server, address: string) {
  const u = new URL(address, 'http://page')
  vi.stubGlobal('location', { pathname: u.pathname, search: u.search })
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => realFetch(`${server.url}${String(input)}`, init))
  resetPageScheme()
}

/** Files a petition through the page's API, from the first village of the town's org (definitions/<town>/org.json). */
async function file(town: string) {
  const info = await getInfo()
  const village = (JSON.parse(readFileSync(`definitions/${town}/org.json`, 'utf8')) as { villages: Array<{ name: string }> }).villages[0]!.name
  const c = await getChallenge()
  const form = { petitionerName: '王大妈', phone: '13912345678', village, summary: '小区供暖长期不达标', acceptsProxy: true }
  return { info, receipt: await submitPetition({ form, challenge: c.token, solution: solve(c.token, c.difficulty), submissionId: newSubmissionId() }) }
}

const townOf = async (s: Server, id: string) => (await s.rt.schemes.get(id, (await s.rt.schemes.latest(id)).hash)).manifest.town
/** The scheme of the case filed under `number`, as the store has it */
async function schemeOfCase(s: Server, number: string) {
  for (const id of await s.rt.schemes.schemeIds()) if ((await s.rt.store.allSummaries({ schemeId: id })).some((c) => c.number === number)) return id
  return null
}

describe('the scheme the public page files to', () => {
  it.each([
    ['/public/', '', null],
    ['/public/', '?scheme=wulan', 'wulan'],
    ['/public/wulan/', '', 'wulan'],
    ['/public/wulan', '', 'wulan'],
    ['/public/index.html', '', null],
    ['/public/', '?scheme=../x', null],
    ['/public/', '?scheme=', null],
  ])('%s%s → %s', (pathname, search, want) => {
    expect(schemeFromUrl({ pathname, search })).toBe(want)
  })

  it('a server of the second town only: no scheme in the address, the page files to wulan (its default)', async () => {
    openPage(servers.wulanOnly, '/public/')
    expect(await pageScheme()).toBe('wulan')
    const { info, receipt } = await file('wulan')
    expect(info.town).toBe(await townOf(servers.wulanOnly, 'wulan'))
    expect(await schemeOfCase(servers.wulanOnly, receipt.number)).toBe('wulan')
  }, 60_000)

  it('a server of both towns: the default is galutu; ?scheme=wulan files to wulan', async () => {
    openPage(servers.both, '/public/')
    expect(await pageScheme()).toBe('galutu')
    openPage(servers.both, '/public/?scheme=wulan')
    expect(await pageScheme()).toBe('wulan')
    const { info, receipt } = await file('wulan')
    expect(info.town).toBe(await townOf(servers.both, 'wulan'))
    expect(info.town).not.toBe(await townOf(servers.both, 'galutu'))
    expect(await schemeOfCase(servers.both, receipt.number)).toBe('wulan')
  }, 60_000)
})
