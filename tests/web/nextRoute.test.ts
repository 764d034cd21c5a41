/** Review finding 7: the sign-in page's `next` leads only to the app's own screens or the designer. */
import { describe, expect, it } from 'vitest'
import { afterSignIn, type AfterSignIn } from '../../runtime/web/src/nextRoute'
import table from '../cases/redirects.json'

const cases = table.cases as Array<{ next: string | null; expect: AfterSignIn; why: string }>

describe('review finding 7: open redirect after sign-in', () => {
  it.each(cases.map((c) => [JSON.stringify(c.next), c.why, c] as const))('next=%s (%s)', (_n, _why, c) => {
    expect(afterSignIn(c.next)).toEqual(c.expect)
  })

  it('whatever it accepts stays on this origin when followed', () => {
    const origin = 'https://daiban.example'
    for (const c of cases) {
      const to = afterSignIn(c.next)
      const url = 'app' in to ? new URL(to.app, origin) : new URL(`/#${to.route}`, origin)
      expect(url.origin, String(c.next)).toBe(origin)
    }
  })

  it('a very long next goes home', () => {
    expect(afterSignIn(`/cases?q=${'a'.repeat(3000)}`)).toEqual({ route: '/' })
  })
})
