/** Helpers of the administration screens: grants in the words of the org, times in Asia/Shanghai, clients in short. */
import type { Named } from '../api'
import type { Grant, OrgRole, OrgWithRoles } from './api'

type Label = (o: { name?: string; nameEn?: string } | null | undefined, fallback?: string) => string

/** Is this grant one of `schemeId` (no scheme: the server's default scheme)? `*` grants are of every scheme. */
export function grantIn(g: Grant, schemeId: string, defaultScheme: string): boolean {
  return g.scheme === undefined ? schemeId === defaultScheme : g.scheme === schemeId
}

export function roleOf(org: OrgWithRoles, id: string): OrgRole | undefined {
  return org.roles.find((r) => r.id === id)
}

/** The village a grant names (stored by name; an id is accepted too). */
export function villageOf(org: OrgWithRoles, v: string | undefined): Named | undefined {
  return v ? org.villages.find((x) => x.name === v || x.id === v) : undefined
}

export function unitOf(org: OrgWithRoles, u: string | undefined): Named | undefined {
  return u ? org.units.find((x) => x.id === u) : undefined
}

/** "嘎查村（社区）代办员 · 团结社区": the role and its place, named by the org. */
export function grantText(org: OrgWithRoles, g: Grant, label: Label): string {
  const role = label(roleOf(org, g.role), g.role)
  const place = g.village ? label(villageOf(org, g.village), g.village) : g.unit ? label(unitOf(org, g.unit), g.unit) : ''
  return place ? `${role} · ${place}` : role
}

/** An ISO time as "2026-03-02 09:15" in Asia/Shanghai, whatever the browser's zone. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** "Chrome · Windows" from a User-Agent; '' when nothing is recognised. */
export function describeAgent(ua: string): string {
  if (!ua) return ''
  const browser = /MicroMessenger/i.test(ua)
    ? 'WeChat'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : ''
  const os = /Android/i.test(ua)
    ? 'Android'
    : /iPhone|iPad/i.test(ua)
      ? 'iOS'
      : /Windows/i.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/i.test(ua)
          ? 'macOS'
          : /Linux/i.test(ua)
            ? 'Linux'
            : ''
  return [browser, os].filter(Boolean).join(' · ')
}
