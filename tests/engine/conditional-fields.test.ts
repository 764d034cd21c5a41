/**
 * Issue #16: fields whose visibility and requiredness depend on another field, declared in the
 * form as JSON Schema if/then/else (galutu's intake: a collective petition — 5 or more people —
 * names its representatives and is not offered "answerable on the spot"). The server enforces it
 * with messages in the field's own title (tests/cases/conditional-fields.json), decisions read
 * the conditional field as a fact, and the facts, printing and masking see the conditional fields.
 */
import { describe, expect, it } from 'vitest'
import { decide, decisionFacts, formFields, conditionalFields } from '../../engine'
import { sensitiveFieldsOf } from '../../runtime/cases/masking'
import { loadGalutu, readCases } from '../helpers/scheme'

interface ConditionalCase {
  name: string
  data: Record<string, unknown>
  errors: Array<{ field: string; code: string; message?: string }>
  outcome?: string
}

const table = await readCases<{ form: string; base: Record<string, unknown>; cases: ConditionalCase[] }>('conditional-fields.json')
const s = await loadGalutu()

describe('issue #16: conditional fields (galutu intake: collective petitions)', () => {
  for (const c of table.cases) {
    it(c.name, async () => {
      const data = { ...table.base, ...c.data }
      const errors = s.validateForm(table.form, data)
      expect(errors.map((e) => ({ field: e.field, code: e.code }))).toEqual(c.errors.map((e) => ({ field: e.field, code: e.code })))
      c.errors.forEach((e, i) => {
        if (!e.message) return
        expect(errors[i]!.message).toBe(e.message)
        // the English message names the field by its title too
        expect(errors[i]!.messageEn).toContain(/「(.+?)」/.exec(e.message)![1])
      })
      if (c.outcome) {
        const r = await decide(s, decisionFacts(s, data))
        expect(r.ok, JSON.stringify(r)).toBe(true)
        if (r.ok) expect(r.decision.outcome).toBe(c.outcome)
      }
    })
  }

  it('the conditional fields are fields of the form for facts, rules and masking', () => {
    const form = s.form('intake')!
    expect(conditionalFields(form.schema).sort()).toEqual(['answerableOnSpot', 'representatives'])
    expect(Object.keys(formFields(form.schema))).toContain('answerableOnSpot')
    expect(form.fields.get('answerableOnSpot')).toEqual(['boolean'])
    expect(form.defaults.answerableOnSpot).toBe(false)
    expect(decisionFacts(s, { answerableOnSpot: true, petitionerCount: 2 })).toEqual({ answerableOnSpot: true, petitionerCount: 2 })
    expect(sensitiveFieldsOf(s).has('representatives')).toBe(true)
  })
})
