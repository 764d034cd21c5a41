/**
 * A uiSchema's `ui:order` names every property the form may show. rjsf's `orderProperties` throws
 * when a property is missing from an order without `"*"` (or when the order has two `"*"`), and the
 * whole form then fails to render: a field added to the schema and not to the order stopped
 * registration for a town once it was published (issue #16). Checked for every object in every
 * form, the fields its conditional branches show included.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import type { FormDefinition } from '../types'
import { escapePointerToken } from '../../util/problem'
import { familyProperties, type Schema } from './schema-walk'

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v)

export const uiOrder: CrossCheck = { name: 'every property a form may show is in its ui:order', kinds: ['forms'], run: uiOrderCoversProperties }

function uiOrderCoversProperties({ s, at }: CheckContext): void {
  for (const f of s.defs.forms.forms) checkObject(f, f.schema, f.uiSchema ?? {}, '/uiSchema', at, 0)
}

function checkObject(f: FormDefinition, schema: Schema, ui: unknown, uiPtr: string, at: CheckContext['at'], depth: number): void {
  if (depth > 16) return
  const props = familyProperties(schema)
  const uiNode = isObj(ui) ? ui : {}
  const order = uiNode['ui:order']
  if (Array.isArray(order)) {
    const wildcards = order.filter((x) => x === '*').length
    if (wildcards > 1) at(f, `${uiPtr}/ui:order`, 'UI_ORDER_WILDCARDS', { form: f.id })
    if (wildcards === 0) {
      const listed = new Set(order)
      for (const name of props.keys()) if (!listed.has(name)) at(f, `${uiPtr}/ui:order`, 'UI_ORDER_MISSING', { form: f.id, field: name })
    }
  }
  for (const [name, { schema: sub }] of props) {
    const subUi = uiNode[name]
    if (sub.type === 'object' || isObj(sub.properties)) checkObject(f, sub, subUi, `${uiPtr}/${escapePointerToken(name)}`, at, depth + 1)
    else if (isObj(sub.items) && (sub.items.type === 'object' || isObj(sub.items.properties)))
      checkObject(f, sub.items, isObj(subUi) ? subUi.items : undefined, `${uiPtr}/${escapePointerToken(name)}/items`, at, depth + 1)
  }
}
