/**
 * Rule conditions compare a field with values the field can take. A level renamed in org (or a
 * category, a channel, an option of the form) left the rules comparing with the old value: the
 * level rule then never matched, and only "level … selects no time limit" hinted at it, at the
 * level, not at the rule. Checked for the value side of `equal`, `notEqual`, `in`, `notIn`,
 * `contains` and `doesNotContain` (decorated ones too) on fields whose values are a list.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { walkCondition } from '../kinds/check-kit'
import { allowedValues, familyProperties, shortList } from './schema-walk'

const SINGLE = new Set(['equal', 'notEqual', 'contains', 'doesNotContain'])
const LIST = new Set(['in', 'notIn'])

export const conditionValues: CrossCheck = {
  name: 'rule conditions compare fields with values they allow',
  kinds: ['rules', 'forms', 'org'],
  run: conditionValuesAllowed,
}

function conditionValuesAllowed({ s, at }: CheckContext): void {
  for (const rs of s.defs.rules.ruleSets) {
    const form = s.form(rs.factsForm)
    if (!form) continue
    const props = familyProperties(form.def.schema)
    rs.rules.forEach((r, i) => {
      walkCondition(r.conditions, `/rules/${i}/conditions`, (c, ptr) => {
        if (c.fact === undefined || c.path !== undefined || typeof c.operator !== 'string') return
        const op = c.operator.split(':').pop()!
        if (!SINGLE.has(op) && !LIST.has(op)) return
        if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in c.value) return
        const p = props.get(c.fact)
        if (!p) return
        const allowed = allowedValues(p.schema, s.defs.org)
        if (!allowed) return
        const flag = (v: unknown, where: string) => {
          if (!allowed.some((a) => a === v))
            at(rs, where, 'STALE_VALUE', { form: rs.factsForm, field: c.fact, value: typeof v === 'string' ? v : JSON.stringify(v), known: shortList(allowed) })
        }
        if (LIST.has(op) && Array.isArray(c.value)) c.value.forEach((v, k) => flag(v, `${ptr}/value/${k}`))
        else if (SINGLE.has(op) && !Array.isArray(c.value)) flag(c.value, `${ptr}/value`)
      })
    })
  }
}
