/**
 * An import channel's value mapping (`import.values`: the source system's word → ours) names
 * values the form field still allows. A category renamed or a channel removed in org left the
 * mapping pointing at it: every imported row with that word was then refused, row by row, at
 * import time. The field itself is checked by the org kind (UNKNOWN_FORM_FIELD).
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { escapePointerToken } from '../../util/problem'
import { allowedValues, familyProperties, shortList } from './schema-walk'

export const importValues: CrossCheck = { name: 'import value mappings name values the field allows', kinds: ['org', 'forms'], run: importValuesAllowed }

function importValuesAllowed({ s, at }: CheckContext): void {
  for (const ch of s.defs.org.channels) {
    const imp = ch.import
    if (!imp?.values) continue
    const form = s.form(imp.form)
    if (!form) continue
    const props = familyProperties(form.def.schema)
    for (const [field, mapping] of Object.entries(imp.values)) {
      const p = props.get(field)
      if (!p || !mapping || typeof mapping !== 'object') continue
      const allowed = allowedValues(p.schema, s.defs.org)
      if (!allowed) continue
      for (const [theirs, ours] of Object.entries(mapping)) {
        if (!allowed.includes(ours))
          at(ch, `/import/values/${escapePointerToken(field)}/${escapePointerToken(theirs)}`, 'STALE_VALUE', {
            form: imp.form,
            field,
            value: String(ours),
            known: shortList(allowed),
          })
      }
    }
  }
}
