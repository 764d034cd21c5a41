/**
 * Numbers in prose from placeholders (issue #16 §3). A first-edition text that spells out a
 * clock's limit ("事项终结后15日内回访") gets the placeholder that renders exactly the same text
 * ("事项终结后{{clock.follow_up.limit}}内回访"), so the scheme says what it said and a later change
 * of the limit follows into the text. What counts as a literal limit, and which clocks it may mean,
 * is the `validate` check's own reading (../consistency/prose-numbers.ts).
 *
 * Exactly the same text: `limit`/`limitEn` where the literal is written as they render it
 * ("15个工作日", "15日", "15 working days"); otherwise only the number becomes `{{clock.<id>.days}}`
 * ("15天" → "{{clock.follow_up.days}}天").
 */
import { literalLimits, type LiteralLimit } from '../consistency/prose-numbers'
import type { ClockDefinition, SchemeDefinitions } from '../types'
import type { Origins } from '../origins'
import { spanAt } from './json-text'
import { emptyPlan, type MigrationStep } from './step'

export const placeholdersStep: MigrationStep = {
  id: 'placeholders',
  title: '文字中写明的时限改为占位符 {{clock.<id>.limit}}（显示的文字不变）',
  titleEn: 'limits spelled out in prose become {{clock.<id>.limit}} placeholders (the text shown stays the same)',
  plan({ defs, origins, text }) {
    const plan = emptyPlan()
    const byText = new Map<string, LiteralLimit[]>()
    for (const h of literalLimits(defs, origins)) {
      const key = `${h.file}\u0000${h.pointer}`
      byText.set(key, [...(byText.get(key) ?? []), h])
    }
    for (const hits of byText.values()) {
      const { file, pointer } = hits[0]!
      const t = text(file)
      const span = t === undefined ? undefined : spanAt(t, pointer)
      const value = span && (JSON.parse(t!.slice(span.start, span.end)) as unknown)
      let out = typeof value === 'string' ? value : undefined
      const changes: typeof plan.changes = []
      const notes: typeof plan.notes = []
      // from the end of the text, so each hit's index still holds (and reported from its start)
      for (const h of [...hits].sort((a, b) => b.index - a.index)) {
        const params = { literal: h.text, clocks: h.clocks.map((c) => c.id).join(', ') }
        if (out === undefined || out.slice(h.index, h.index + h.text.length) !== h.text) {
          notes.unshift({ step: 'placeholders', code: 'PLACEHOLDER_NOT_WRITTEN', file, pointer, params })
          continue
        }
        const [clock, ...others] = likeliest(h, defs, origins)
        const placeholder = placeholderFor(h, clock!)
        out = out.slice(0, h.index) + placeholder + out.slice(h.index + h.text.length)
        changes.unshift({ step: 'placeholders', code: 'PLACEHOLDER', file, pointer, params: { ...params, placeholder, clock: clock!.id } })
        if (others.length)
          notes.unshift({
            step: 'placeholders',
            code: 'PLACEHOLDER_CHOICE',
            file,
            pointer,
            params: { ...params, placeholder, clock: clock!.id, others: others.map((c) => c.id).join(', ') },
          })
      }
      if (span && out !== undefined && out !== value) plan.edits.push({ file, ...span, insert: JSON.stringify(out) })
      plan.changes.push(...changes)
      plan.notes.push(...notes)
    }
    return plan
  },
}

/** The placeholder that renders `h.text` exactly. */
function placeholderFor(h: LiteralLimit, c: ClockDefinition): string {
  const work = c.unit === 'workday'
  const limit = h.en ? `${c.days} ${work ? 'working' : 'calendar'} day${c.days === 1 ? '' : 's'}` : work ? `${c.days}个工作日` : `${c.days}日`
  if (h.text === limit) return `{{clock.${c.id}.${h.en ? 'limitEn' : 'limit'}}}`
  const digits = /^\d+/.exec(h.text)![0]
  return `{{clock.${c.id}.days}}${h.text.slice(digits.length)}`
}

/**
 * The clocks a literal may mean, the likeliest first (more than one: a choice to check). Beyond the check's reading (the text's own clock,
 * or its workflow's): a form's text means a clock of the workflows whose events carry the form.
 */
function likeliest(h: LiteralLimit, defs: SchemeDefinitions, origins: Origins): ClockDefinition[] {
  if (h.clocks.length < 2) return h.clocks
  const form = defs.forms.forms.find((f) => {
    const o = origins.get(f)
    return o !== undefined && o.file === h.file && (h.pointer === o.pointer || h.pointer.startsWith(`${o.pointer}/`))
  })
  if (!form) return h.clocks
  const machines = new Set(defs.workflow.machines.filter((m) => Object.values(m.events).some((e) => e.form === form.id)).map((m) => m.id))
  const mine = h.clocks.filter((c) => machines.has(c.machine))
  return mine.length ? mine : h.clocks
}
