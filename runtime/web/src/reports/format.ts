/** Small pure helpers of the reports area: periods, percentages, case-list links. */

/** `/api/cases?village=…&proxied=1` (a link the server gives with a number) → the case list's hash path. */
export function caseListPath(apiLink: string): string {
  const i = apiLink.indexOf('?')
  return `/cases${i >= 0 ? apiLink.slice(i) : ''}`
}

export const caseListHref = (apiLink: string) => `#${caseListPath(apiLink)}`

/** 0.8 → "80.0%"; null (nothing to divide by) → "—" */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return `${(Math.round(v * 10 ** (digits + 2)) / 10 ** digits).toFixed(digits)}%`
}

/** Scores as the scheme rounds them (at most 2 decimals shown). */
export function pts(v: number): string {
  return String(Math.round(v * 100) / 100)
}

export const isMonth = (p: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(p)
export const isYear = (p: string) => /^\d{4}$/.test(p)
export const isPeriod = (p: string | null | undefined): p is string => !!p && (isMonth(p) || isYear(p))

/** A valid period from the address, else the month of `today`. */
export function periodOr(p: string | null | undefined, today: string, kinds: 'any' | 'month' | 'year' = 'any'): string {
  if (p && (kinds === 'month' ? isMonth(p) : kinds === 'year' ? isYear(p) : isPeriod(p))) return p
  return kinds === 'year' ? today.slice(0, 4) : today.slice(0, 7)
}

/** The last day of a month or year period. */
export function periodEnd(p: string): string {
  if (isYear(p)) return `${p}-12-31`
  const [y, m] = p.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${p}-${String(last).padStart(2, '0')}`
}

/** Updates one query parameter of a hash location, keeping the others. */
export function withQuery(path: string, query: URLSearchParams, patch: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams(query)
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined || v === '') q.delete(k)
    else q.set(k, v)
  }
  const s = q.toString()
  return `${path}${s ? `?${s}` : ''}`
}

/** Which grade band a total falls in: the first whose min it reaches (the scheme's rule). */
export function bandIndex(grades: Array<{ min: number | null }>, total: number): number {
  const i = grades.findIndex((g) => g.min === null || total >= g.min)
  return i < 0 ? grades.length - 1 : i
}

/** Tag colours by band position, best first (the scheme names the bands; colours are ours). */
export function bandColor(index: number, count: number): string {
  if (count <= 1) return 'blue'
  if (index === 0) return 'green'
  if (index === count - 1) return 'red'
  return index === 1 ? 'blue' : 'gold'
}
