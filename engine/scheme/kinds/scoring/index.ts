/** Scoring: the 考核办法 — inputs, variables, sections and item formulas, caps, rounding, grade bands, vetoes, letters. */
import { scoringSchema } from '../../schemas/scoring'
import type { ScoringKindDefinition } from '../../types'
import { checkFormula, formatFormula } from '../../../formula/formula'
import { collectTitles } from '../../../scoring/score'
import { UnsupportedPatternError } from '../../../validate/regexp'
import { defineKind } from '../kind'
import type { CheckContext } from '../check-kit'
import { addRemove, fmt, renamed, resolve, shape, type Handler, type Seg } from '../diff-kit'

function check(def: ScoringKindDefinition, { s, o, out, at, params, checkPatterns }: CheckContext): void {
  for (const sc of def.scorings) {
    const known = new Set(collectTitles(sc.inputs, '', new Map()).keys())
    checkPatterns(sc, sc.inputs, '/inputs')
    // lazySchemas (a scheme validated in full before): the inputs' schema compiles when a score is first computed.
    if (!s.lazySchemas)
      try {
        params.compile(sc.inputs)
      } catch (e) {
        if (!(e instanceof UnsupportedPatternError)) at(sc, '/inputs', 'INVALID_FORM_SCHEMA', { detail: e instanceof Error ? e.message : String(e) })
      }
    const file = o.at(sc).file
    const base = o.at(sc).pointer
    sc.checks?.forEach((c, i) => out.push(...checkFormula(c.when, known, file, `${base}/checks/${i}/when`)))
    sc.variables.forEach((v, i) => {
      out.push(...checkFormula(v.formula, known, file, `${base}/variables/${i}/formula`))
      known.add(v.id)
    })
    let sum = 0
    sc.sections.forEach((sec, si) => {
      sum += sec.max
      sec.items.forEach((it, ii) => out.push(...checkFormula(it.formula, known, file, `${base}/sections/${si}/items/${ii}/formula`)))
    })
    if (Math.abs(sum - sc.max) > 1e-9) at(sc, '/max', 'MAX_MISMATCH', { sum, max: sc.max })
    sc.vetoes.forEach((v, i) => {
      out.push(...checkFormula(v.when, known, file, `${base}/vetoes/${i}/when`))
      if (!sc.grades.some((g) => g.name === v.grade))
        at(sc, `/vetoes/${i}/grade`, 'GRADE_BANDS', { detail: `未知等次 "${v.grade}"`, detailEn: `unknown grade "${v.grade}"` })
    })
    sc.letters?.forEach((l, i) => {
      out.push(...checkFormula(l.when, known, file, `${base}/letters/${i}/when`))
      if (l.count !== undefined) out.push(...checkFormula(l.count, known, file, `${base}/letters/${i}/count`))
    })
    sc.grades.forEach((g, i) => {
      const last = i === sc.grades.length - 1
      if (last && g.min !== null)
        at(sc, `/grades/${i}/min`, 'GRADE_BANDS', {
          detail: '最后一档的 min 应为 null（兜底等次）',
          detailEn: "the last band's min must be null (the grade of every other score)",
        })
      if (!last && g.min === null)
        at(sc, `/grades/${i}/min`, 'GRADE_BANDS', { detail: '只有最后一档的 min 可以为 null', detailEn: "only the last band's min may be null" })
      const prev = sc.grades[i - 1]
      if (prev && prev.min !== null && g.min !== null && g.min >= prev.min)
        at(sc, `/grades/${i}/min`, 'GRADE_BANDS', {
          detail: '等次须从高到低排列，下限递减',
          detailEn: 'bands go from the highest down, each min below the one before',
        })
    })
  }
}

// ---------------------------------------------------------------- diff
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

/** With several scoring definitions, changes outside the first (the village assessment) name their definition. */
const words = (defsA: { scoring: ScoringKindDefinition }, defsB: { scoring: ScoringKindDefinition }): Handler => {
  const many = Math.max(defsA.scoring.scorings.length, defsB.scoring.scorings.length) > 1
  const primary = defsA.scoring.scorings[0]?.id ?? defsB.scoring.scorings[0]?.id
  return (c, n) => {
    const sh = shape(c.path)
    const scPath = c.path.slice(0, 2)
    const sc = () => (many && (scPath[1] as { id?: string } | undefined)?.id !== primary ? `考核办法「${n.name(scPath)}」` : '')
    if (sh === 'scorings/[]') return addRemove(c, n)
    if (sh === 'scorings/[]/grades/[]/min') {
      const g = (c.path[3] as { id: string }).id
      return n.entry(c, `${sc()}等次「${g}」下限 ${c.old === null ? '无' : String(c.old)} → ${c.new === null ? '无' : String(c.new)}`)
    }
    if (sh === 'scorings/[]/grades/[]' && c.op !== 'changed') {
      const g = (c.path[3] as { id: string }).id
      const min = c.op === 'added' ? (c.new as { min: unknown }).min : (c.old as { min: unknown }).min
      return n.entry(c, `${sc()}${c.op === 'added' ? '新增' : '删除'}等次「${g}」（下限 ${min === null ? '无' : String(min)}）`)
    }
    if (sh === 'scorings/[]/sections/[]' && c.op !== 'changed') {
      const s = (c.op === 'added' ? c.new : c.old) as { name: string; max: number }
      const id = (c.path[3] as { id: string }).id
      return n.entry(c, `${sc()}${c.op === 'added' ? '新增' : '删除'}考核部分「${s.name}」（${id}，满分 ${s.max}）`)
    }
    const section = () => `考核部分「${n.name(c.path.slice(0, 4))}」`
    if (sh === 'scorings/[]/sections/[]/max') return n.entry(c, `${sc()}${section()}满分 ${String(c.old)} → ${String(c.new)}`)
    if (sh === 'scorings/[]/sections/[]/base') return n.entry(c, `${sc()}${section()}基础分 ${fmt(c.old)} → ${fmt(c.new)}`)
    if (sh === 'scorings/[]/sections/[]/floor') return n.entry(c, `${sc()}${section()}扣减下限 ${fmt(c.old)} → ${fmt(c.new)}`)
    const labels = (root: unknown) => {
      const scoring = resolve(root, scPath) as { variables?: Array<{ id: string; name: string }> } | undefined
      const m = new Map((scoring?.variables ?? []).map((v) => [v.id, v.name]))
      return (name: string) => m.get(name) ?? name
    }
    if (sh === 'scorings/[]/sections/[]/items/[]' && c.op !== 'changed') {
      const it = (c.op === 'added' ? c.new : c.old) as { name: string; max?: number; formula: unknown }
      const id = (c.path[5] as { id: string }).id
      if (c.op === 'removed') return n.entry(c, `${sc()}${section()}删除分项「${it.name}」（${id}）`)
      return n.entry(
        c,
        `${sc()}${section()}新增分项「${it.name}」（${id}${it.max !== undefined ? `，满分 ${it.max}` : ''}）：${formatFormula(it.formula, labels(n.b))}`,
      )
    }
    const item = () => `分项「${n.name(c.path.slice(0, 6))}」`
    if (sh === 'scorings/[]/sections/[]/items/[]/max') return n.entry(c, `${sc()}${item()}满分 ${fmt(c.old)} → ${fmt(c.new)}`)
    if (sh === 'scorings/[]/sections/[]/items/[]/formula')
      return n.entry(c, `${sc()}${item()}公式：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`)
    if (sh === 'scorings/[]/sections/[]/items/[]/name') return renamed(c, n)
    if (sh === 'scorings/[]/variables/[]' && c.op !== 'changed') {
      const v = (c.op === 'added' ? c.new : c.old) as { name: string; formula: unknown }
      const id = (c.path[3] as { id: string }).id
      return n.entry(
        c,
        c.op === 'added' ? `${sc()}新增变量「${v.name}」（${id}）= ${formatFormula(v.formula, labels(n.b))}` : `${sc()}删除变量「${v.name}」（${id}）`,
      )
    }
    if (sh === 'scorings/[]/variables/[]/formula')
      return n.entry(c, `${sc()}变量「${n.name(c.path.slice(0, 4))}」公式：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`)
    if (sh === 'scorings/[]/max') return n.entry(c, `${sc()}考核总分 ${String(c.old)} → ${String(c.new)}`)
    if (/^scorings\/\[\]\/(checks|vetoes|letters)\/\[\]$/.test(sh)) return addRemove(c, n, sc())
    const cond = /^scorings\/\[\]\/(checks|vetoes|letters)\/\[\]\/(when|count)$/.exec(sh)
    if (cond && c.op === 'changed') {
      return n.entry(
        c,
        `${sc()}${n.noun(cond[1]!)}「${n.name(c.path.slice(0, 4))}」${cond[2] === 'when' ? '条件' : '件数'}：${formatFormula(c.old, labels(n.a))} → ${formatFormula(c.new, labels(n.b))}`,
      )
    }
    if (/^scorings\/\[\]\/(checks|vetoes|letters|variables|sections)\/\[\](\/items\/\[\])?\/name$/.test(sh) || sh === 'scorings/[]/name') return renamed(c, n)
    if (sh.startsWith('scorings/[]/inputs/')) {
      const rest = c.path.slice(3)
      const p = inputPath(rest)
      if (p && c.op !== 'changed') {
        const v = (c.op === 'added' ? c.new : c.old) as { title?: string } | undefined
        const owner = [...c.path.slice(0, 3), ...rest.slice(0, -2)]
        const req = resolve(n.b, [...owner, { t: 'key', key: 'required' }])
        const required = c.op === 'added' && Array.isArray(req) && req.includes((rest[rest.length - 1] as { key: string }).key)
        return n.entry(c, `${sc()}考核输入${c.op === 'added' ? '新增' : '删除'} ${p}${v?.title ? `（${v.title}）` : ''}${required ? '，必填' : ''}`)
      }
      const last = rest[rest.length - 1]
      if (last?.t === 'member' && last.list === 'required') {
        const ownerRest = rest.slice(0, -2)
        const prop: Seg[] = [...c.path.slice(0, 3), ...ownerRest, { t: 'key', key: 'properties' }, { t: 'key', key: String(last.value) }]
        if (resolve(n.a, prop) === undefined || resolve(n.b, prop) === undefined) return [] // told with the input's addition or removal
        const owner = inputPath(ownerRest)
        const full = owner ? `${owner}.${String(last.value)}` : String(last.value)
        return n.entry(c, `${sc()}考核输入 ${full} 改为${c.op === 'added' ? '必填' : '选填'}`)
      }
    }
    if (sh === 'scorings/[]/rounding/decimals' || sh === 'scorings/[]/rounding/mode')
      return n.entry(c, `${sc()}总分舍入 ${(c.path[3] as { key: string }).key}：${fmt(c.old)} → ${fmt(c.new)}`)
    return null
  }
}

export const scoring = defineKind<ScoringKindDefinition, 'scoring'>({
  kind: 'scoring',
  presence: 'required',
  title: { zh: '考核办法', en: 'Scoring' },
  schema: scoringSchema,
  lists: ['scorings'],
  elementKeys: { grades: ['name'] },
  sets: ['required', 'enum'],
  atomic: ['formula', 'when', 'count'],
  compile(s, def) {
    for (const sc of def.scorings) s.scorings.set(sc.id, sc)
    return []
  },
  check,
  diff: {
    nouns: {
      scorings: '考核办法',
      sections: '考核部分',
      items: '分项',
      variables: '变量',
      checks: '输入检查',
      vetoes: '一票否决',
      letters: '函件',
      grades: '等次',
    },
    words,
  },
  docs: {
    files: '`scoring.json`',
    holds: 'the 考核办法: inputs, rates, item formulas, caps, the deduction base and floor, rounding, grade bands, the veto, the letters',
  },
  designer: { preview: 'scoring' },
})
