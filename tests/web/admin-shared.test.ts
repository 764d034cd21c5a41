/**
 * The account screens' helpers (runtime/web/src/admin): grants named by the Galutu org, times in
 * Asia/Shanghai whatever the machine's zone, a User-Agent in short, the reset link and the designer link.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { describeAgent, grantIn, grantText, shanghaiTime } from '../../runtime/web/src/admin/shared'
import { designerUrl, resetUrl, type OrgWithRoles } from '../../runtime/web/src/admin/api'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as OrgWithRoles
const label = (o: { name?: string; nameEn?: string } | null | undefined, fallback = '') => o?.name ?? fallback
const en = (o: { name?: string; nameEn?: string } | null | undefined, fallback = '') => o?.nameEn ?? o?.name ?? fallback
const byScope = (scope: string) => org.roles.find((r) => r.scope === scope)!

describe('grantText', () => {
  it('names the role and its village or unit as the org does, in the language asked', () => {
    const v = org.villages[0]!
    const u = org.units[0]!
    const vr = byScope('village')
    expect(grantText(org, { role: vr.id, village: v.name }, label)).toBe(`${vr.name} · ${v.name}`)
    // a village stored by id is found too
    expect(grantText(org, { role: vr.id, village: v.id }, label)).toBe(`${vr.name} · ${v.name}`)
    const ur = byScope('unit')
    expect(grantText(org, { role: ur.id, unit: u.id }, en)).toBe(`${ur.nameEn ?? ur.name} · ${u.nameEn ?? u.name}`)
    const ar = byScope('all')
    expect(grantText(org, { role: ar.id }, label)).toBe(ar.name)
  })
  it('grantIn: no scheme means the default scheme', () => {
    expect(grantIn({ role: 'x' }, 'galutu', 'galutu')).toBe(true)
    expect(grantIn({ role: 'x' }, 'wulan', 'galutu')).toBe(false)
    expect(grantIn({ role: 'x', scheme: 'wulan' }, 'wulan', 'galutu')).toBe(true)
  })
})

describe('shanghaiTime', () => {
  it.each([
    ['2026-03-01T16:30:00.000Z', '2026-03-02 00:30'],
    ['2026-12-31T15:59:00Z', '2026-12-31 23:59'],
    ['2026-12-31T16:00:00Z', '2027-01-01 00:00'],
  ])('%s → %s', (iso, want) => expect(shanghaiTime(iso)).toBe(want))
  it('leaves what is not a time as it is, and nothing as nothing', () => {
    expect(shanghaiTime('not a time')).toBe('not a time')
    expect(shanghaiTime(undefined)).toBe('')
  })
})

describe('describeAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0', 'Edge · Windows'],
    ['Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 MicroMessenger/8.0', 'WeChat · Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari · iOS'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox · Linux'],
    ['curl/8.5.0', ''],
    ['', ''],
  ])('%s', (ua, want) => expect(describeAgent(ua)).toBe(want))
})

describe('links', () => {
  it('the reset link opens the staff app’s reset page, the token in the hash', () => {
    expect(resetUrl('a+b/c', { origin: 'https://daiban.example', pathname: '/' })).toBe('https://daiban.example/#/reset?token=a%2Bb%2Fc')
  })
  it('the designer link names the scheme and the file', () => {
    expect(designerUrl('galutu', 'org.json')).toBe('/designer/?scheme=galutu&file=org.json')
  })
})
