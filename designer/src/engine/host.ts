/**
 * The designer's engine host: keeps the draft's compiled scheme and answers preview requests with
 * the very engine the server runs (loadScheme, decide, score, WorkCalendar). Pure: it runs inside
 * a Web Worker in the browser (./worker.ts) and directly in unit tests.
 */
import {
  loadScheme,
  decide,
  score,
  formatProblem,
  addCalendarDays,
  type CompiledScheme,
  type Problem as EngineProblem,
  type SchemeDefinitions,
} from '../../../engine/index'
import { expandOptions } from '../../../engine/scheme/options'
import type { Problem } from '../lib/problems'
import type { AddDaysReply, DayInfo, LoadReply, Request, SchemeInfo } from './protocol'

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

export function withEnglish(problems: EngineProblem[]): Problem[] {
  return problems.map((p) => ({ ...p, messageEn: formatProblem(p, 'en') }))
}

export class EngineHost {
  private compiled: CompiledScheme | null = null
  private compiledFromCurrent = false
  private info: SchemeInfo | null = null

  async handle(req: Request): Promise<unknown> {
    switch (req.op) {
      case 'load':
        return this.load(req.files, req.quick ?? true)
      case 'decide':
        return this.decide(req.facts)
      case 'score':
        return this.score(req.input, req.scoring)
      case 'addDays':
        return this.addDays(req.date, req.days, req.unit)
      case 'dayInfo':
        return this.dayInfo(req.date)
    }
  }

  async load(files: Array<{ file: string; text: string }>, quick = true): Promise<LoadReply> {
    const t0 = now()
    const r = await loadScheme(files, { quick })
    const loadMs = now() - t0
    let infoStale = true
    if (r.scheme) {
      this.compiled = r.scheme
      this.compiledFromCurrent = true
    } else this.compiledFromCurrent = false
    if (r.definitions) {
      this.info = schemeInfo(r.definitions, r.origins as unknown as OriginsLike)
      infoStale = false
    }
    return {
      ok: !!r.scheme,
      problems: withEnglish(r.problems),
      loadMs,
      totalMs: now() - t0,
      info: this.info,
      infoStale: infoStale && !!this.info,
      compiledStale: !this.compiledFromCurrent && !!this.compiled,
      hasCompiled: !!this.compiled,
    }
  }

  private need(): CompiledScheme {
    if (!this.compiled) throw new Error('NO_SCHEME')
    return this.compiled
  }

  async decide(facts: unknown) {
    const d = await decide(this.need(), facts)
    return d.ok ? d : { ok: false as const, problems: withEnglish(d.problems) }
  }

  score(input: unknown, scoringId?: string) {
    const s = score(this.need(), input, scoringId)
    return s.ok ? s : { ok: false as const, problems: withEnglish(s.problems) }
  }

  dayInfo(date: string): { info: DayInfo | null; problems: Problem[] } {
    try {
      return { info: this.need().calendar.dayInfo(date), problems: [] }
    } catch (e) {
      return { info: null, problems: calendarProblem(e) }
    }
  }

  addDays(date: string, days: number, unit: 'workday' | 'calendar'): AddDaysReply {
    const cal = this.need().calendar
    const base: AddDaysReply = { due: null, problems: [], start: null, end: null, days: [], calendar: { from: cal.from, to: cal.to } }
    try {
      base.start = cal.dayInfo(date)
      const due = cal.addDays(date, days, unit)
      base.due = due
      base.end = cal.dayInfo(due)
      base.provisional = unit === 'workday' && cal.isProvisional(due)
      for (let d = addCalendarDays(date, 1); d <= due && base.days.length < 400; d = addCalendarDays(d, 1)) base.days.push(cal.dayInfo(d))
    } catch (e) {
      base.problems = calendarProblem(e)
    }
    return base
  }
}

function calendarProblem(e: unknown): Problem[] {
  const p = (e as { problem?: EngineProblem }).problem
  if (p) return withEnglish([p])
  const msg = e instanceof Error ? e.message : String(e)
  return [{ code: 'ERROR', pointer: '', message: msg, messageEn: msg }]
}

interface OriginsLike {
  get(v: unknown): { file: string; pointer: string } | undefined
}

export function schemeInfo(defs: SchemeDefinitions, origins?: OriginsLike): SchemeInfo {
  const at = (v: unknown) => origins?.get(v) ?? { file: '', pointer: '' }
  const triage = defs.rules.ruleSets.find((r) => r.produces === 'outcome')
  const years = Object.keys(defs.calendar.years ?? {}).sort()
  return {
    schemeId: defs.manifest.id,
    name: defs.manifest.name,
    version: defs.manifest.version,
    forms: defs.forms.forms.map((f) => {
      const o = at(f)
      const out: SchemeInfo['forms'][number] = {
        id: f.id,
        name: f.name,
        schema: expandOptions(f.schema, defs.org) as Record<string, unknown>,
        uiSchema: (f.uiSchema ?? {}) as Record<string, unknown>,
        file: o.file,
        pointer: o.pointer,
      }
      if (f.nameEn) out.nameEn = f.nameEn
      if (f.description) out.description = f.description
      return out
    }),
    machines: defs.workflow.machines.map((m) => {
      const o = at(m)
      const out: SchemeInfo['machines'][number] = { id: m.id, name: m.name, events: m.events, config: m.config, file: o.file, pointer: o.pointer }
      if (m.nameEn) out.nameEn = m.nameEn
      if (m.stateInfo) out.stateInfo = m.stateInfo
      return out
    }),
    scorings: defs.scoring.scorings.map((s) => {
      const out: SchemeInfo['scorings'][number] = {
        id: s.id,
        name: s.name,
        inputs: s.inputs,
        grades: s.grades.map((g) => ({ name: g.name, min: g.min, ...(g.nameEn ? { nameEn: g.nameEn } : {}) })),
      }
      if (s.nameEn) out.nameEn = s.nameEn
      return out
    }),
    factsForm: triage?.factsForm ?? null,
    ruleSets: defs.rules.ruleSets.map((r) => ({ id: r.id, name: r.name, produces: r.produces })),
    clocks: defs.deadlines.clocks.map((c) => ({ id: c.id, name: c.name, days: c.days, unit: c.unit, ...(c.nameEn ? { nameEn: c.nameEn } : {}) })),
    calendar: years.length ? { from: `${years[0]}-01-01`, to: `${years[years.length - 1]}-12-31` } : null,
    groups: defs.org.groups.map((g) => ({ id: g.id, name: g.name })),
    outcomes: (triage?.outcomes ?? []).map((o) => ({ id: o.id, name: o.name })),
  }
}
