/**
 * Notifications as rows (#20): 200 concurrent transitions notifying one officer lose nothing; an
 * inbox kept as one document by an earlier version still shows after the upgrade (file store; the
 * PostgreSQL run is tests/pg/notify-concurrent.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { harness, type Harness } from './harness'
import { UNIT, manyNotifyOne } from '../helpers/notify-load'

let h: Harness
beforeAll(async () => {
  h = await harness({ start: '2026-03-02' })
})
afterAll(async () => h.close())

describe('notifications as rows', () => {
  it('200 transitions notifying one person at once: all 200 arrive, once each', async () => {
    const reader = await h.as('dept-one', [{ role: 'department_officer', scheme: 'galutu', unit: UNIT }])
    await manyNotifyOne(h.http, reader, 200, '2026-03-02', 'officer1')
  }, 240_000)

  it('an inbox document of an earlier version shows in the bell after the upgrade, unread count and all', async () => {
    const old = [
      { id: 'old-2', at: '2026-02-20T02:00:00.000Z', kind: 'overdue', caseId: 'c2', number: 'GLT-2026-000902', message: 'GLT-2026-000902 已超期', read: false },
      {
        id: 'old-1',
        at: '2026-02-19T02:00:00.000Z',
        kind: 'assigned',
        caseId: 'c1',
        number: 'GLT-2026-000901',
        message: 'GLT-2026-000901 已指定您为代办员（）',
        read: true,
      },
    ]
    await h.rt.store.putDoc('notifications/legacy-user', old)
    await h.reopen()
    const reader = await h.as('legacy-user', [{ role: 'town_officer', scheme: 'galutu' }])
    const bell = (await reader.get('/api/my/notifications')).body
    expect(bell).toEqual({ unread: 1, items: old })
    expect(await h.rt.store.getDoc('notifications/legacy-user')).toBeNull()
    expect((await reader.post('/api/my/notifications/read').send({ ids: ['old-2', 'old-1'] })).body.marked).toBe(1)
  })
})
