/**
 * A limit spelled out in prose where a placeholder belongs (issue #16): a description, a reason,
 * an explanation or a notice text saying "15个工作日" (or "15 working days") when a clock of the
 * scheme has that limit. Edit the clock and the text stays wrong; `{{clock.<id>.limit}}` follows it
 * (../placeholders.ts). Texts quoting the source document are left alone: `source` fields and
 * anything inside quotation marks (原文为“15日内”).
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import type { ClockDefinition, SchemeDefinitions } from '../types'
import type { Origins } from '../origins'
import { escapePointerToken } from '../../util/problem'
import { problem } from '../../i18n/messages'

/** Second edition only: a first-edition scheme keeps its literal limits until `daiban migrate-scheme` replaces them. */
export const proseNumbers: CrossCheck = { name: 'limits in prose come from placeholders', kinds: ['deadlines'], since: 2, run: check }

/** A limit spelled out in a text: where, what exactly (`text` at `index` of the string), and the clocks it may mean (first: the likeliest). */
export interface LiteralLimit {
  file: string
  pointer: string
  index: number
  text: string
  clocks: ClockDefinition[]
  /** Written in English ("15 working days"): its placeholder is `limitEn`. */
  en: boolean
}

/** Keys whose string values are prose shown to people. */
const PROSE =
  /^(name|nameEn|title|description|reason|reasonEn|explain|message|messageEn|intro|note|gradeNote|printTitle|ui:help|ui:description|ui:title|ui:placeholder)$/
const ZH = /(?<![\d月.])(\d+)\s*(个)?(工作日|自然日|日|天)/g
const EN = /\b(\d+)\s+(working days?|calendar days?|days?)\b/gi
const QUOTED = /“[^”]*”|「[^」]*」|"[^"]*"|《[^》]*》/g

function check({ s, o, out }: CheckContext): void {
  for (const h of literalLimits(s.source, o)) {
    const placeholder = `{{clock.${h.clocks[0]!.id}.${h.en ? 'limitEn' : 'limit'}}}`
    out.push({ ...problemOf(h.text, h.clocks.map((c) => c.id).join(h.en ? ', ' : '、'), placeholder), pointer: h.pointer, file: h.file })
  }
}

/** Every limit spelled out in the prose of the definitions as written (also read by migrate-scheme). */
export function literalLimits(source: SchemeDefinitions, o: Origins): LiteralLimit[] {
  const clocks = source.deadlines?.clocks ?? []
  const found: LiteralLimit[] = []
  if (!clocks.length) return found
  // The clocks a text may mean: those with its number and unit; of those, the clock the text belongs
  // to, or the clocks of the workflow it describes, when it is one of theirs.
  const find = (days: number, unit: 'workday' | 'calendar', owner: unknown): ClockDefinition[] => {
    const all = clocks.filter((c) => c.days === days && c.unit === unit)
    const own = all.filter((c) => c === owner)
    if (own.length) return own
    const id = owner && typeof owner === 'object' && 'config' in owner ? (owner as { id?: unknown }).id : undefined
    const mine = all.filter((c) => c.machine === id)
    return mine.length ? mine : all
  }
  const scan = (text: string, owner: unknown, ptr: string) => {
    // quotations become spaces of the same length: what is found keeps its index in the text
    const plain = text.replace(QUOTED, (q) => ' '.repeat(q.length))
    const hits: Array<Omit<LiteralLimit, 'file' | 'pointer'>> = []
    for (const m of plain.matchAll(ZH))
      hits.push({ index: m.index, text: m[0], clocks: find(Number(m[1]), m[3] === '工作日' ? 'workday' : 'calendar', owner), en: false })
    for (const m of plain.matchAll(EN))
      hits.push({ index: m.index, text: m[0], clocks: find(Number(m[1]), /^working/i.test(m[2]!) ? 'workday' : 'calendar', owner), en: true })
    for (const h of hits) {
      if (!h.clocks.length) continue
      const loc = o.at(owner, ptr)
      found.push({ ...h, file: loc.file, pointer: loc.pointer })
    }
  }
  const visit = (node: unknown, owner: unknown, ptr: string, key: string, depth: number): void => {
    if (typeof node === 'string') {
      if (PROSE.test(key)) scan(node, owner, ptr)
      return
    }
    if (!node || typeof node !== 'object' || depth > 200) return
    const own = o.get(node) ? node : undefined
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node)
    for (const [k, v] of entries) {
      if (k === 'source') continue
      visit(v, own ?? owner, own ? `/${escapePointerToken(k)}` : `${ptr}/${escapePointerToken(k)}`, typeof k === 'string' ? k : key, depth + 1)
    }
  }
  visit(source, source, '', '', 0)
  return found
}

function problemOf(text: string, clock: string, placeholder: string) {
  return problem('LITERAL_LIMIT', '', { text: text.trim(), clock, placeholder })
}
