/**
 * What every duty screen needs, loaded once for the area: the scheme's duty definition, its forms
 * and workflows, the people (names and office phones) and the scheme's today.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { Skeleton } from 'antd'
import { loadScheme, useAsync, useSchemeId, type SchemeBundle } from '../data'
import { LoadError } from '../components/Problem'
import { dutyApi, type DutyApi, type DutyDef, type Person } from './api'

export interface DutyCtx {
  schemeId: string
  d: DutyApi
  def: DutyDef
  bundle: SchemeBundle
  today: string
  people: Person[]
  /** user name → display name (the user name itself when unknown) */
  name: (username: string | null | undefined) => string
  reloadPeople: () => void
}

const Ctx = createContext<DutyCtx | null>(null)

export function useDuty(): DutyCtx {
  const c = useContext(Ctx)
  if (!c) throw new Error('useDuty() outside <DutyProvider>: wrap the duty screens in it')
  return c
}

export function DutyProvider({ children }: { children: ReactNode }) {
  const schemeId = useSchemeId()
  const d = useMemo(() => dutyApi(schemeId), [schemeId])
  const base = useAsync(() => Promise.all([d.definition(), loadScheme(schemeId), d.today()]), [d, schemeId])
  const people = useAsync(() => d.people().then((r) => r.items), [d])
  const value = useMemo<DutyCtx | null>(() => {
    if (!base.data || !people.data) return null
    const [def, bundle, today] = base.data
    const names = new Map(people.data.map((p) => [p.username, p.name]))
    return {
      schemeId,
      d,
      def: def.duty,
      bundle,
      today: today.date,
      people: people.data,
      name: (u) => (u ? (names.get(u) ?? u) : ''),
      reloadPeople: people.reload,
    }
  }, [base.data, people.data, schemeId, d, people.reload])
  if (base.error) return <LoadError error={base.error} onRetry={base.reload} />
  if (people.error) return <LoadError error={people.error} onRetry={people.reload} />
  if (!value) return <Skeleton active />
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

/** "2026-03-10T02:03:04.000Z" → "2026-03-10 10:03" in the browser's zone (an office's clock). */
export function shortTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  // the town's time, whatever the browser's zone
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d)
}
