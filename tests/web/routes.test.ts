/**
 * The staff app's route table (runtime/web/src/routes.ts): which screen a hash path opens, and the
 * sign-in page's `next` accepting exactly the table's screens (nextRoute.ts derives them from it).
 */
import { describe, expect, it } from 'vitest'
import { openPageOf, SCREEN_ROOTS, SCREENS, screenOf } from '../../runtime/web/src/routes'
import { afterSignIn } from '../../runtime/web/src/nextRoute'

describe('the route table', () => {
  it.each([
    ['/', 'tasks', {}],
    ['/tasks', 'tasks', {}],
    ['/register', 'register', {}],
    ['/cases', 'cases', {}],
    ['/cases/GLT-2026-000001', 'case', { id: 'GLT-2026-000001' }],
    ['/cases/GLT-2026-000001/print/intake', 'print', { id: 'GLT-2026-000001', kind: 'intake' }],
    ['/cases/GLT-2026-000001/print/disposal/d1', 'print', { id: 'GLT-2026-000001', kind: 'disposal', part: 'd1' }],
    ['/reports', 'reports', {}],
    ['/reports/bulletin', 'reports', {}],
    ['/intake/import', 'intake', {}],
    ['/duty/roster', 'duty', {}],
    ['/admin/org', 'admin', {}],
    ['/print/reports/bulletin', 'reportsPrint', {}],
    ['/print/duty/roster', 'dutyPrint', {}],
  ])('%s → %s', (path, id, params) => {
    expect(screenOf(path)).toEqual({ id, params })
  })

  it.each(['/nope', '/reportsx', '/cases/a/b', '/login', '/print'])('%s is no screen', (path) => {
    expect(screenOf(path)).toBeNull()
  })

  it('knows the open pages apart', () => {
    expect(openPageOf('/login')?.id).toBe('login')
    expect(openPageOf('/reset')?.id).toBe('reset')
    expect(openPageOf('/cases')).toBeNull()
  })

  it('a sign-in goes on to every screen of the table, and to no open page', () => {
    for (const r of SCREENS) {
      const path = r.path.replace(/:(\w+)/g, 'x1')
      expect(afterSignIn(path), path).toEqual({ route: path })
    }
    expect([...SCREEN_ROOTS].sort()).toEqual(['', 'admin', 'cases', 'duty', 'intake', 'print', 'register', 'reminders', 'reports', 'tasks'])
    for (const p of ['/login', '/setup', '/reset?token=x']) expect(afterSignIn(p)).toEqual({ route: '/' })
  })
})
