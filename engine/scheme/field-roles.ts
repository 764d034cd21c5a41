/**
 * Declared field roles (issue #16 §2). The platform relies on a few fields of a scheme's forms —
 * the village (jurisdiction, every report), the received date (time limits, periods), the
 * petitioner's name, ID number and phone (repeat detection, masking, the status lookup), the
 * channel (the online rate), the category and level (routing, the time limit), the officer, and
 * the fields the workflow actions read from their event's form (units, sentOn, repliedOn, …). A
 * scheme says which of its fields play each role by annotating the field itself:
 *
 *   "gacha": { "type": "string", "title": "所属嘎查", "x-daiban-role": "village" }
 *
 * One declaration per concern: the role travels with the field, so renaming a field keeps its
 * role, and nothing else in the definitions repeats it. The engine and the runtime ask
 * {@link fieldRoles} which field plays a role and never name a field themselves; `validate`
 * ({@link checkFieldRoles}) refuses a scheme whose required roles are missing, unknown, declared
 * twice, of the wrong type, or given to different fields by the forms that make up one case's facts.
 *
 * First edition: a scheme that declares no role at all (written before roles existed, or a
 * published version pinned by older cases) has its roles taken from the field names the platform
 * used to read ({@link RoleSpec.firstEdition}); the same checks then apply, so a first-edition
 * scheme that renamed `village` is refused with a message saying how to declare the role.
 */
import type { CompiledScheme } from './compiled'
import type { FormDefinition, SchemeDefinitions, WorkflowMachineDefinition } from './types'
import { collectTransitions } from '../workflow/statetree'
import { ACTIONS } from '../workflow/registry'

/** The JSON shape a role's field must have. `date`: a string with `"format": "date"`; `strings`: an array of strings. */
export type RoleType = 'string' | 'date' | 'boolean' | 'strings'

export interface RoleSpec {
  name: string
  nameEn: string
  type: RoleType
  /** Masked for readers without `case.pii`, whatever the field's own `x-sensitive` says. */
  sensitive?: boolean
  /** The field names a first-edition scheme used for it (see the module comment). */
  firstEdition: readonly string[]
  /**
   * A first-edition name too common to mean the role on its own (`content` is also the urging
   * text): the role is inferred by name only on a form that also has this role's field, and on
   * that field it takes the place of any other role inferred by name.
   */
  firstEditionBeside?: string // a RoleId (typed as string: FIELD_ROLES' type is inferred from its entries)
}

const role = (name: string, nameEn: string, type: RoleType, more: Partial<RoleSpec> = {}): RoleSpec => ({ name, nameEn, type, firstEdition: [], ...more })

/**
 * Every role the platform reads. The first group is read from a case's facts, the second from the
 * form of the event a workflow action runs on (each action lists the roles it reads in
 * engine/workflow/registry.ts).
 */
export const FIELD_ROLES = {
  // ---- a case's facts
  village: role('所属嘎查村（社区）', 'village', 'string'),
  receivedOn: role('受理日期', 'received date', 'date'),
  petitionerName: role('信访人姓名', "petitioner's name", 'string', { firstEdition: ['petitionerName', 'complainant'] }),
  idNumber: role('身份证号', 'ID number', 'string', { sensitive: true }),
  phone: role('联系电话', 'phone', 'string', { sensitive: true }),
  address: role('住址', 'address', 'string'),
  channel: role('信访渠道', 'channel', 'string'),
  category: role('事项类别', 'category', 'string'),
  level: role('事项层级', 'matter level', 'string'),
  summary: role('事项摘要', 'summary of the matter', 'string'),
  requests: role('信访诉求', "the petitioner's requests", 'string'),
  acceptsProxy: role('同意代办', 'accepts proxy handling', 'boolean'),
  sourceId: role('来源编号', 'source record id', 'string'),
  // ---- event forms, read by the workflow actions
  officer: role('代办员', 'proxy officer', 'string'),
  officerChosenByPetitioner: role('由信访人自主选择代办员', 'officer chosen by the petitioner', 'boolean'),
  units: role('派往单位', 'units dispatched to', 'strings'),
  sentOn: role('派发日期', 'date sent', 'date'),
  matter: role('交办事项', 'matter dispatched', 'string'),
  requirement: role('办理要求', 'requirement', 'string'),
  leaderInstruction: role('领导批示', "leader's instruction", 'string'),
  unit: role('承办单位', 'unit', 'string'),
  repliedOn: role('答复日期', 'reply date', 'date'),
  result: role('办理结果', 'result', 'string'),
  content: role('催办内容', 'urging content', 'string'),
  // a leader's instruction recorded on the case after dispatch (附件6 领导批示): the 处置单 print
  // finds the events whose form has the instruction text, and shows the leader beside it
  instructionLeader: role('批示领导', 'instructing leader', 'string', { firstEdition: ['leader'], firstEditionBeside: 'instructionText' }),
  instructionText: role('批示内容', "text of a leader's instruction", 'string', { firstEdition: ['content'], firstEditionBeside: 'instructionLeader' }),
  concludedOn: role('办结日期', 'conclusion date', 'date'),
  satisfied: role('信访人满意', 'petitioner satisfied', 'boolean'),
  archivedOn: role('归档日期', 'archive date', 'date'),
  visitedOn: role('回访日期', 'follow-up date', 'date'),
} satisfies Record<string, RoleSpec>

export type RoleId = keyof typeof FIELD_ROLES

/** The annotation keyword. */
export const ROLE_KEYWORD = 'x-daiban-role'

const ROLE_IDS = Object.keys(FIELD_ROLES) as RoleId[]
const isRole = (x: unknown): x is RoleId => typeof x === 'string' && Object.prototype.hasOwnProperty.call(FIELD_ROLES, x)
const spec = (r: RoleId): RoleSpec => FIELD_ROLES[r]

/** Role → the field playing it (in one form, or in one workflow's case facts). */
export type RoleMap = Readonly<Partial<Record<RoleId, string>>>

/** Values keyed by role. */
export type RoleValues = Partial<Record<RoleId, unknown>>

export interface FieldRoles {
  /** True when the scheme declares no role: first-edition field names stand in. */
  readonly inferred: boolean
  /** The roles of one form's fields (empty for an unknown or absent form). */
  form(formId: string | undefined): RoleMap
  /**
   * The roles of a workflow's case facts: the fields of the forms its `facts: true` events carry
   * (facts merge by field name, so each role is one field across them; `validate` checks it).
   */
  facts(machine: string): RoleMap
}

/** The value of a role in data keyed by field names (undefined when no field plays it). */
export function roleValue(data: Record<string, unknown> | null | undefined, map: RoleMap, r: RoleId): unknown {
  const f = map[r]
  return f === undefined || !data ? undefined : data[f]
}

/**
 * Data keyed by field names, re-keyed by role (only the roles the map has a field for).
 * @example rolesOf({ gacha: '团结社区', x: 1 }, { village: 'gacha' }) // { village: '团结社区' }
 */
export function rolesOf(data: Record<string, unknown> | null | undefined, map: RoleMap): RoleValues {
  const out: RoleValues = {}
  if (!data) return out
  for (const [r, f] of Object.entries(map) as Array<[RoleId, string]>) if (f in data) out[r] = data[f]
  return out
}

/** Roles that make a form field sensitive (ID number, phone). */
export const SENSITIVE_ROLES: readonly RoleId[] = ROLE_IDS.filter((r) => spec(r).sensitive)

type Props = Record<string, Record<string, unknown>>
const propsOf = (f: FormDefinition): Props => ((f.schema?.properties ?? {}) as Props) ?? {}

/** Does any form of the scheme declare a role (on any field, at any depth)? Then it is a second-edition scheme (./edition.ts). */
export function declaresRoles(defs: SchemeDefinitions): boolean {
  return defs.forms.forms.some((f) => JSON.stringify(f.schema ?? {}).includes(`"${ROLE_KEYWORD}"`))
}

/** The JSON types a property declares (`type`, or the values of an `enum`/`const`). */
function declaredTypes(p: Record<string, unknown>): string[] {
  if (typeof p.type === 'string') return [p.type]
  if (Array.isArray(p.type)) return p.type.map(String)
  if (Array.isArray(p.enum)) return [...new Set(p.enum.map((v) => (v === null ? 'null' : typeof v)))]
  if ('const' in p) return [p.const === null ? 'null' : typeof p.const]
  return []
}

/**
 * Role → field of one form: declared, or (first edition) by the names the platform used to read,
 * where the field has the role's type (a duty form's integer `satisfied` is a count, not the
 * petitioner's satisfaction).
 */
function formMap(f: FormDefinition, inferred: boolean): RoleMap {
  const out: Partial<Record<RoleId, string>> = {}
  const props = propsOf(f)
  if (inferred) {
    for (const r of ROLE_IDS) {
      const names = spec(r).firstEdition.length ? spec(r).firstEdition : [r]
      const hit = names.find((n) => Object.prototype.hasOwnProperty.call(props, n) && typeFits(spec(r).type, props[n]!, declaredTypes(props[n]!)))
      if (hit !== undefined) out[r] = hit
    }
    // roles whose first-edition name means them only beside another role's field (RoleSpec.firstEditionBeside)
    const beside = ROLE_IDS.filter((r) => spec(r).firstEditionBeside !== undefined && out[r] !== undefined)
    for (const r of beside) if (out[spec(r).firstEditionBeside as RoleId] === undefined) delete out[r]
    for (const r of beside) {
      if (out[r] === undefined) continue
      for (const other of ROLE_IDS) if (other !== r && spec(other).firstEditionBeside === undefined && out[other] === out[r]) delete out[other]
    }
  } else {
    for (const [field, p] of Object.entries(props)) {
      const r = p && typeof p === 'object' ? p[ROLE_KEYWORD] : undefined
      if (isRole(r) && out[r] === undefined) out[r] = field
    }
  }
  return out
}

/**
 * The forms a workflow's `facts: true` events carry: the triage rules' facts form first (the one
 * decisions read; a role's field is its field there), then in event order.
 */
function factsForms(m: WorkflowMachineDefinition, defs: SchemeDefinitions): string[] {
  const forms = [
    ...new Set(
      Object.values(m.events)
        .filter((e) => e.facts && e.form)
        .map((e) => e.form!),
    ),
  ]
  const triage = defs.rules.ruleSets.find((rs) => rs.produces === 'outcome')?.factsForm
  return triage !== undefined && forms.includes(triage) ? [triage, ...forms.filter((f) => f !== triage)] : forms
}

const cache = new WeakMap<SchemeDefinitions, FieldRoles>()

/**
 * The field roles of a scheme, computed once per definitions object.
 * @example fieldRoles(scheme).facts('case').village // 'village' in Galutu, 'gacha' in a fork that renamed it
 */
export function fieldRoles(s: { defs: SchemeDefinitions }): FieldRoles {
  const hit = cache.get(s.defs)
  if (hit) return hit
  const inferred = !declaresRoles(s.defs)
  const byForm = new Map(s.defs.forms.forms.map((f) => [f.id, formMap(f, inferred)]))
  const byMachine = new Map<string, RoleMap>()
  const empty: RoleMap = Object.freeze({})
  const roles: FieldRoles = {
    inferred,
    form: (id) => (id === undefined ? empty : (byForm.get(id) ?? empty)),
    facts: (machine) => {
      let m = byMachine.get(machine)
      if (!m) {
        const def = s.defs.workflow.machines.find((x) => x.id === machine)
        const out: Partial<Record<RoleId, string>> = {}
        for (const id of def ? factsForms(def, s.defs) : []) for (const [r, f] of Object.entries(byForm.get(id) ?? {}) as Array<[RoleId, string]>) out[r] ??= f
        byMachine.set(machine, (m = Object.freeze(out)))
      }
      return m
    },
  }
  cache.set(s.defs, roles)
  return roles
}

// ------------------------------------------------------------------------------------------------
// validate

/** Report `code` at `sub` inside the definition element `obj` (engine/scheme/checks.ts `at`). */
export type At = (obj: unknown, sub: string, code: string, params: Record<string, unknown>) => void

/** Why the platform needs a role on a form, for the message. */
interface Need {
  role: RoleId
  why: string
  whyEn: string
}

const need = (role: RoleId, why: string, whyEn: string): Need => ({ role, why, whyEn })

/** Roles the facts form of the triage rules must have: what decisions, jurisdiction and reports read. */
function decisionNeeds(s: CompiledScheme): Need[] {
  const out = [
    need('village', '案件按嘎查村（社区）划分管辖并统计考核', 'jurisdiction and the village reports count cases by it'),
    need('receivedOn', '办理时限和统计期间从受理日期算起', 'time limits and report periods count from it'),
    need('petitionerName', '案件列表和重复访识别需要信访人姓名', 'the case list and repeat detection show and compare it'),
    need('channel', '网访占比率按信访渠道统计', 'the online-share rate counts cases by it'),
    need('category', '代办事项按类别分流到专班组', 'routing sends a matter to a task group by it'),
  ]
  if (s.ruleSetFor('clock')) out.push(need('level', '办理时限按事项层级选定', 'the time limit is chosen by it'))
  return out
}

const roleParams = (r: RoleId) => ({ role: r, roleName: spec(r).name, roleNameEn: spec(r).nameEn })

const TYPE_WORDS: Record<RoleType, [string, string]> = {
  string: ['文字（type: string）', 'a string (type: string)'],
  date: ['日期（type: string, format: date）', 'a date (type: string, format: date)'],
  boolean: ['是/否（type: boolean）', 'a yes/no value (type: boolean)'],
  strings: ['文字数组（type: array, items.type: string）', 'an array of strings (type: array, items.type: string)'],
}

function typeFits(t: RoleType, p: Record<string, unknown>, types: string[]): boolean {
  const items = p.items as Record<string, unknown> | undefined
  switch (t) {
    case 'string':
      return types.includes('string')
    case 'date':
      return types.includes('string') && p.format === 'date'
    case 'boolean':
      return types.includes('boolean')
    case 'strings':
      return types.includes('array') && !!items && typeof items === 'object' && (items.type === 'string' || typeof items['x-daiban-options'] === 'string')
  }
}

/**
 * The role checks of `validate`. Every problem names the file and the JSON pointer: the
 * annotation itself, or the form's `/schema/properties` where a missing role is to be declared.
 */
export function checkFieldRoles(s: CompiledScheme, at: At): void {
  const roles = fieldRoles(s)
  const forms = s.defs.forms.forms
  // A first-edition scheme is told which name stood in for the role, and how to declare it.
  const hint = (r: RoleId) => {
    if (!roles.inferred) return { hint: '', hintEn: '' }
    const names = (spec(r).firstEdition.length ? spec(r).firstEdition : [r]).map((n) => `"${n}"`).join(' / ')
    return {
      hint: `（本方案未声明字段角色，也没有第一版的字段名 ${names}）`,
      hintEn: ` (the scheme declares no field roles, and no field has the first-edition name ${names})`,
    }
  }

  // Declarations: known roles, top-level fields only, one field per role in a form, the right type.
  for (const f of forms) {
    const props = propsOf(f)
    const seen = new Map<RoleId, string>()
    walk(f.schema, '/schema', (node, ptr) => {
      if (!(ROLE_KEYWORD in node)) return
      const r = node[ROLE_KEYWORD]
      const where = `${ptr}/${ROLE_KEYWORD}`
      if (!isRole(r)) {
        at(f, where, 'UNKNOWN_FIELD_ROLE', { role: String(r), known: ROLE_IDS.join(', ') })
        return
      }
      if (!/^\/schema\/properties\/[^/]+$/.test(ptr)) {
        at(f, where, 'FIELD_ROLE_NOT_TOP_LEVEL', { ...roleParams(r), form: f.id })
        return
      }
      const field = ptr.slice('/schema/properties/'.length).replace(/~1/g, '/').replace(/~0/g, '~')
      const other = seen.get(r)
      if (other !== undefined) at(f, where, 'FIELD_ROLE_DUPLICATE', { ...roleParams(r), form: f.id, field, other })
      else seen.set(r, field)
    })
    const compiled = s.form(f.id)
    for (const [r, field] of Object.entries(roles.form(f.id)) as Array<[RoleId, string]>) {
      const p = props[field]
      if (!p) continue
      const t = spec(r).type
      if (!typeFits(t, p, compiled?.fields.get(field) ?? [])) {
        const sub = roles.inferred ? `/schema/properties/${esc(field)}` : `/schema/properties/${esc(field)}/${ROLE_KEYWORD}`
        at(f, sub, 'FIELD_ROLE_TYPE', { ...roleParams(r), form: f.id, field, type: TYPE_WORDS[t][0], typeEn: TYPE_WORDS[t][1] })
      }
    }
  }

  const formDef = new Map(forms.map((f) => [f.id, f]))
  const told = new Set<string>()
  const missing = (formId: string, n: Need) => {
    const f = formDef.get(formId)
    if (!f || roles.form(formId)[n.role] !== undefined || told.has(`${formId}|${n.role}`)) return
    told.add(`${formId}|${n.role}`) // once per form and role, whoever needs it first says why
    at(f, '/schema/properties', 'MISSING_FIELD_ROLE', { ...roleParams(n.role), form: formId, why: n.why, whyEn: n.whyEn, ...hint(n.role) })
  }

  // The triage rules' facts form: what decisions, jurisdiction and the reports read.
  const triage = s.ruleSetFor('outcome')
  if (triage && formDef.has(triage.def.factsForm)) for (const n of decisionNeeds(s)) missing(triage.def.factsForm, n)

  // Channels: the public page and the imports fill the channel and the received date themselves.
  for (const ch of s.defs.org.channels) {
    if (ch.public) {
      for (const n of [
        need('channel', '网上提交的事项由系统填写信访渠道', 'the system fills it in for online petitions'),
        need('receivedOn', '网上提交的事项由系统填写受理日期', 'the system fills it in for online petitions'),
        need('phone', '信访人凭查询码和手机号后四位查询进度', 'petitioners look their case up by tracking code and the last four digits of it'),
      ])
        missing(ch.public.form, n)
    }
    if (ch.import) {
      for (const n of [
        need('channel', '导入的事项由系统填写信访渠道', 'the system fills it in for imported rows'),
        need('receivedOn', '导入时检查受理日期', 'imported rows are checked for it'),
        need('sourceId', '导入时按来源编号去重', 'imports skip rows whose source id was seen'),
      ])
        missing(ch.import.form, n)
    }
  }

  // Supervision: registering a complaint with an owner writes the officer into the assign form.
  const sup = s.defs.duty?.supervision
  const supForm = sup?.assignEvent ? s.machineDefs.get(sup.machine)?.events[sup.assignEvent]?.form : undefined
  if (supForm) missing(supForm, need('officer', '登记投诉时可直接指定承办人', 'a complaint can be registered with its owner'))

  for (const m of s.defs.workflow.machines) {
    // Actions: each reads its required roles from its event's form.
    const { transitions } = collectTransitions(m.config, '')
    const done = new Set<string>()
    for (const t of transitions) {
      const list = t.transition.actions === undefined ? [] : Array.isArray(t.transition.actions) ? t.transition.actions : [t.transition.actions]
      const formId = m.events[t.event]?.form
      for (const a of list) {
        const name = typeof a === 'string' ? a : (a as { type?: unknown } | null)?.type
        const impl = typeof name === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, name) ? ACTIONS[name] : undefined
        for (const [r, how] of Object.entries(impl?.reads ?? {}) as Array<[RoleId, 'required' | 'optional']>) {
          if (how !== 'required') continue
          const key = `${t.event}|${name}|${r}`
          if (done.has(key)) continue
          done.add(key)
          if (!formId) at(m, `/events/${esc(t.event)}`, 'ACTION_WITHOUT_FORM', { ...roleParams(r), machine: m.id, event: t.event, action: String(name) })
          else
            missing(
              formId,
              need(
                r,
                `流程 "${m.id}" 的事件 "${t.event}" 运行动作 "${String(name)}"，该动作读取此字段`,
                `workflow "${m.id}" runs action "${String(name)}" on event "${t.event}", which reads it`,
              ),
            )
        }
      }
    }

    // Facts: the forms that make up a case's facts give each role to the same field.
    const first = new Map<RoleId, { form: string; field: string }>()
    for (const formId of factsForms(m, s.defs)) {
      const f = formDef.get(formId)
      if (!f) continue
      for (const [r, field] of Object.entries(roles.form(formId)) as Array<[RoleId, string]>) {
        const was = first.get(r)
        if (!was) first.set(r, { form: formId, field })
        else if (was.field !== field) {
          const sub = roles.inferred ? `/schema/properties/${esc(field)}` : `/schema/properties/${esc(field)}/${ROLE_KEYWORD}`
          at(f, sub, 'FIELD_ROLE_CONFLICT', { ...roleParams(r), machine: m.id, form: formId, field, otherForm: was.form, other: was.field })
        }
      }
    }
  }
}

const esc = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1')

function walk(node: unknown, ptr: string, fn: (n: Record<string, unknown>, ptr: string) => void, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 64) return
  if (Array.isArray(node)) {
    node.forEach((x, i) => walk(x, `${ptr}/${i}`, fn, depth + 1))
    return
  }
  fn(node as Record<string, unknown>, ptr)
  for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walk(v, `${ptr}/${esc(k)}`, fn, depth + 1)
}

/**
 * The annotations a first-edition scheme needs to become second edition: for each form, the field
 * and the role it already plays by name. For `daiban migrate-scheme`.
 */
export function firstEditionRoles(defs: SchemeDefinitions): Array<{ form: string; field: string; role: RoleId }> {
  if (declaresRoles(defs)) return []
  return defs.forms.forms.flatMap((f) => (Object.entries(formMap(f, true)) as Array<[RoleId, string]>).map(([role, field]) => ({ form: f.id, field, role })))
}
