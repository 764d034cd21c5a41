/**
 * A case's decision facts, built from its record by one function for every caller that decides a
 * case: a deciding event (engine/workflow/transition.ts), a migration to another version
 * (runtime/cases/migrate.ts), the designer's impact replay (runtime/drafts/service.ts) and its
 * rule tester's "load a case" (designer/src/panels/RuleTester.tsx). Before issue #16 each had its
 * own copy, each with its own way of leaving out `promisedDueDate`.
 *
 * The facts are the case's facts with the deciding event's form over them, kept to the fields of
 * the triage rule set's facts form, without the form's read-only fields: those are what the system
 * writes (the promised due date, which the decision itself computes), never an input of a decision.
 */
import type { CompiledScheme } from '../scheme/compiled'
import { formFields } from '../scheme/form-fields'

/** The facts form, or anything carrying its (expanded) JSON Schema: the designer has only that. */
export interface FactsForm {
  schema: Record<string, unknown>
}

/** The form whose fields the triage rules read (the one every decision validates its facts against). */
export function factsFormOf(scheme: CompiledScheme): FactsForm | undefined {
  const triage = scheme.ruleSetFor('outcome')
  return triage ? scheme.form(triage.def.factsForm) : undefined
}

const inputsCache = new WeakMap<object, ReadonlySet<string>>()

/** The top-level fields of a facts form a decision reads: all but the read-only ones. */
function inputFields(schema: Record<string, unknown>): ReadonlySet<string> {
  let hit = inputsCache.get(schema)
  if (!hit) {
    const props = formFields(schema) // conditional fields too (issue #16)
    const readOnly = (p: unknown) => !!p && typeof p === 'object' && (p as { readOnly?: unknown }).readOnly === true
    hit = new Set(Object.keys(props).filter((k) => !readOnly(props[k])))
    inputsCache.set(schema, hit)
  }
  return hit
}

/**
 * The facts to decide a case on: `facts` (the case's, from its record), then `form` (the deciding
 * event's, when there is one) over them, kept to the input fields of the facts form. `source` is
 * the compiled scheme, or the facts form itself where no compiled scheme is at hand.
 *
 * @example
 *   decisionFacts(scheme, { category: '禁牧', promisedDueDate: '2026-03-09', note: 'x' }, { level: 'town' })
 *   // → { category: '禁牧', level: 'town' }   (no read-only promisedDueDate, no field the form lacks)
 */
export function decisionFacts(
  source: CompiledScheme | FactsForm | undefined,
  facts?: Record<string, unknown> | null,
  form?: Record<string, unknown> | null,
): Record<string, unknown> {
  const factsForm = source && 'ruleSetFor' in source ? factsFormOf(source) : source
  const out: Record<string, unknown> = {}
  if (!factsForm) return out
  const inputs = inputFields(factsForm.schema)
  for (const from of [facts, form]) {
    if (!from || typeof from !== 'object') continue
    for (const [k, v] of Object.entries(from)) if (inputs.has(k)) out[k] = v
  }
  return out
}
