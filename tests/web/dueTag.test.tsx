// @vitest-environment jsdom
/**
 * A due date in a provisional year of the scheme's calendar (not yet the State Council's notice)
 * carries a 暂定 tag. The scheme summary the tag reads is built from the real Galutu calendar.
 */
import './dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import { DueTag } from '../../runtime/web/src/components/DueTag'
import { I18nProvider } from '../../runtime/web/src/i18n'
import { cached, SCHEME_ID } from '../../runtime/web/src/data'
import type { SchemeInfo } from '../../runtime/web/src/api'
import { loadGalutu } from '../helpers/scheme'

let provisional: readonly string[] = []
let published = ''
beforeAll(async () => {
  const cal = (await loadGalutu()).calendar
  provisional = cal.provisionalYears
  published = String(Number(cal.from.slice(0, 4)))
  // the summary the app would fetch from /api/schemes/:id, primed in the app's cache
  await cached(`summary:${SCHEME_ID}`, async () => ({ calendar: { from: cal.from, to: cal.to, provisional: [...provisional] } }) as unknown as SchemeInfo)
})

const show = (dueDate: string, lang: 'zh' | 'en' = 'zh') =>
  render(
    <I18nProvider initial={lang}>
      <DueTag dueDate={dueDate} today={`${published}-01-01`} />
    </I18nProvider>,
  )

describe('DueTag', () => {
  it('marks a date in a provisional year, with the reason on hover', async () => {
    expect(provisional.length).toBeGreaterThan(0)
    const y = provisional[0]!
    const { container } = show(`${y}-03-15`)
    const tag = await screen.findByText('暂定')
    expect(tag.getAttribute('title')).toContain(`${y} 年节假日安排尚未公布`)
    expect(container.textContent).toContain(`${y}-03-15`)
  })

  it('leaves a date in a published year alone', async () => {
    const { container } = show(`${published}-06-15`)
    await new Promise((r) => setTimeout(r, 20))
    expect(container.querySelector('[data-due-provisional]')).toBeNull()
  })

  it('speaks English', async () => {
    show(`${provisional[0]!}-03-15`, 'en')
    expect(await screen.findByText('Provisional')).toBeTruthy()
  })
})
