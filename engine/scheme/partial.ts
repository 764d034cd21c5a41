/**
 * A broken file must not hide the other files' problems (issue #16). When some files cannot be
 * read (a JSON syntax error, a file its kind's schema refuses, a kind missing), the loader still
 * compiles and checks what it read, and keeps the problems the broken kinds cannot have caused:
 * each problem code names the kinds whose absence could make it appear by mistake (a rule naming a
 * form is "unknown" only because the forms file did not parse). A code not listed here is dropped
 * while anything is broken: never a false problem, at the price of reporting it on the next run.
 */
import type { Problem } from '../util/problem'
import { KIND_MODULES } from './kinds/index'

const ALL = KIND_MODULES.map((k) => k.kind)
const ROLES = ['forms', 'workflow', 'rules', 'org', 'duty']

/** Problem code → the kinds it reads besides the element it is about. */
export const DEPENDS_ON: Readonly<Record<string, readonly string[]>> = {
  // inside one element: true whatever else is broken
  DUPLICATE_ID: [],
  FORMULA_BAD_NODE: [],
  FORMULA_TOO_DEEP: [],
  FORMULA_TOO_LARGE: [],
  FORMULA_ARITY: [],
  UNKNOWN_VARIABLE: [],
  UNKNOWN_FUNCTION: [],
  MAX_MISMATCH: [],
  GRADE_BANDS: [],
  SCORE_ABOVE_MAX: [],
  UNSAFE_PATTERN: [],
  UNSUPPORTED_PATTERN: [],
  UNKNOWN_OPTIONS_SOURCE: [],
  UI_ORDER_MISSING: [],
  UI_ORDER_WILDCARDS: [],
  REQUIRED_WITHOUT_PROPERTY: [],
  BAD_DATE: [],
  CALENDAR_CONFLICT: [],
  CALENDAR_WRONG_YEAR: [],
  UNKNOWN_GUARD: [],
  UNKNOWN_ACTION: [],
  UNKNOWN_DELAY: [],
  BAD_PARAMS: [],
  UNKNOWN_OPERATOR: [],
  // the whole of a kind, which a broken file of it leaves incomplete
  CALENDAR_GAP: ['calendar'],
  MISSING_RULESET: ['rules'],
  // references to other kinds
  INVALID_FORM_SCHEMA: ['org'],
  UNKNOWN_STATE: ['workflow'],
  UNKNOWN_EVENT: ['workflow'],
  UNKNOWN_MACHINE: ['workflow'],
  UNKNOWN_FORM: ['forms'],
  UNKNOWN_FORM_FIELD: ['forms'],
  FIELD_TYPE: ['forms'],
  PATH_ON_SCALAR: ['forms'],
  STALE_VALUE: ['forms', 'org'],
  UNKNOWN_GROUP: ['org'],
  UNKNOWN_UNIT: ['org'],
  UNKNOWN_ROLE: ['org'],
  UNKNOWN_LEVEL: ['org'],
  CATEGORY_DUPLICATE: ['org'],
  CATEGORY_UNROUTED: ['org', 'rules', 'forms'],
  CATEGORY_OVERLAP: ['org', 'rules', 'forms'],
  CATEGORY_MISROUTED: ['org', 'rules', 'forms'],
  LEVEL_WITHOUT_CLOCK: ['org', 'rules', 'deadlines', 'forms'],
  UNKNOWN_CLOCK: ['deadlines'],
  UNKNOWN_RULESET: ['rules'],
  UNKNOWN_OUTCOME: ['rules'],
  UNREACHABLE_RULE: ['rules', 'forms', 'org'],
  UNREACHABLE_OUTCOME: ['rules', 'forms', 'org'],
  UNHANDLED_OUTCOME: ['rules', 'workflow'],
  UNKNOWN_SCORING: ['scoring'],
  UNKNOWN_SCORING_INPUT: ['scoring', 'forms'],
  UNKNOWN_OBLIGATION: ['duty'],
  REACHABILITY_UNCHECKED: ['rules', 'forms', 'org'],
  UNKNOWN_PLACEHOLDER: ['deadlines', 'scoring'],
  LITERAL_LIMIT: ['deadlines'],
  MISSING_FIELD_ROLE: ROLES,
  UNKNOWN_FIELD_ROLE: [],
  FIELD_ROLE_NOT_TOP_LEVEL: [],
  FIELD_ROLE_DUPLICATE: [],
  FIELD_ROLE_TYPE: [],
  FIELD_ROLE_CONFLICT: ROLES,
  ACTION_WITHOUT_FORM: ROLES,
}

/**
 * The kind a file holds, told from its name when its content could not be read: `rules.json`,
 * `forms-intake.json` (a kind split over files), `scheme.json` for the manifest; null when the
 * name does not say.
 */
export function kindFromFileName(file: string): string | null {
  const base = file.split('/').pop() ?? file
  const head = base.replace(/\.json$/, '').split(/[-.]/)[0] ?? ''
  return ALL.includes(head) ? head : null
}

/** The kinds a broken file may have held: its name's, or every kind when the name does not say. */
export function brokenKinds(failedFiles: readonly string[], missingKinds: readonly string[]): Set<string> {
  const out = new Set(missingKinds)
  for (const f of failedFiles) {
    const k = kindFromFileName(f)
    if (k === null) return new Set(ALL)
    out.add(k)
  }
  return out
}

/** Could the broken kinds have caused this problem? */
export function maybeCausedBy(p: Problem, broken: ReadonlySet<string>): boolean {
  const deps = DEPENDS_ON[p.code]
  return deps === undefined || deps.some((k) => broken.has(k))
}
