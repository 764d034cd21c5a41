/**
 * The organisation editor's model, pure: the lists it edits, new ids, where an element is used in
 * the draft (so it is not removed from under a rule, an event or a unit), an id renamed with the
 * references inside org.json, the categories (kept inside the groups), and the permissions the
 * platform declares (engine/org/policy.ts POLICY, enforced by runtime/auth/policy.ts), nothing invented here.
 */
import { POLICY } from '../../../../engine'
import { orgSchema } from '../../../../engine/scheme/schemas/org'
import { KIND_CATALOG } from '../../../../engine/scheme/kinds/catalog.generated'
import { KIND_EDITOR_SCHEMAS } from '../../../../engine/scheme/kinds/schemas.generated'
import { refTargetOf } from '../../../../engine/scheme/refs'
import type { RefTarget } from '../../../../engine/scheme/schemas/common'
import { ptr, type DraftFiles } from '../kit'

export type Obj = Record<string, unknown>
export type OrgDoc = Obj & {
  levels?: Obj[]
  channels?: Obj[]
  units?: Obj[]
  groups?: Obj[]
  roles?: Obj[]
  villages?: Obj[]
  staffing?: Obj[]
}

/** The lists of org.json whose elements have ids (staffing is keyed by unit type and role). */
export type IdList = 'villages' | 'units' | 'groups' | 'roles' | 'levels' | 'channels'
/** Where the `x-daiban-options` of a form field takes its choices (engine/scheme/options.ts). */
export type OptionSource = 'villages' | 'units' | 'groups' | 'levels' | 'channels' | 'categories'

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
export const listOf = (doc: unknown, key: string): Obj[] => {
  const v = isObj(doc) ? doc[key] : undefined
  return Array.isArray(v) ? v.filter(isObj) : []
}
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The prefix of generated ids, per list: `village_6`, `unit_26`, `group_7`… */
export const ID_PREFIX: Record<IdList, string> = { villages: 'village', units: 'unit', groups: 'group', roles: 'role', levels: 'level', channels: 'channel' }

/** A new id for `list`: `<prefix>_<n>` with n the first number past the list's length not taken. */
export function newId(doc: OrgDoc, list: IdList): string {
  const taken = new Set(listOf(doc, list).map((x) => str(x.id)))
  let n = listOf(doc, list).length + 1
  while (taken.has(`${ID_PREFIX[list]}_${n}`)) n++
  return `${ID_PREFIX[list]}_${n}`
}

/** The enum of a member of an org list's items, read from the engine's schema (unit types, scopes…). */
export function schemaEnum(list: 'units' | 'villages' | 'roles' | 'staffing', member: string): string[] {
  const items = (orgSchema.properties[list] as { items: { properties: Record<string, { enum?: readonly string[] }> } }).items
  return [...(items.properties[member]?.enum ?? [])]
}

// ---------------------------------------------------------------- permissions

/** Permission → the actions (POLICY keys) that need it; `*` (every permission) is read by Policy.grantsFor. */
export function declaredPermissions(): Array<{ id: string; actions: string[] }> {
  const by = new Map<string, string[]>()
  for (const [action, p] of Object.entries(POLICY)) {
    if (!p.permission) continue
    by.set(p.permission, [...(by.get(p.permission) ?? []), action])
  }
  return [...[...by].map(([id, actions]) => ({ id, actions })), { id: '*', actions: [] }]
}

/** The matrix's columns: the declared permissions, then those the roles hold that no action needs (kept, marked). */
export function permissionColumns(doc: OrgDoc): Array<{ id: string; actions: string[]; declared: boolean }> {
  const declared = declaredPermissions()
  const known = new Set(declared.map((p) => p.id))
  const extra: string[] = []
  for (const r of listOf(doc, 'roles'))
    for (const p of Array.isArray(r.permissions) ? r.permissions : []) if (typeof p === 'string' && !known.has(p) && !extra.includes(p)) extra.push(p)
  return [...declared.map((p) => ({ ...p, declared: true })), ...extra.map((id) => ({ id, actions: [], declared: false }))]
}

/** The role's permissions with `perm` set or cleared (order kept; a new one goes last). */
export function togglePermission(role: Obj, perm: string, on: boolean): string[] {
  const cur = (Array.isArray(role.permissions) ? role.permissions : []).filter((x): x is string => typeof x === 'string')
  if (on) return cur.includes(perm) ? cur : [...cur, perm]
  return cur.filter((p) => p !== perm)
}

// ---------------------------------------------------------------- categories

export interface CategoryRow {
  category: string
  /** Index of the group in `groups`, and of the category in its list */
  group: number
  index: number
}

/** Every category, in group order, with where it is. */
export function categoriesOf(doc: OrgDoc): CategoryRow[] {
  const out: CategoryRow[] = []
  listOf(doc, 'groups').forEach((g, gi) => {
    const cats = Array.isArray(g.categories) ? g.categories : []
    cats.forEach((c, i) => {
      if (typeof c === 'string') out.push({ category: c, group: gi, index: i })
    })
  })
  return out
}

/** Move the category at (group, index) to the end of group `to` (a changed copy of `doc`). */
export function moveCategory(doc: OrgDoc, group: number, index: number, to: number): OrgDoc {
  const next = structuredClone(doc)
  const groups = next.groups as Obj[]
  const from = groups[group]!.categories as string[]
  const [c] = from.splice(index, 1)
  const dest = groups[to]!
  dest.categories = [...(Array.isArray(dest.categories) ? (dest.categories as string[]) : []), c!]
  return next
}

// ---------------------------------------------------------------- where an element is used

export interface Usage {
  file: string
  pointer: string
  zh: string
  en: string
}

export interface Target {
  list: IdList | 'categories'
  /** The element's id (the category's text for categories) */
  id: string
  /** Villages are recorded by name (options `villages` hold names) */
  name?: string
}

const kindTitle = (kind: string) => KIND_CATALOG.find((k) => k.kind === kind)?.title ?? { zh: kind, en: kind }
const nm = (o: unknown, fallback: string) => (isObj(o) && typeof o.name === 'string' && o.name ? o.name : fallback)
const nmEn = (o: unknown, fallback: string) => (isObj(o) && typeof o.nameEn === 'string' && o.nameEn ? o.nameEn : nm(o, fallback))

/** Field name → the option sources of form fields of that name, over every form of the draft. */
export function fieldSources(draft: DraftFiles): Map<string, Set<OptionSource>> {
  const out = new Map<string, Set<OptionSource>>()
  const visit = (node: unknown, depth: number) => {
    if (!isObj(node) || depth > 64) return
    const props = node.properties
    if (isObj(props)) {
      for (const [name, p] of Object.entries(props)) {
        if (!isObj(p)) continue
        const src =
          typeof p['x-daiban-options'] === 'string'
            ? p['x-daiban-options']
            : isObj(p.items) && typeof p.items['x-daiban-options'] === 'string'
              ? p.items['x-daiban-options']
              : undefined
        if (src) out.set(name, new Set([...(out.get(name) ?? []), src as OptionSource]))
      }
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') (Array.isArray(v) ? v : [v]).forEach((x) => visit(x, depth + 1))
  }
  for (const f of draft.files) if (f.kind === 'forms') visit(f.doc, 0)
  return out
}

/** The option source the list's values are checked against (roles have none). */
const sourceOfList = (list: Target['list']): OptionSource | null => (list === 'roles' ? null : list)

/** The reference target (`x-daiban-ref`) the kind schemas declare for a list's ids, if any. */
const REF_OF: Partial<Record<IdList, RefTarget>> = { villages: 'village', units: 'unit', roles: 'role' }

/**
 * Where the element is used in the draft, `own` being the org file edited (its current value):
 * every member the kind schemas declare a reference to it (`x-daiban-ref`: a point's village, a
 * group's member units, event roles, duty roles…), and the places that hold it as a value: rule
 * conditions and workflow guards on fields whose options come from the org list, the routed group,
 * form defaults, channel imports' mapped values, staffing roles (checked by the org check, not
 * declared as a reference). Villages are held as values by their name (cases record it).
 */
export function usagesOf(t: Target, own: { file: string; doc: OrgDoc }, draft: DraftFiles): Usage[] {
  return usagesOfList(t.list, [t], own, draft)[0]!
}

/** `usagesOf` for several elements of one list in one pass over the draft (a table's rows). */
export function usagesOfList(
  list: Target['list'],
  els: ReadonlyArray<{ id: string; name?: string }>,
  own: { file: string; doc: OrgDoc },
  draft: DraftFiles,
): Usage[][] {
  const out: Usage[][] = els.map(() => [])
  const seen = els.map(() => new Set<string>())
  const index = (key: (e: { id: string; name?: string }) => string) => {
    const m = new Map<unknown, number[]>()
    els.forEach((e, i) => m.set(key(e), [...(m.get(key(e)) ?? []), i]))
    return m
  }
  const byId = index((e) => e.id)
  const byValue = list === 'villages' ? index((e) => e.name ?? e.id) : byId
  const files = draft.files.map((f) => (f.file === own.file ? { ...f, doc: own.doc as unknown } : f))
  if (!files.some((f) => f.file === own.file)) files.push({ file: own.file, kind: 'org', doc: own.doc })
  const sources = fieldSources({ files, docsOf: draft.docsOf })
  const source = sourceOfList(list)
  const fieldTakes = (field: unknown) => source !== null && typeof field === 'string' && !!sources.get(field)?.has(source)
  const add = (hits: number[] | undefined, file: string, pointer: string, zh: string, en: string) => {
    for (const i of hits ?? []) {
      if (seen[i]!.has(file + pointer)) continue
      seen[i]!.add(file + pointer)
      out[i]!.push({ file, pointer, zh, en })
    }
  }
  const target = list === 'categories' ? undefined : REF_OF[list]

  for (const f of files) {
    const doc = f.doc
    if (!isObj(doc)) continue
    const kt = kindTitle(f.kind ?? '')
    if (target) {
      const schema = KIND_EDITOR_SCHEMAS.find((k) => k.kind === f.kind)?.schema
      if (schema)
        refSites(schema, doc, schema, '', [], '', (tg, v, p, chain, desc) => {
          const hits = tg === target ? byId.get(v) : undefined
          if (!hits) return
          // the element (a machine, a group) and, inside it, the nearest named one (an event)
          const named = chain.filter((o) => typeof o.name === 'string' && o.name)
          const ends = named.length > 1 ? [named[0]!, named[named.length - 1]!] : named
          const [dz, de] = desc.split('\n')
          add(
            hits,
            f.file,
            p,
            `${kt.zh}${ends.map((o) => `「${nm(o, '')}」`).join('›')}：${dz || p}`,
            `${kt.en}${ends.map((o) => ` "${nmEn(o, '')}"`).join(' ›')}: ${de || dz || p}`,
          )
        })
    }
    if (f.kind === 'org') {
      if (list === 'roles')
        listOf(doc, 'staffing').forEach((st, i) =>
          add(
            byId.get(st.role),
            f.file,
            ptr('staffing', i, 'role'),
            `人员配备要求（${str(st.unitType)}，至少 ${String(st.min)} 名）`,
            `Staffing minimum (${str(st.unitType)}, at least ${String(st.min)})`,
          ),
        )
      listOf(doc, 'channels').forEach((c, i) => {
        const imp = isObj(c.import) ? c.import : undefined
        const values = imp && isObj(imp.values) ? imp.values : undefined
        for (const [field, map] of Object.entries(values ?? {})) {
          if (!fieldTakes(field) || !isObj(map)) continue
          for (const [from, to] of Object.entries(map))
            add(
              byValue.get(to),
              f.file,
              ptr('channels', i, 'import', 'values', field, from),
              `渠道「${nm(c, str(c.id))}」导入时把“${from}”记为该值`,
              `Channel "${nmEn(c, str(c.id))}" imports "${from}" as this value`,
            )
        }
      })
    }
    if (f.kind === 'workflow') {
      listOf(doc, 'machines').forEach((m, mi) => {
        const mz = nm(m, str(m.id))
        const me = nmEn(m, str(m.id))
        walkGuardsIn(m.config, ptr('machines', mi, 'config'), (g, p) => {
          const params = isObj(g.params) ? g.params : {}
          if (!fieldTakes(params.field)) return
          const zh = `流程「${mz}」转移条件（${str(g.type)}：${str(params.field)}）`
          const en = `A transition guard of workflow "${me}" (${str(g.type)}: ${str(params.field)})`
          if (Array.isArray(params.values)) params.values.forEach((v, k) => add(byValue.get(v), f.file, `${p}/params/values/${k}`, zh, en))
          else add(byValue.get(params.value), f.file, `${p}/params/value`, zh, en)
        })
      })
    }
    if (f.kind === 'rules') {
      listOf(doc, 'ruleSets').forEach((rs, ri) => {
        const rz = nm(rs, str(rs.id))
        const re = nmEn(rs, str(rs.id))
        const eventUses = (ev: unknown, p: string, who: { zh: string; en: string }) => {
          if (list === 'groups' && isObj(ev) && isObj(ev.params))
            add(byId.get(ev.params.group), f.file, `${p}/params/group`, `规则集「${rz}」${who.zh}分流到该组`, `Rule set "${re}" ${who.en} routes to this group`)
        }
        if (isObj(rs.default)) eventUses(rs.default.event, ptr('ruleSets', ri, 'default', 'event'), { zh: '的默认结果', en: 'by default' })
        listOf(rs, 'rules').forEach((r, k) => {
          const who = { zh: `规则「${nm(r, str(r.id))}」`, en: `rule "${nmEn(r, str(r.id))}"` }
          eventUses(r.event, ptr('ruleSets', ri, 'rules', k, 'event'), who)
          walkConditions(r.conditions, ptr('ruleSets', ri, 'rules', k, 'conditions'), (c, p) => {
            const op = str(c.operator).split(':').pop()
            if (list === 'groups' && op === 'inCategoriesOf')
              add(
                byId.get(c.value),
                f.file,
                `${p}/value`,
                `规则集「${rz}」${who.zh}的条件（属该组代办范围）`,
                `The condition of ${who.en} in rule set "${re}" (in this group's scope)`,
              )
            else if (fieldTakes(c.fact)) {
              const zh = `规则集「${rz}」${who.zh}的条件（${str(c.fact)}）`
              const en = `The condition of ${who.en} in rule set "${re}" (${str(c.fact)})`
              for (const v of Array.isArray(c.value) ? c.value : [c.value]) add(byValue.get(v), f.file, `${p}/value`, zh, en)
            }
          })
        })
      })
    }
    if (f.kind === 'forms') {
      listOf(doc, 'forms').forEach((form, fi) => {
        walkObjects(form.schema, ptr('forms', fi, 'schema'), [], (o, p) => {
          if (!isObj(o.properties)) return
          for (const [name, prop] of Object.entries(o.properties)) {
            if (!isObj(prop) || prop['x-daiban-options'] !== source) continue
            add(
              byValue.get(prop.default),
              f.file,
              `${p}/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/default`,
              `表单「${nm(form, str(form.id))}」字段「${str(prop.title) || name}」的默认值`,
              `The default of field "${str(prop.title) || name}" in form "${nmEn(form, str(form.id))}"`,
            )
          }
        })
      })
    }
  }
  return out
}

/**
 * Every member `schema` declares a reference at (`x-daiban-ref`) in `value`, with the named objects
 * above it and the nearest schema description (bilingual, "zh\nen").
 */
function refSites(
  schema: unknown,
  value: unknown,
  root: unknown,
  p: string,
  chain: Obj[],
  desc: string,
  fn: (target: RefTarget, v: unknown, p: string, chain: Obj[], desc: string) => void,
  depth = 0,
): void {
  if (!isObj(schema) || depth > 64) return
  if (typeof schema.$ref === 'string') return refSites(resolveRef(root, schema.$ref), value, root, p, chain, desc, fn, depth + 1)
  const d = typeof schema.description === 'string' ? schema.description : desc
  const tg = refTargetOf(schema)
  if (tg) fn(tg, value, p, chain, d)
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(schema[k])) for (const sub of schema[k] as unknown[]) refSites(sub, value, root, p, chain, d, fn, depth + 1)
  if (Array.isArray(value)) {
    value.forEach((v, i) => refSites(schema.items, v, root, `${p}/${i}`, chain, d, fn, depth + 1))
  } else if (isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {}
    const patterns = isObj(schema.patternProperties) ? Object.entries(schema.patternProperties) : []
    for (const [k, v] of Object.entries(value)) {
      const sub =
        props[k] ?? patterns.find(([re]) => new RegExp(re).test(k))?.[1] ?? (isObj(schema.additionalProperties) ? schema.additionalProperties : undefined)
      if (sub) refSites(sub, v, root, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, [...chain, value], d, fn, depth + 1)
    }
  }
}
const resolveRef = (root: unknown, ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), root)

/** Every guard object under a machine config (nested allOf/anyOf/not included), with its pointer. */
function walkGuardsIn(config: unknown, base: string, fn: (g: Obj, pointer: string) => void): void {
  walkObjects(config, base, [], (o, p) => {
    if (isObj(o.guard)) fn(o.guard, `${p}/guard`)
    if (isObj(o.params)) {
      const ps = o.params
      if (Array.isArray(ps.guards))
        ps.guards.forEach((g, i) => {
          if (isObj(g)) fn(g, `${p}/params/guards/${i}`)
        })
      if (isObj(ps.guard)) fn(ps.guard, `${p}/params/guard`)
    }
  })
}

function walkConditions(c: unknown, p: string, fn: (c: Obj, p: string) => void): void {
  if (!isObj(c)) return
  fn(c, p)
  if (Array.isArray(c.all)) c.all.forEach((x, i) => walkConditions(x, `${p}/all/${i}`, fn))
  if (Array.isArray(c.any)) c.any.forEach((x, i) => walkConditions(x, `${p}/any/${i}`, fn))
  if (c.not) walkConditions(c.not, `${p}/not`, fn)
}

/** Every object under `node` with its pointer and the objects above it. */
function walkObjects(node: unknown, p: string, chain: Obj[], fn: (o: Obj, p: string, chain: Obj[]) => void, depth = 0): void {
  if (depth > 64 || !node || typeof node !== 'object') return
  if (Array.isArray(node)) {
    node.forEach((x, i) => walkObjects(x, `${p}/${i}`, chain, fn, depth + 1))
    return
  }
  const o = node as Obj
  fn(o, p, chain)
  for (const [k, v] of Object.entries(o))
    if (v && typeof v === 'object') walkObjects(v, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, [...chain, o], fn, depth + 1)
}

// ---------------------------------------------------------------- ids renamed

/**
 * The org with element `list[index]`'s id changed to `to`, and the references inside org.json
 * (a point's village, a unit's parent, a group's member units and leader role, staffing roles)
 * following it. References in other files are the user's to change (they are listed).
 */
export function renameId(doc: OrgDoc, list: IdList, index: number, to: string): OrgDoc {
  const next = structuredClone(doc)
  const el = (next[list] as Obj[])[index]!
  const from = el.id
  el.id = to
  if (typeof from !== 'string' || !from) return next
  for (const u of listOf(next, 'units')) {
    if (list === 'villages' && u.village === from) u.village = to
    if (list === 'units' && u.parent === from) u.parent = to
  }
  for (const g of listOf(next, 'groups')) {
    if (list === 'units' && Array.isArray(g.units)) g.units = g.units.map((u) => (u === from ? to : u))
    if (list === 'roles' && isObj(g.leader) && g.leader.role === from) g.leader.role = to
  }
  if (list === 'roles') for (const s of listOf(next, 'staffing')) if (s.role === from) s.role = to
  return next
}

/** Of the usages, those outside the org file (renaming an id does not follow them). */
export const outside = (us: Usage[], file: string) => us.filter((u) => u.file !== file)
