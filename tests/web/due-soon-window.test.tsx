// @vitest-environment jsdom
/**
 * The staff app reads the due-soon window from the scheme (GET /api/schemes/:id `dueSoonDays`,
 * from deadlines.json): with a window wider than Galutu's own, the case list's filter says so in
 * its label and asks for that many days, and a due date inside the wider window is tagged due soon.
 * The summary is the real Galutu org and calendar with the window changed, primed in the app's cache.
 */
import './dom'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { App } from 'antd'
import { readFileSync } from 'node:fs'
import CaseList from '../../runtime/web/src/screens/CaseList'
import { DueTag } from '../../runtime/web/src/components/DueTag'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { cached, SCHEME_ID } from '../../runtime/web/src/data'
import { addDays } from '../../runtime/web/src/dates'
import type { SchemeInfo } from '../../runtime/web/src/api'
import { dueSoonDaysOf } from '../../engine/calendar/due'
import { loadGalutu } from '../helpers/scheme'

const TODAY = '2026-03-10'
const own = dueSoonDaysOf(JSON.parse(readFileSync('definitions/galutu/deadlines.json', 'utf8')))
const wide = own + 4

beforeAll(async () => {
  const g = await loadGalutu()
  const info = {
    id: SCHEME_ID,
    name: g.manifest.name,
    town: g.manifest.town,
    version: '1',
    hash: 'h',
    seq: 1,
    caseNumberPrefix: g.manifest.caseNumberPrefix,
    org: g.defs.org,
    calendar: { from: g.calendar.from, to: g.calendar.to, provisional: [] },
    clocks: g.defs.deadlines.clocks,
    dueSoonDays: wide,
  } as unknown as SchemeInfo
  await cached(`summary:${SCHEME_ID}`, async () => info)
  await cached(`scheme:${SCHEME_ID}:latest`, async () => ({ scheme: info, forms: [], workflows: [] }))
  await cached('today', async () => TODAY)
  // the list itself: empty (only the filter bar is looked at)
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ items: [], total: 0, offset: 0, limit: 20 }), { headers: { 'content-type': 'application/json' } })),
  )
})

const wrap = (node: React.ReactNode, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <App>{node}</App>
    </I18nProvider>,
  )

describe("the scheme's due-soon window in the staff app", () => {
  it("the case list's filter is labelled with it and asks for that many days", async () => {
    wrap(<CaseList query={new URLSearchParams()} />)
    const box = await screen.findByText(`${wide}日内到期`)
    fireEvent.click(box)
    expect(new URLSearchParams(location.hash.split('?')[1] ?? '').get('dueSoon')).toBe(String(wide))
  })

  it('in English too', async () => {
    wrap(<CaseList query={new URLSearchParams()} />, 'en')
    expect(await screen.findByText(`Due within ${wide} days`)).toBeTruthy()
  })

  it('a date inside the wider window, outside the default one, is tagged due soon', async () => {
    const { container } = wrap(<DueTag dueDate={addDays(TODAY, own + 2)} today={TODAY} />)
    await vi.waitFor(() => expect(container.querySelector('[data-due="soon"]')).not.toBeNull())
    const later = wrap(<DueTag dueDate={addDays(TODAY, wide + 1)} today={TODAY} />)
    await new Promise((r) => setTimeout(r, 20))
    expect(later.container.querySelector('[data-due]')).toBeNull()
  })
})
