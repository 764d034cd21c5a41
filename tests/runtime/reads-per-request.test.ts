/**
 * What a case request reads from the store (#20: on PostgreSQL every read is a round trip): the
 * route's access check reads the case and hands it on, so GET and an event read it once; the
 * accounts are read for the officer check only when the event's form names an officer, and the
 * notices of a transition are written in its own commit, not appended after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, intake, type Harness } from './harness'
import type { Store } from '../../runtime/store'

let h: Harness
beforeAll(async () => {
  h = await harness({ officers: ['李四', '王五'] })
})
afterAll(async () => {
  await h?.close()
})

/** Counts the store calls made while `run` runs: getCase, the account-list version reads, appendNotifications, and the notices updateCase carried. */
async function counting(store: Store, run: () => Promise<unknown>) {
  const seen = { getCase: 0, accountsVersion: 0, appended: 0, notices: 0 }
  const s = store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
  const orig = { getCase: s.getCase!, getDoc: s.getDoc!, appendNotifications: s.appendNotifications!, updateCase: s.updateCase! }
  s.getCase = (...a) => (seen.getCase++, orig.getCase.apply(store, a))
  s.getDoc = (...a) => (a[0] === 'accounts-version' && seen.accountsVersion++, orig.getDoc.apply(store, a))
  s.appendNotifications = (...a) => (seen.appended++, orig.appendNotifications.apply(store, a))
  s.updateCase = (...a) => ((seen.notices += (a[3] as unknown[] | undefined)?.length ?? 0), orig.updateCase.apply(store, a))
  try {
    await run()
  } finally {
    for (const k of Object.keys(orig)) delete (s as Record<string, unknown>)[k]
  }
  return seen
}

describe('store reads per case request', () => {
  it('reads the case once for GET and for an event; the accounts only where the form names an officer; notices ride on the write', async () => {
    const created = await h.http.post('/api/cases').send({ form: intake({ level: 'town', category: '道路建设', officer: '李四' }) })
    expect(created.status).toBe(201)
    const id = created.body.id as string

    const get = await counting(h.rt.store, () => h.http.get(`/api/cases/${id}`).expect(200))
    expect(get.getCase).toBe(1)

    // DISPATCH names no officer: the officer check reads no accounts; the notice to the units' staff is planned (one read) and written with the case
    const dispatch = await counting(h.rt.store, async () => {
      const r = await h.http.post(`/api/cases/${id}/events`).send({ type: 'DISPATCH', form: { sentOn: '2026-03-02', units: ['shehuishiwu'], matter: '核实' } })
      expect(r.status).toBe(200)
    })
    expect(dispatch).toMatchObject({ getCase: 1, accountsVersion: 1, appended: 0 })

    // RECORD_REPLY tells the officer: one notice, in the case's own write
    const reply = await counting(h.rt.store, async () => {
      const r = await h.http
        .post(`/api/cases/${id}/events`)
        .send({ type: 'RECORD_REPLY', form: { unit: 'shehuishiwu', repliedOn: '2026-03-02', result: '已补发' } })
      expect(r.status).toBe(200)
    })
    expect(reply).toMatchObject({ getCase: 1, appended: 0 })
    expect(reply.notices).toBeGreaterThan(0)
    const inbox = await h.rt.store.listNotifications(['李四'], { offset: 0, limit: 5 })
    expect(inbox.items[0]).toMatchObject({ caseId: id, kind: 'reply' })

    // ASSIGN_OFFICER names one: the check reads the accounts, and the planner once more
    const assign = await counting(h.rt.store, async () => {
      const r = await h.http.post(`/api/cases/${id}/events`).send({ type: 'ASSIGN_OFFICER', form: { officer: '王五' } })
      expect(r.status).toBe(200)
    })
    expect(assign).toMatchObject({ getCase: 1, accountsVersion: 2, appended: 0 })
    expect(assign.notices).toBeGreaterThan(0)
  })
})
