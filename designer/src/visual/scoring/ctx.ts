import { createContext, useContext } from 'react'
import type { Catalogue } from './model'
import type { MESSAGES } from './messages'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a scoring definition's JSON, read member by member
export type Obj = Record<string, any>
export type T = (k: keyof (typeof MESSAGES)['zh-CN'], p?: Record<string, string | number>) => string

/**
 * What every control of one scoring needs: its words, how to write, what formulas read. Stable
 * while the user edits (the scoring itself goes down as props), so memoised sections skip a render.
 */
export interface ScoringCtx {
  t: T
  lang: 'zh-CN' | 'en'
  /** The scoring's JSON pointer: /scorings/0 */
  base: string
  cat: Catalogue
  /** Write the file with `fn` applied to a copy of this scoring. */
  write(fn: (sc: Obj) => void, label: string, coalesceKey?: string): void
}

export const Ctx = createContext<ScoringCtx | null>(null)
export function useScoring(): ScoringCtx {
  const c = useContext(Ctx)
  if (!c) throw new Error('useScoring() outside the scorecard (Ctx.Provider missing)')
  return c
}

/** Table rows: each element with its index (the pointer's token) as the row key. */
export const keyed = <X>(xs: X[]) => xs.map((x, i) => ({ x, i, key: String(i) }))
