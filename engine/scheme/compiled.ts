/**
 * A compiled scheme version: everything built once (form validators, rule engines, the working-day
 * table, the machines) and reused for every decision, transition and score (ajv caches by schema
 * object identity, so compiling per call would leak; json-rules-engine wants a long-lived Engine).
 */
import type { AnyStateMachine } from 'xstate'
import type { ClockDefinition, FormDefinition, RuleSetDefinition, SchemeDefinitions, ScoringDefinition, WorkflowMachineDefinition } from './types'
import type { Origins } from './origins'
import type { Problem } from '../util/problem'
import type { WorkCalendar } from '../calendar/calendar'
import { Validator, type FieldError } from '../validate/validator'
import { conditionalFieldErrors } from '../validate/conditional-errors'
import { optionErrors } from './options'
import type { CompiledRuleSet, CustomOperator } from '../rules/ruleset'
import { buildMachine } from '../workflow/machine'
import { KIND_MODULES } from './kinds/index'
import { definitionOf } from './kinds/kind'
import { resolvePlaceholders } from './placeholders'

export interface CompiledForm {
  def: FormDefinition
  /** The JSON Schema with org options expanded: what rjsf renders and ajv validates. */
  schema: Record<string, unknown>
  uiSchema: Record<string, unknown>
  /** Defaults of top-level fields */
  defaults: Record<string, unknown>
  /** Top-level field names and their JSON types */
  fields: Map<string, string[]>
}

/** How a scheme is compiled (engine/scheme/load.ts passes `LoadOptions` on). */
export interface CompileOptions {
  /**
   * Compile each form's (and scoring's inputs') validator on first use, not at load. Only for a
   * scheme already validated in full (a published version; a folder for one decision or score): a
   * broken form schema is then found when the form is first used, and `validateForm` refuses with
   * INVALID_FORM_SCHEMA.
   */
  lazySchemas?: boolean
}

export class CompiledScheme {
  /** The definitions, with the placeholders of their texts filled (./placeholders.ts) */
  readonly defs: SchemeDefinitions
  /** The definitions as written, placeholders and all */
  readonly source: SchemeDefinitions
  readonly origins: Origins
  /** Canonical content of the definition files (input of the content hash) */
  readonly content: string
  readonly compileProblems: Problem[] = []
  /** The working-day table (built by the calendar kind's compile step). */
  readonly calendar!: WorkCalendar
  /** Form and scoring-input validators; with lazySchemas no meta-schema check (the scheme was checked in full before). */
  readonly validator: Validator
  readonly forms = new Map<string, CompiledForm>()
  readonly ruleSets = new Map<string, CompiledRuleSet>()
  readonly clocks = new Map<string, ClockDefinition>()
  readonly scorings = new Map<string, ScoringDefinition>()
  readonly machineDefs = new Map<string, WorkflowMachineDefinition>()
  private readonly machines = new Map<string, AnyStateMachine>()
  readonly groupsById = new Map<string, SchemeDefinitions['org']['groups'][number]>()
  readonly categoryGroup = new Map<string, string>()
  readonly lazySchemas: boolean

  /** Each kind's compile step, in registry order (./kinds/index.ts): a kind may use what an earlier one built. */
  constructor(defs: SchemeDefinitions, origins: Origins, content: string, options: CompileOptions = {}) {
    this.lazySchemas = options.lazySchemas === true
    this.validator = new Validator({ checkSchemas: !this.lazySchemas })
    const resolved = resolvePlaceholders(defs, origins) // numbers in prose from the definitions (issue #16)
    this.source = defs
    this.defs = resolved.defs
    this.compileProblems.push(...resolved.problems)
    this.origins = origins
    this.content = content
    for (const k of KIND_MODULES) {
      const def = definitionOf(this.defs, k)
      if (def !== undefined && k.compile) this.compileProblems.push(...k.compile(this, def, origins))
    }
  }

  get manifest() {
    return this.defs.manifest
  }

  customOperators(): CustomOperator[] {
    return [
      {
        name: 'inCategoriesOf',
        evaluate: (fact, groupId) => typeof fact === 'string' && (this.groupsById.get(String(groupId))?.categories.includes(fact) ?? false),
      },
    ]
  }

  /** The one rule set producing a kind of result (outcome, group, clock, escalation). */
  ruleSetFor(produces: RuleSetDefinition['produces']): CompiledRuleSet | undefined {
    for (const rs of this.ruleSets.values()) if (rs.def.produces === produces) return rs
    return undefined
  }

  form(id: string): CompiledForm | undefined {
    return this.forms.get(id)
  }

  validateForm(id: string, data: unknown): FieldError[] {
    const f = this.forms.get(id)
    if (!f) return [{ field: '/', code: 'UNKNOWN_FORM', message: `未知的表单 "${id}"`, messageEn: `Unknown form "${id}"` }]
    let raw: FieldError[]
    try {
      raw = this.validator.validate(f.schema, data)
    } catch (e) {
      // Only with lazySchemas (a full load refuses the scheme): the form's schema does not compile.
      const detail = e instanceof Error ? e.message : String(e)
      return [
        {
          field: '/',
          code: 'INVALID_FORM_SCHEMA',
          message: `表单 "${id}" 的 JSON Schema 无效：${detail}`,
          messageEn: `The JSON Schema of form "${id}" is invalid: ${detail}`,
        },
      ]
    }
    const errors = conditionalFieldErrors(f.schema, raw)
    // Values outside the org's lists, named by the field's title; they replace the schema's own
    // enum/oneOf wording (a list of every allowed value) for the same field.
    const unknown = optionErrors(f.schema, data, this.defs.org)
    if (!unknown.length) return errors
    const at = new Set(unknown.map((e) => e.field))
    return [...errors.filter((e) => !(at.has(e.field) && /^INVALID_(ENUM|ONEOF|CONST)$/.test(e.code))), ...unknown]
  }

  /** The XState machine of a workflow, built once. */
  machine(id: string): AnyStateMachine {
    let m = this.machines.get(id)
    if (!m) {
      const def = this.machineDefs.get(id)
      if (!def) throw new Error(`No workflow "${id}" in scheme ${this.manifest.id}; known: ${[...this.machineDefs.keys()].join(', ')}`)
      m = buildMachine(this, def)
      this.machines.set(id, m)
    }
    return m
  }

  groupName(id: string | null | undefined): string | null {
    return id ? (this.groupsById.get(id)?.name ?? null) : null
  }

  scoring(id?: string): ScoringDefinition | undefined {
    if (id) return this.scorings.get(id)
    return this.scorings.values().next().value
  }
}
