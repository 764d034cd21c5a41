/**
 * A compiled scheme version: everything built once (form validators, rule engines, the working-day
 * table, the machines) and reused for every decision, transition and score (ajv caches by schema
 * object identity, so compiling per call would leak; json-rules-engine wants a long-lived Engine).
 */
import type { AnyStateMachine } from 'xstate'
import type { ClockDefinition, FormDefinition, RuleSetDefinition, SchemeDefinitions, ScoringDefinition, WorkflowMachineDefinition } from './types'
import type { Origins } from './origins'
import type { Problem } from '../util/problem'
import { problem } from '../i18n/messages'
import { WorkCalendar, checkCalendar } from '../calendar/calendar'
import { Validator, type FieldError } from '../validate/validator'
import { UnsupportedPatternError } from '../validate/regexp'
import { expandOptions, optionErrors } from './options'
import { CompiledRuleSet, type CustomOperator } from '../rules/ruleset'
import { buildMachine } from '../workflow/machine'

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

export class CompiledScheme {
  readonly defs: SchemeDefinitions
  readonly origins: Origins
  /** Canonical content of the definition files (input of the content hash) */
  readonly content: string
  readonly compileProblems: Problem[] = []
  readonly calendar: WorkCalendar
  readonly validator = new Validator()
  readonly forms = new Map<string, CompiledForm>()
  readonly ruleSets = new Map<string, CompiledRuleSet>()
  readonly clocks = new Map<string, ClockDefinition>()
  readonly scorings = new Map<string, ScoringDefinition>()
  readonly machineDefs = new Map<string, WorkflowMachineDefinition>()
  private readonly machines = new Map<string, AnyStateMachine>()
  readonly groupsById: Map<string, SchemeDefinitions['org']['groups'][number]>
  readonly categoryGroup = new Map<string, string>()

  constructor(defs: SchemeDefinitions, origins: Origins, content: string) {
    this.defs = defs
    this.origins = origins
    this.content = content
    this.groupsById = new Map(defs.org.groups.map((g) => [g.id, g]))
    for (const g of defs.org.groups) for (const c of g.categories) if (!this.categoryGroup.has(c)) this.categoryGroup.set(c, g.id)

    this.compileProblems.push(...checkCalendar(defs.calendar, (p) => origins.at(defs.calendar, p)).map((x) => x))
    this.calendar = new WorkCalendar(defs.calendar)

    for (const f of defs.forms.forms) {
      const schema = expandOptions(f.schema, defs.org) as Record<string, unknown>
      try {
        this.validator.compile(schema)
      } catch (e) {
        // A pattern RE2 cannot run: checkScheme reports it at the pattern's own pointer (UNSUPPORTED_PATTERN).
        if (!(e instanceof UnsupportedPatternError)) {
          const o = origins.at(f, '/schema')
          this.compileProblems.push(problem('INVALID_FORM_SCHEMA', o.pointer, { detail: e instanceof Error ? e.message : String(e) }, o.file))
        }
      }
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
      const fields = new Map<string, string[]>()
      const defaults: Record<string, unknown> = {}
      for (const [name, p] of Object.entries(props)) {
        fields.set(name, jsonTypes(p))
        if ('default' in p) defaults[name] = p.default
      }
      this.forms.set(f.id, { def: f, schema, uiSchema: (f.uiSchema ?? {}) as Record<string, unknown>, defaults, fields })
    }

    for (const c of defs.deadlines.clocks) this.clocks.set(c.id, c)
    for (const s of defs.scoring.scorings) this.scorings.set(s.id, s)
    for (const m of defs.workflow.machines) this.machineDefs.set(m.id, m)

    for (const rs of defs.rules.ruleSets) {
      const form = this.forms.get(rs.factsForm)
      this.ruleSets.set(rs.id, new CompiledRuleSet(rs, this.customOperators(), form?.defaults ?? {}))
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
    const errors = this.validator.validate(f.schema, data)
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

function jsonTypes(p: Record<string, unknown>): string[] {
  if (typeof p.type === 'string') return [p.type]
  if (Array.isArray(p.type)) return p.type.map(String)
  const alts = (p.oneOf ?? p.anyOf) as Array<Record<string, unknown>> | undefined
  if (alts) return [...new Set(alts.flatMap((a) => (a.type ? jsonTypes(a) : a.const === null ? ['null'] : [typeof a.const])))]
  if ('const' in p) return [p.const === null ? 'null' : typeof p.const]
  if (p.enum) return [...new Set((p.enum as unknown[]).map((v) => (v === null ? 'null' : typeof v)))]
  return []
}
