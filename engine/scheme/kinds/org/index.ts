/** The organisation: levels, channels, units, task groups and their categories, roles, villages, staffing. */
import { orgSchema } from '../../schemas/org'
import type { OrgDefinition, SchemeDefinitions } from '../../types'
import { defineKind } from '../kind'
import type { CheckContext } from '../check-kit'
import { addRemove, fmt, renamed, shape, type DiffEntry, type Handler } from '../diff-kit'

function check(org: OrgDefinition, { s, at, unitIds, villageIds, roleIds }: CheckContext): void {
  for (const u of org.units) {
    if (u.village && !villageIds.has(u.village))
      at(u, '/village', 'SCHEMA', { detail: `未知的嘎查村（社区）"${u.village}"`, detailEn: `Unknown village "${u.village}"` })
    if (u.parent && !unitIds.has(u.parent)) at(u, '/parent', 'UNKNOWN_UNIT', { id: u.parent })
  }
  const catGroups = categoryGroups(org)
  for (const g of org.groups) {
    g.units.forEach((u, i) => {
      if (!unitIds.has(u)) at(g, `/units/${i}`, 'UNKNOWN_UNIT', { id: u })
    })
    if (g.leader.role && !roleIds.has(g.leader.role))
      at(g, '/leader/role', 'SCHEMA', { detail: `未知的角色 "${g.leader.role}"`, detailEn: `Unknown role "${g.leader.role}"` })
  }
  for (const g of org.groups) {
    g.categories.forEach((c, i) => {
      const gs = catGroups.get(c)!
      if (gs.length > 1 && gs[0] !== g.name) at(g, `/categories/${i}`, 'CATEGORY_DUPLICATE', { category: c, groups: gs })
    })
  }
  for (const ch of org.channels) {
    if (ch.public && !s.form(ch.public.form)) at(ch, '/public/form', 'UNKNOWN_FORM', { id: ch.public.form })
    if (ch.import) {
      const f = s.form(ch.import.form)
      if (!f) at(ch, '/import/form', 'UNKNOWN_FORM', { id: ch.import.form })
      else {
        for (const field of Object.keys(ch.import.columns))
          if (!f.fields.has(field)) at(ch, `/import/columns/${field}`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field })
        for (const field of Object.keys(ch.import.values ?? {}))
          if (!f.fields.has(field)) at(ch, `/import/values/${field}`, 'UNKNOWN_FORM_FIELD', { form: f.def.id, field })
      }
    }
  }
  for (const st of org.staffing ?? [])
    if (!roleIds.has(st.role)) at(st, '/role', 'SCHEMA', { detail: `未知的角色 "${st.role}"`, detailEn: `Unknown role "${st.role}"` })
}

/** Category → the names of the groups that list it (more than one is a CATEGORY_DUPLICATE). */
export function categoryGroups(org: OrgDefinition): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const g of org.groups) for (const c of g.categories) out.set(c, [...(out.get(c) ?? []), g.name])
  return out
}

// ---------------------------------------------------------------- diff
const yesNo = (v: unknown) => (v === true ? '是' : v === false ? '否' : fmt(v))

/** Categories are told once, as moved between groups, added or removed — not per group list. */
function categoryMoves(a: SchemeDefinitions, b: SchemeDefinitions): DiffEntry[] {
  const map = (d: SchemeDefinitions) => {
    const m = new Map<string, { id: string; name: string }>()
    for (const g of d.org.groups) for (const c of g.categories) if (!m.has(c)) m.set(c, { id: g.id, name: g.name })
    return m
  }
  const [ma, mb] = [map(a), map(b)]
  const out: DiffEntry[] = []
  for (const [cat, gb] of mb) {
    const ga = ma.get(cat)
    if (!ga) out.push({ kind: 'org', op: 'added', path: `groups[${gb.id}] › categories{${cat}}`, new: gb.id, text: `新增类别「${cat}」（属 ${gb.name}）` })
    else if (ga.id !== gb.id)
      out.push({
        kind: 'org',
        op: 'moved',
        path: `groups[${ga.id}] › categories{${cat}} → groups[${gb.id}] › categories`,
        old: ga.id,
        new: gb.id,
        text: `类别「${cat}」从 ${ga.name} 移到 ${gb.name}`,
      })
  }
  for (const [cat, ga] of ma)
    if (!mb.has(cat))
      out.push({ kind: 'org', op: 'removed', path: `groups[${ga.id}] › categories{${cat}}`, old: ga.id, text: `删除类别「${cat}」（原属 ${ga.name}）` })
  return out
}

const words = (): Handler => (c, n) => {
  const sh = shape(c.path)
  if (/^groups\/\[\]\/categories\/\{\}$/.test(sh)) return [] // told once, by categoryMoves
  if (sh === 'groups/[]' && c.op !== 'changed') {
    const g = (c.op === 'added' ? c.new : c.old) as { name: string; units?: string[]; categories?: string[] }
    const id = (c.path[1] as { id: string }).id
    return n.entry(c, `${c.op === 'added' ? '新增' : '删除'}代办专班组「${g.name}」（${id}，${g.categories?.length ?? 0} 个类别）`)
  }
  if (sh === 'groups/[]/units/{}') {
    const unit = String(c.op === 'added' ? c.new : c.old)
    const u = n.el([
      { t: 'key', key: 'units' },
      { t: 'el', list: 'units', id: unit, by: 'id', idx: {} },
    ])
    return n.entry(
      c,
      `代办专班组「${n.name(c.path.slice(0, 2))}」${c.op === 'added' ? '新增' : '移除'}成员单位「${typeof u?.name === 'string' ? u.name : unit}」`,
    )
  }
  if (sh === 'groups/[]/leader/title' && c.op === 'changed')
    return n.entry(c, `代办专班组「${n.name(c.path.slice(0, 2))}」组长职务：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'channels/[]/online') return n.entry(c, `渠道「${n.name(c.path.slice(0, 2))}」计为网访：${yesNo(c.old)} → ${yesNo(c.new)}`)
  if (sh === 'roles/[]/permissions/{}')
    return n.entry(c, `角色「${n.name(c.path.slice(0, 2))}」${c.op === 'added' ? '新增' : '移除'}权限 ${String(c.new ?? c.old)}`)
  if (sh === 'roles/[]/scope') return n.entry(c, `角色「${n.name(c.path.slice(0, 2))}」可见范围：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'staffing/[]/min') {
    const id = (c.path[1] as { id: string }).id
    return n.entry(c, `人员配备要求 ${id} 最少人数：${String(c.old)} → ${String(c.new)}`)
  }
  if (c.path.length === 2) return addRemove(c, n) ?? null
  return renamed(c, n)
}

export const org = defineKind<OrgDefinition, 'org'>({
  kind: 'org',
  presence: 'required',
  title: { zh: '组织', en: 'Organisation' },
  schema: orgSchema,
  lists: ['levels', 'channels', 'units', 'groups', 'roles', 'villages', 'staffing'],
  elementKeys: { staffing: ['unitType', 'role'] },
  sets: ['categories', 'units', 'permissions', 'roles'],
  compile(s, def) {
    for (const g of def.groups) {
      s.groupsById.set(g.id, g)
      for (const c of g.categories) if (!s.categoryGroup.has(c)) s.categoryGroup.set(c, g.id)
    }
    return []
  },
  check,
  diff: {
    nouns: {
      levels: '事项层级',
      channels: '信访渠道',
      units: '单位',
      groups: '代办专班组',
      roles: '角色',
      villages: '嘎查村（社区）',
      staffing: '人员配备要求',
    },
    words,
    extra: categoryMoves,
  },
  docs: {
    files: '`org.json`',
    holds:
      'levels, channels (and which count as online), units, the six task groups with their categories exactly as the seed words them, roles, villages, staffing minimums',
  },
})
