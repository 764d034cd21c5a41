/**
 * `daiban diff`: the differences between two schemes, in the scheme's own terms. Works on the
 * loaded (merged) definitions, so how a kind is split across files does not matter; elements are
 * matched by their stable keys (./tree), never by position. Every change gets a sentence; changes
 * without a dedicated sentence fall back to `kind › element[id] › path: old → new`.
 */
import { formatFormula, type SchemeDefinitions } from '../../engine'
import { diffValues, fmt, isObj, renderPath, type Change, type Seg } from './tree'

export interface DiffEntry {
  /** Definition kind: scheme, org, forms, rules, deadlines, calendar, scoring, workflow */
  kind: string
  op: 'added' | 'removed' | 'changed' | 'moved'
  /** Readable path with element ids */
  path: string
  old?: unknown
  new?: unknown
  text: string
}

export const DIFF_KINDS = ['scheme', 'org', 'forms', 'rules', 'deadlines', 'calendar', 'scoring', 'workflow', 'duty'] as const
type DiffKind = (typeof DIFF_KINDS)[number]

const rootOf = (d: SchemeDefinitions, kind: DiffKind): unknown => (kind === 'scheme' ? d.manifest : (d as unknown as Record<string, unknown>)[kind])

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
const unitWord = (u: unknown) => (u === 'calendar' ? '个自然日' : '个工作日')
const unitName = (u: unknown) => (u === 'calendar' ? '自然日' : u === 'workday' ? '工作日' : String(u))
const yesNo = (v: unknown) => (v === true ? '是' : v === false ? '否' : fmt(v))

const MANIFEST_LABELS: Record<string, string> = {
  id: '方案标识', name: '方案名称', nameEn: '方案英文名称', town: '镇名', version: '版本', description: '方案说明', source: '来源文件',
  caseNumberPrefix: '案件编号前缀', timezone: '时区', defaultLocale: '默认语言',
}

/** Nouns of the keyed lists, by the list key (and the kind where the key is ambiguous). */
const NOUNS: Record<string, string> = {
  'org/levels': '事项层级', 'org/channels': '信访渠道', 'org/units': '单位', 'org/groups': '代办专班组', 'org/roles': '角色', 'org/villages': '嘎查村（社区）', 'org/staffing': '人员配备要求',
  'forms/forms': '表单', 'rules/ruleSets': '规则集', 'rules/rules': '规则', 'rules/outcomes': '甄别结果', 'deadlines/clocks': '时限',
  'scoring/scorings': '考核办法', 'scoring/sections': '考核部分', 'scoring/items': '分项', 'scoring/variables': '变量', 'scoring/checks': '输入检查', 'scoring/vetoes': '一票否决',
  'scoring/letters': '函件', 'scoring/grades': '等次', 'workflow/machines': '流程', 'calendar/holidays': '节假日', 'calendar/workdays': '调休上班日',
}

function findEl(arr: unknown, seg: Extract<Seg, { t: 'el' }>): unknown {
  if (!Array.isArray(arr)) return undefined
  return arr.find((el) => {
    if (!isObj(el)) return false
    if (seg.by === 'unitType/role') return `${String(el.unitType)}/${String(el.role)}` === seg.id
    return el[seg.by] === seg.id
  })
}

/** The value at a path (by keys) in one version, or undefined. */
function resolve(root: unknown, path: Seg[]): unknown {
  let cur = root
  for (const s of path) {
    if (s.t === 'key') cur = isObj(cur) ? cur[s.key] : undefined
    else if (s.t === 'el') cur = findEl(cur, s)
    else return cur
    if (cur === undefined) return undefined
  }
  return cur
}

const shape = (path: Seg[]) => path.map((s) => (s.t === 'key' ? s.key : s.t === 'el' ? '[]' : '{}')).join('/')

class Namer {
  /** `a`, `b`: the kind's root in the old and new definitions; `defsA`, `defsB`: all of them, for cross-references. */
  constructor(readonly a: unknown, readonly b: unknown, readonly defsA: SchemeDefinitions, readonly defsB: SchemeDefinitions) {}
  /** The element at `path` in the new version, else in the old. */
  el(path: Seg[]): Record<string, unknown> | undefined {
    const v = resolve(this.b, path) ?? resolve(this.a, path)
    return isObj(v) ? v : undefined
  }
  name(path: Seg[]): string {
    const e = this.el(path)
    const last = path[path.length - 1]
    return typeof e?.name === 'string' ? e.name : last?.t === 'el' ? last.id : '?'
  }
}

function nounOf(kind: string, list: string): string {
  return NOUNS[`${kind}/${list}`] ?? list
}

function generic(kind: string, c: Change): DiffEntry {
  const path = renderPath(c.path)
  const where = path ? `${kind} › ${path}` : kind
  let text: string
  if (c.op === 'added') text = `${where}: 新增 ${fmt(c.new)}`
  else if (c.op === 'removed') text = `${where}: 删除（原为 ${fmt(c.old)}）`
  else text = `${where}: ${fmt(c.old)} → ${fmt(c.new)}`
  return entry(kind, c, text)
}

function entry(kind: string, c: Change, text: string): DiffEntry {
  const e: DiffEntry = { kind, op: c.op, path: renderPath(c.path), text }
  if (c.old !== undefined) e.old = c.old
  if (c.new !== undefined) e.new = c.new
  return e
}

/** Added or removed element of a keyed list: `新增时限「…」（id）`, with its container for nested lists. */
function addRemove(kind: string, c: Change, n: Namer, container = ''): DiffEntry | null {
  const last = c.path[c.path.length - 1]
  if (last?.t !== 'el' || c.op === 'changed') return null
  const noun = nounOf(kind, last.list)
  const el = (c.op === 'added' ? c.new : c.old) as Record<string, unknown> | undefined
  const label = typeof el?.name === 'string' ? `「${el.name}」（${last.id}）` : `「${last.id}」`
  return entry(kind, c, `${container}${c.op === 'added' ? '新增' : '删除'}${noun}${label}`)
}

/** A renamed element: `时限「old」改名为「new」`. */
function renamed(kind: string, c: Change): DiffEntry | null {
  const last = c.path[c.path.length - 1]
  const el = c.path[c.path.length - 2]
  if (c.op !== 'changed' || last?.t !== 'key' || last.key !== 'name' || el?.t !== 'el') return null
  return entry(kind, c, `${nounOf(kind, el.list)}「${String(c.old)}」（${el.id}）改名为「${String(c.new)}」`)
}

type Handler = (c: Change, n: Namer) => DiffEntry | DiffEntry[] | null

// ---------------------------------------------------------------- scheme (manifest)
const schemeHandler: Handler = (c, n) => {
  const s0 = c.path[0]
  if (s0?.t !== 'key') return null
  if (s0.key === 'forkedFrom') {
    const from = (v: unknown) => (isObj(v) ? `${String(v.id)} ${String(v.version)}（${String(v.hash).slice(0, 12)}）` : '无')
    const a = resolve(n.a, [s0])
    const b = resolve(n.b, [s0])
    return { kind: 'scheme', op: 'changed', path: 'forkedFrom', old: a ?? null, new: b ?? null, text: `分支来源：${from(a)} → ${from(b)}` }
  }
  const label = MANIFEST_LABELS[s0.key]
  if (!label || c.path.length !== 1) return null
  if (c.op === 'added') return entry('scheme', c, `${label}：新增 ${String(c.new)}`)
  if (c.op === 'removed') return entry('scheme', c, `${label}：删除（原为 ${String(c.old)}）`)
  return entry('scheme', c, `${label}：${String(c.old)} → ${String(c.new)}`)
}

// ---------------------------------------------------------------- org
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
    else if (ga.id !== gb.id) out.push({ kind: 'org', op: 'moved', path: `groups[${ga.id}] › categories{${cat}} → groups[${gb.id}] › categories`, old: ga.id, new: gb.id, text: `类别「${cat}」从 ${ga.name} 移到 ${gb.name}` })
  }
  for (const [cat, ga] of ma) if (!mb.has(cat)) out.push({ kind: 'org', op: 'removed', path: `groups[${ga.id}] › categories{${cat}}`, old: ga.id, text: `删除类别「${cat}」（原属 ${ga.name}）` })
  return out
}

const orgHandler: Handler = (c, n) => {
  const sh = shape(c.path)
  if (/^groups\/\[\]\/categories\/\{\}$/.test(sh)) return [] // told once, by categoryMoves
  if (sh === 'groups/[]' && c.op !== 'changed') {
    const g = (c.op === 'added' ? c.new : c.old) as { name: string; units?: string[]; categories?: string[] }
    const id = (c.path[1] as { id: string }).id
    return entry('org', c, `${c.op === 'added' ? '新增' : '删除'}代办专班组「${g.name}」（${id}，${g.categories?.length ?? 0} 个类别）`)
  }
  if (sh === 'groups/[]/units/{}') {
    const unit = String(c.op === 'added' ? c.new : c.old)
    const u = n.el([{ t: 'key', key: 'units' }, { t: 'el', list: 'units', id: unit, by: 'id', idx: {} }])
    return entry('org', c, `代办专班组「${n.name(c.path.slice(0, 2))}」${c.op === 'added' ? '新增' : '移除'}成员单位「${typeof u?.name === 'string' ? u.name : unit}」`)
  }
  if (sh === 'groups/[]/leader/title' && c.op === 'changed') return entry('org', c, `代办专班组「${n.name(c.path.slice(0, 2))}」组长职务：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'channels/[]/online') return entry('org', c, `渠道「${n.name(c.path.slice(0, 2))}」计为网访：${yesNo(c.old)} → ${yesNo(c.new)}`)
  if (sh === 'roles/[]/permissions/{}') return entry('org', c, `角色「${n.name(c.path.slice(0, 2))}」${c.op === 'added' ? '新增' : '移除'}权限 ${String(c.new ?? c.old)}`)
  if (sh === 'roles/[]/scope') return entry('org', c, `角色「${n.name(c.path.slice(0, 2))}」可见范围：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'staffing/[]/min') {
    const id = (c.path[1] as { id: string }).id
    return entry('org', c, `人员配备要求 ${id} 最少人数：${String(c.old)} → ${String(c.new)}`)
  }
  if (c.path.length === 2) return addRemove('org', c, n) ?? null
  return renamed('org', c)
}

// ---------------------------------------------------------------- forms
function fieldTitle(n: Namer, formPath: Seg[], field: string): string {
  const f = n.el([...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }])
  return typeof f?.title === 'string' ? `${field}（${f.title}）` : field
}

const formsHandler: Handler = (c, n) => {
  const sh = shape(c.path)
  const formPath = c.path.slice(0, 2)
  const form = () => `表单「${n.name(formPath)}」`
  if (sh === 'forms/[]') return addRemove('forms', c, n)
  if (sh === 'forms/[]/name') return renamed('forms', c)
  const segs = c.path
  if (segs.length >= 5 && sh.startsWith('forms/[]/schema/properties/')) {
    const field = (segs[4] as { key: string }).key
    const title = fieldTitle(n, formPath, field)
    const rest = segs.slice(5)
    if (rest.length === 0 && c.op !== 'changed') {
      const added = c.op === 'added'
      const req = (resolve(added ? n.b : n.a, [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'required' }]) ?? []) as unknown[]
      const required = req.includes(field)
      return entry('forms', c, `${form()}${added ? '新增' : '删除'}字段 ${title}${added && required ? '，必填' : ''}`)
    }
    const rsh = shape(rest)
    if (rsh === 'title' && c.op === 'changed') return entry('forms', c, `${form()}字段 ${field} 标题：${String(c.old)} → ${String(c.new)}`)
    if (rsh === 'enum/{}') return entry('forms', c, `${form()}字段 ${title}${c.op === 'added' ? '新增' : '删除'}选项「${String(c.new ?? c.old)}」`)
    const what = renderPath(rest)
    if (c.op === 'added') return entry('forms', c, `${form()}字段 ${title} 新增 ${what}：${fmt(c.new)}`)
    if (c.op === 'removed') return entry('forms', c, `${form()}字段 ${title} 删除 ${what}（原为 ${fmt(c.old)}）`)
    return entry('forms', c, `${form()}字段 ${title} 的 ${what}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  if (sh === 'forms/[]/schema/required/{}') {
    const field = String(c.new ?? c.old)
    const propPath = [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }] as Seg[]
    const inA = resolve(n.a, propPath) !== undefined
    const inB = resolve(n.b, propPath) !== undefined
    if (!inA || !inB) return [] // told with the field's addition or removal
    return entry('forms', c, `${form()}字段 ${fieldTitle(n, formPath, field)} 改为${c.op === 'added' ? '必填' : '选填'}`)
  }
  if (sh === 'forms/[]/uiSchema/ui:order/{}') {
    const field = String(c.new ?? c.old)
    const propPath = [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }] as Seg[]
    if ((resolve(n.a, propPath) === undefined) !== (resolve(n.b, propPath) === undefined)) return []
  }
  if (sh.startsWith('forms/[]/uiSchema/') && segs.length === 4 && c.op !== 'changed') {
    const field = (segs[3] as { key: string }).key
    const propPath = [...formPath, { t: 'key', key: 'schema' }, { t: 'key', key: 'properties' }, { t: 'key', key: field }] as Seg[]
    if ((resolve(n.a, propPath) === undefined) !== (resolve(n.b, propPath) === undefined)) return []
  }
  return null
}

// ---------------------------------------------------------------- rules
const rulesHandler: Handler = (c, n) => {
  const sh = shape(c.path)
  const rsName = () => `规则集「${n.name(c.path.slice(0, 2))}」`
  if (sh === 'ruleSets/[]') return addRemove('rules', c, n)
  if (sh === 'ruleSets/[]/rules/[]' || sh === 'ruleSets/[]/outcomes/[]') return addRemove('rules', c, n, rsName())
  if (sh === 'ruleSets/[]/name' || sh === 'ruleSets/[]/rules/[]/name' || sh === 'ruleSets/[]/outcomes/[]/name') return renamed('rules', c)
  const rule = () => `${rsName()}规则「${n.name(c.path.slice(0, 4))}」`
  if (sh === 'ruleSets/[]/rules/[]/event/params/clock') {
    const clock = (defs: unknown, id: unknown) => {
      const el = resolve(defs, [{ t: 'key', key: 'clocks' }, { t: 'el', list: 'clocks', id: String(id), by: 'id', idx: {} }])
      return isObj(el) && typeof el.name === 'string' ? el.name : String(id)
    }
    return entry('rules', c, `${rule()}选定的时限：「${clock(n.defsA.deadlines, c.old)}」 → 「${clock(n.defsB.deadlines, c.new)}」`)
  }
  if (sh === 'ruleSets/[]/rules/[]/event/params/group') {
    const group = (org: unknown, id: unknown) => {
      const el = resolve(org, [{ t: 'key', key: 'groups' }, { t: 'el', list: 'groups', id: String(id), by: 'id', idx: {} }])
      return isObj(el) && typeof el.name === 'string' ? el.name : String(id)
    }
    return entry('rules', c, `${rule()}分流到：${group(n.defsA.org, c.old)} → ${group(n.defsB.org, c.new)}`)
  }
  if (sh === 'ruleSets/[]/rules/[]/priority') return entry('rules', c, `${rule()}优先级：${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/conditions') return entry('rules', c, `${rule()}条件：${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'ruleSets/[]/rules/[]/reason') return entry('rules', c, `${rule()}理由：${String(c.old)} → ${String(c.new)}`)
  if (sh === 'ruleSets/[]/mode') return entry('rules', c, `${rsName()}判定方式：${String(c.old)} → ${String(c.new)}`)
  return null
}

// ---------------------------------------------------------------- deadlines
const deadlinesHandler: Handler = (c, n) => {
  const sh = shape(c.path)
  const clockPath = c.path.slice(0, 2)
  const clock = () => `「${n.name(clockPath)}」`
  if (sh === 'clocks/[]' && c.op !== 'changed') {
    const ck = (c.op === 'added' ? c.new : c.old) as { name: string; days: number; unit: string }
    const id = (c.path[1] as { id: string }).id
    return entry('deadlines', c, c.op === 'added' ? `新增时限「${ck.name}」（${id}）：${ck.days} ${unitWord(ck.unit)}` : `删除时限「${ck.name}」（${id}）`)
  }
  if (sh === 'clocks/[]/name') return renamed('deadlines', c)
  const a = resolve(n.a, clockPath) as Record<string, unknown> | undefined
  const b = resolve(n.b, clockPath) as Record<string, unknown> | undefined
  if (sh === 'clocks/[]/days') {
    if (a?.unit !== b?.unit) return entry('deadlines', c, `${clock()}${String(c.old)} ${unitWord(a?.unit)} → ${String(c.new)} ${unitWord(b?.unit)}`)
    return entry('deadlines', c, `${clock()}${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  }
  if (sh === 'clocks/[]/unit') {
    if (a?.days !== b?.days) return [] // told with the days
    return entry('deadlines', c, `${clock()}计日方式：${unitName(c.old)} → ${unitName(c.new)}（${String(b?.days)} 日）`)
  }
  if (sh === 'clocks/[]/warnBefore') return entry('deadlines', c, `${clock()}临期提醒：到期前 ${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  if (sh === 'clocks/[]/urge/every') return entry('deadlines', c, `${clock()}催办间隔：每 ${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}`)
  if (sh === 'clocks/[]/urge/after') return entry('deadlines', c, `${clock()}超期后首次催办：${String(c.old)} → ${String(c.new)} ${unitWord(b?.unit)}后`)
  if (sh === 'clocks/[]/start/events/{}' || sh === 'clocks/[]/stop/events/{}') {
    const which = sh.includes('start') ? '开始计时' : '停止计时'
    return entry('deadlines', c, `${clock()}${which}事件${c.op === 'added' ? '新增' : '去掉'} ${String(c.new ?? c.old)}`)
  }
  if (sh === 'clocks/[]/start/dateField') return entry('deadlines', c, `${clock()}起算日期字段：${String(c.old ?? '（事件日期）')} → ${String(c.new ?? '（事件日期）')}`)
  if (sh === 'clocks/[]/start/state') return entry('deadlines', c, `${clock()}开始计时的状态：${String(c.old ?? '（无）')} → ${String(c.new ?? '（无）')}`)
  if (sh === 'clocks/[]/selectedBy') return entry('deadlines', c, `${clock()}由规则集选定：${String(c.old ?? '（总是）')} → ${String(c.new ?? '（总是）')}`)
  return null
}

// ---------------------------------------------------------------- calendar
const calendarHandler: Handler = (c) => {
  const sh = shape(c.path)
  if (sh.startsWith('years/') && c.path.length === 2 && c.op !== 'changed') {
    const year = (c.path[1] as { key: string }).key
    const y = (c.op === 'added' ? c.new : c.old) as { holidays?: unknown[]; workdays?: unknown[] }
    return entry('calendar', c, `日历${c.op === 'added' ? '新增' : '删除'} ${year} 年（${y.holidays?.length ?? 0} 个节假日、${y.workdays?.length ?? 0} 个调休上班日）`)
  }
  const m = /^years\/[^/]+\/(holidays|workdays)\/\[\](\/name)?$/.exec(sh)
  if (m) {
    const noun = m[1] === 'holidays' ? '节假日' : '调休上班日'
    const date = (c.path[3] as { id: string }).id
    if (m[2]) return entry('calendar', c, `日历 ${date}（${noun}）名称：${String(c.old)} → ${String(c.new)}`)
    const d = (c.op === 'added' ? c.new : c.old) as { name?: string } | undefined
    if (c.op === 'changed') return null
    return entry('calendar', c, `日历${c.op === 'added' ? '新增' : '删除'}${noun} ${date}（${d?.name ?? ''}）`)
  }
  if (sh === 'weekend/{}') {
    const day = WEEKDAYS[Number(c.new ?? c.old)] ?? String(c.new ?? c.old)
    return entry('calendar', c, c.op === 'added' ? `周末新增${day}（不再上班）` : `周末去掉${day}（改为上班）`)
  }
  return null
}

// ---------------------------------------------------------------- scoring
function inputPath(segs: Seg[]): string | null {
  // inputs/properties/a/properties/b → a.b
  const names: string[] = []
  for (let i = 0; i < segs.length; i += 2) {
    const k = segs[i]
    const name = segs[i + 1]
    if (k?.t !== 'key' || k.key !== 'properties' || name?.t !== 'key') return null
    names.push(name.key)
  }
  return names.length ? names.join('.') : null
}

const scoringHandler = (many: boolean, primary: string | undefined): Handler => (c, n) => {
  const sh = shape(c.path)
  const scPath = c.path.slice(0, 2)
  const sc = () => (many && (scPath[1] as { id?: string } | undefined)?.id !== primary ? `考核办法「${n.name(scPath)}」` : '')
  if (sh === 'scorings/[]') return addRemove('scoring', c, n)
  if (sh === 'scorings/[]/grades/[]/min') {
    const g = (c.path[3] as { id: string }).id
    return entry('scoring', c, `${sc()}等次「${g}」下限 ${c.old === null ? '无' : String(c.old)} → ${c.new === null ? '无' : String(c.new)}`)
  }
  if (sh === 'scorings/[]/grades/[]' && c.op !== 'changed') {
    const g = (c.path[3] as { id: string }).id
    const min = (c.op === 'added' ? (c.new as { min: unknown }).min : (c.old as { min: unknown }).min)
    return entry('scoring', c, `${sc()}${c.op === 'added' ? '新增' : '删除'}等次「${g}」（下限 ${min === null ? '无' : String(min)}）`)
  }
  if (sh === 'scorings/[]/sections/[]' && c.op !== 'changed') {
    const s = (c.op === 'added' ? c.new : c.old) as { name: string; max: number }
    const id = (c.path[3] as { id: string }).id
    return entry('scoring', c, `${sc()}${c.op === 'added' ? '新增' : '删除'}考核部分「${s.name}」（${id}，满分 ${s.max}）`)
  }
  const section = () => `考核部分「${n.name(c.path.slice(0, 4))}」`
  if (sh === 'scorings/[]/sections/[]/max') return entry('scoring', c, `${sc()}${section()}满分 ${String(c.old)} → ${String(c.new)}`)
  if (sh === 'scorings/[]/sections/[]/base') return entry('scoring', c, `${sc()}${section()}基础分 ${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'scorings/[]/sections/[]/floor') return entry('scoring', c, `${sc()}${section()}扣减下限 ${fmt(c.old)} → ${fmt(c.new)}`)
  const labels = (root: unknown) => {
    const scoring = resolve(root, scPath) as { variables?: Array<{ id: string; name: string }> } | undefined
    const m = new Map((scoring?.variables ?? []).map((v) => [v.id, v.name]))
    return (name: string) => m.get(name) ?? name
  }
  if (sh === 'scorings/[]/sections/[]/items/[]' && c.op !== 'changed') {
    const it = (c.op === 'added' ? c.new : c.old) as { name: string; max?: number; formula: unknown }
    const id = (c.path[5] as { id: string }).id
    if (c.op === 'removed') return entry('scoring', c, `${sc()}${section()}删除分项「${it.name}」（${id}）`)
    return entry('scoring', c, `${sc()}${section()}新增分项「${it.name}」（${id}${it.max !== undefined ? `，满分 ${it.max}` : ''}）：${formatFormula(it.formula, labels(n.b))}`)
  }
  const item = () => `分项「${n.name(c.path.slice(0, 6))}」`
  if (sh === 'scorings/[]/sections/[]/items/[]/max') return entry('scoring', c, `${sc()}${item()}满分 ${fmt(c.old)} → ${fmt(c.new)}`)
  if (sh === 'scorings/[]/sections/[]/items/[]/formula') return entry('scoring', c, `${sc()}${item()}公式：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`)
  if (sh === 'scorings/[]/sections/[]/items/[]/name') return renamed('scoring', c)
  if (sh === 'scorings/[]/variables/[]' && c.op !== 'changed') {
    const v = (c.op === 'added' ? c.new : c.old) as { name: string; formula: unknown }
    const id = (c.path[3] as { id: string }).id
    return entry('scoring', c, c.op === 'added' ? `${sc()}新增变量「${v.name}」（${id}）= ${formatFormula(v.formula, labels(n.b))}` : `${sc()}删除变量「${v.name}」（${id}）`)
  }
  if (sh === 'scorings/[]/variables/[]/formula') return entry('scoring', c, `${sc()}变量「${n.name(c.path.slice(0, 4))}」公式：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`)
  if (sh === 'scorings/[]/max') return entry('scoring', c, `${sc()}考核总分 ${String(c.old)} → ${String(c.new)}`)
  if (/^scorings\/\[\]\/(checks|vetoes|letters)\/\[\]$/.test(sh)) return addRemove('scoring', c, n, sc())
  const cond = /^scorings\/\[\]\/(checks|vetoes|letters)\/\[\]\/(when|count)$/.exec(sh)
  if (cond && c.op === 'changed') {
    const noun = nounOf('scoring', cond[1]!)
    return entry('scoring', c, `${sc()}${noun}「${n.name(c.path.slice(0, 4))}」${cond[2] === 'when' ? '条件' : '件数'}：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`)
  }
  if (/^scorings\/\[\]\/(checks|vetoes|letters|variables|sections)\/\[\](\/items\/\[\])?\/name$/.test(sh) || sh === 'scorings/[]/name') return renamed('scoring', c)
  if (sh.startsWith('scorings/[]/inputs/')) {
    const rest = c.path.slice(3)
    const p = inputPath(rest)
    if (p && c.op !== 'changed') {
      const v = (c.op === 'added' ? c.new : c.old) as { title?: string } | undefined
      const owner = [...c.path.slice(0, 3), ...rest.slice(0, -2)]
      const req = resolve(n.b, [...owner, { t: 'key', key: 'required' }])
      const required = c.op === 'added' && Array.isArray(req) && req.includes((rest[rest.length - 1] as { key: string }).key)
      return entry('scoring', c, `${sc()}考核输入${c.op === 'added' ? '新增' : '删除'} ${p}${v?.title ? `（${v.title}）` : ''}${required ? '，必填' : ''}`)
    }
    const last = rest[rest.length - 1]
    if (last?.t === 'member' && last.list === 'required') {
      const ownerRest = rest.slice(0, -2)
      const prop: Seg[] = [...c.path.slice(0, 3), ...ownerRest, { t: 'key', key: 'properties' }, { t: 'key', key: String(last.value) }]
      if (resolve(n.a, prop) === undefined || resolve(n.b, prop) === undefined) return [] // told with the input's addition or removal
      const owner = inputPath(ownerRest)
      const full = owner ? `${owner}.${String(last.value)}` : String(last.value)
      return entry('scoring', c, `${sc()}考核输入 ${full} 改为${c.op === 'added' ? '必填' : '选填'}`)
    }
  }
  if (sh === 'scorings/[]/rounding/decimals' || sh === 'scorings/[]/rounding/mode') return entry('scoring', c, `${sc()}总分舍入 ${(c.path[3] as { key: string }).key}：${fmt(c.old)} → ${fmt(c.new)}`)
  return null
}

// ---------------------------------------------------------------- workflow
const workflowHandler: Handler = (c, n) => {
  const sh = shape(c.path)
  const mPath = c.path.slice(0, 2)
  const machine = () => `流程「${n.name(mPath)}」`
  if (sh === 'machines/[]') return addRemove('workflow', c, n)
  if (sh === 'machines/[]/name') return renamed('workflow', c)
  const segs = c.path
  const eventLabel = (ev: string) => {
    const e = n.el([...mPath, { t: 'key', key: 'events' }, { t: 'key', key: ev }])
    return typeof e?.name === 'string' ? `${ev}（${e.name}）` : ev
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'events' && segs[3]?.t === 'key') {
    const ev = segs[3].key
    if (segs.length === 4 && c.op !== 'changed') return entry('workflow', c, `${machine()}${c.op === 'added' ? '新增' : '删除'}事件 ${eventLabel(ev)}`)
    const rest = shape(segs.slice(4))
    if (rest === 'roles/{}') return entry('workflow', c, `${machine()}事件 ${eventLabel(ev)}${c.op === 'added' ? '新增' : '去掉'}可操作角色 ${String(c.new ?? c.old)}`)
    if (rest === 'form') return entry('workflow', c, `${machine()}事件 ${eventLabel(ev)}的表单：${fmt(c.old)} → ${fmt(c.new)}`)
    return entry('workflow', c, `${machine()}事件 ${eventLabel(ev)} › ${renderPath(segs.slice(4))}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'config') {
    // config/states/a/states/b/... → state a.b
    const names: string[] = []
    let i = 3
    while (segs[i]?.t === 'key' && (segs[i] as { key: string }).key === 'states' && segs[i + 1]?.t === 'key') {
      names.push((segs[i + 1] as { key: string }).key)
      i += 2
    }
    if (!names.length) return null
    const state = names.join('.')
    const info = (root: unknown) => resolve(root, [...mPath, { t: 'key', key: 'stateInfo' }, { t: 'key', key: state }]) as { name?: string } | undefined
    const label = info(n.b)?.name ?? info(n.a)?.name
    const stateText = label ? `${state}（${label}）` : state
    if (i === segs.length && c.op !== 'changed') return entry('workflow', c, `${machine()}${c.op === 'added' ? '新增' : '删除'}状态 ${stateText}`)
    const rest = segs.slice(i)
    if (rest[0]?.t === 'key' && rest[0].key === 'on' && rest[1]?.t === 'key') {
      const ev = rest[1].key
      const more = renderPath(rest.slice(2))
      if (rest.length === 2 && c.op !== 'changed') return entry('workflow', c, `${machine()}状态 ${stateText}${c.op === 'added' ? '新增' : '删除'}对事件 ${ev} 的转移`)
      return entry('workflow', c, `${machine()}状态 ${stateText}收到 ${ev} 时的转移${more ? ` › ${more}` : ''}：${fmt(c.old)} → ${fmt(c.new)}`)
    }
    return entry('workflow', c, `${machine()}状态 ${stateText} › ${renderPath(rest)}：${fmt(c.old)} → ${fmt(c.new)}`)
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'stateInfo' && segs.length === 5 && segs[4]?.t === 'key' && (segs[4].key === 'name' || segs[4].key === 'stage') && c.op === 'changed') {
    return entry('workflow', c, `${machine()}状态 ${(segs[3] as { key: string }).key} 的${segs[4].key === 'name' ? '名称' : '环节'}：${String(c.old)} → ${String(c.new)}`)
  }
  if (segs[2]?.t === 'key' && segs[2].key === 'stateInfo' && segs.length === 4) {
    const state = (segs[3] as { key: string }).key
    // A state added or removed together with its label is told once, with the state.
    const statePath = (root: unknown) => {
      const cfg = resolve(root, [...mPath, { t: 'key', key: 'config' }])
      let cur: unknown = cfg
      for (const part of state.split('.')) cur = isObj(cur) && isObj(cur.states) ? cur.states[part] : undefined
      return cur
    }
    if ((statePath(n.a) === undefined) !== (statePath(n.b) === undefined)) return []
  }
  return null
}

/** The differences between two loaded schemes, in the order of the kinds. */
export function diffSchemes(a: SchemeDefinitions, b: SchemeDefinitions): DiffEntry[] {
  const out: DiffEntry[] = []
  for (const kind of DIFF_KINDS) {
    const ra = rootOf(a, kind)
    const rb = rootOf(b, kind)
    const changes = diffValues(ra, rb)
    const namer = new Namer(ra, rb, a, b)
    const handler: Handler =
      kind === 'scheme' ? schemeHandler
      : kind === 'org' ? orgHandler
      : kind === 'forms' ? formsHandler
      : kind === 'rules' ? rulesHandler
      : kind === 'deadlines' ? deadlinesHandler
      : kind === 'calendar' ? calendarHandler
      : kind === 'scoring' ? scoringHandler(Math.max(a.scoring.scorings.length, b.scoring.scorings.length) > 1, a.scoring.scorings[0]?.id ?? b.scoring.scorings[0]?.id)
      : kind === 'workflow' ? workflowHandler
      : () => null
    let forkedFromTold = false
    for (const c of changes) {
      if (kind === 'scheme' && c.path[0]?.t === 'key' && c.path[0].key === 'forkedFrom') {
        if (forkedFromTold) continue
        forkedFromTold = true
      }
      const r = handler(c, namer) ?? (kind !== 'scheme' ? renamed(kind, c) : null) ?? generic(kind, c)
      out.push(...(Array.isArray(r) ? r : [r]))
    }
    if (kind === 'org') out.push(...categoryMoves(a, b))
  }
  return out
}
