/**
 * Every name in a `required` list (and in `dependentRequired`/draft-07 `dependencies` lists) is a
 * property the object has: a required name without its property makes the form impossible to
 * submit, with an error no field shows. Forms and scoring inputs; a conditional branch may require
 * a property its parent declares.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { escapePointerToken } from '../../util/problem'
import { visitObjects, type Schema } from './schema-walk'

export const requiredNames: CrossCheck = { name: 'every required name is a property', kinds: ['forms', 'scoring'], run: requiredNamesHaveProperties }

function requiredNamesHaveProperties({ s, at }: CheckContext): void {
  for (const f of s.defs.forms.forms) check(f, f.schema, '/schema', f.id, at)
  for (const sc of s.defs.scoring.scorings) check(sc, sc.inputs, '/inputs', sc.id, at)
}

function check(owner: unknown, root: unknown, base: string, id: string, at: CheckContext['at']): void {
  visitObjects(root, base, (node, ptr, names) => {
    const flag = (name: unknown, where: string) => {
      if (typeof name === 'string' && !names.has(name)) at(owner, where, 'REQUIRED_WITHOUT_PROPERTY', { form: id, field: name })
    }
    if (Array.isArray(node.required)) node.required.forEach((name, i) => flag(name, `${ptr}/required/${i}`))
    for (const k of ['dependentRequired', 'dependencies'] as const) {
      const deps = node[k] as Schema | undefined
      if (!deps || typeof deps !== 'object') continue
      for (const [key, list] of Object.entries(deps)) {
        flag(key, `${ptr}/${k}/${escapePointerToken(key)}`)
        if (Array.isArray(list)) list.forEach((name, i) => flag(name, `${ptr}/${k}/${escapePointerToken(key)}/${i}`))
      }
    }
  })
}
