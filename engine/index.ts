/**
 * The Daiban engine: pure functions over scheme definitions. No Node built-ins, no clock, no I/O;
 * the runtime, the CLI and the designer's browser previews all use this one door.
 *
 * @example
 * const { scheme, problems } = await loadScheme(files)
 * const d = await decide(scheme!, { receivedOn: '2026-09-29', level: 'village', category: '养老及其他农村牧区社会保险', channel: 'visit', village: '团结社区' })
 * // d.decision → { outcome: 'proxy', group: '劳动社会保障组', dueDate: '2026-10-12', … }
 */
export * from './scheme/types'
export { loadScheme, KINDS, OPTIONAL_KINDS, type LoadResult, type LoadOptions } from './scheme/load'
export { compareFileNames, fileNameProblem, looksLikeDefinitionFile, type FileNameProblem } from './scheme/file-names'
export { CompiledScheme, type CompiledForm } from './scheme/compiled'
export { KIND_SCHEMAS } from './scheme/schemas/index'
export { KIND_MODULES, kindModule, defineKind, LIST_RULES, type KindModule, type DesignerPreview } from './scheme/kinds/index'
export type { CheckContext } from './scheme/kinds/check-kit'
export { CROSS_CHECKS, type CrossCheck } from './scheme/checks'
export { diffSchemes, DIFF_KINDS, type DiffEntry } from './scheme/diff/index'
export {
  diffValues,
  listMode,
  SET_KEYS,
  ATOMIC_KEYS,
  eq,
  isObj,
  fmt,
  orderedUnion,
  escapePointer,
  renderPath,
  formatJson,
  type Change,
  type Seg,
  type ListMode,
  type Json,
} from './scheme/diff/tree'
export { canonicalJson, parseJson } from './scheme/parse'
export { OPTION_SOURCES } from './scheme/options'
export { formFields, conditionalFields, hasConditions } from './scheme/form-fields'
export {
  FIELD_ROLES,
  ROLE_KEYWORD,
  SENSITIVE_ROLES,
  fieldRoles,
  roleValue,
  rolesOf,
  checkFieldRoles,
  firstEditionRoles,
  type RoleId,
  type RoleMap,
  type RoleValues,
  type RoleSpec,
  type RoleType,
  type FieldRoles,
} from './scheme/field-roles'
export { schemeEdition, type Edition } from './scheme/edition'
export { migrateScheme, MIGRATION_STEPS, describeChange, type MigrationResult, type MigrationChange, type MigrationStep } from './scheme/migrate/index'
export type { Problem } from './util/problem'
export { ProblemError, pointerOf } from './util/problem'
export { formatProblem, MESSAGES, type Locale } from './i18n/messages'
export { WorkCalendar, CalendarError, type DayInfo } from './calendar/calendar'
export { isDate, localDate, addCalendarDays, dayNumber, weekday } from './calendar/date'
export { decide, type DecideResult } from './decide/decide'
export { decisionFacts, factsFormOf, type FactsForm } from './decide/facts'
export { decidedFacts } from './decide/decided'
export type { Decision, DerivedFact } from './decide/types'
export { score, type ScoreResult, type ScoreOutcome, type ScoredItem } from './scoring/score'
export { checkFormula, evaluate, formatFormula, OPERATORS, MAX_DEPTH, MAX_NODES } from './formula/formula'
export {
  prepareEvent,
  transition,
  initialSnapshot,
  inspect,
  restore,
  step,
  acceptedEvents,
  stateToPath,
  type EventInput,
  type Step,
  type StepResult,
  type Restored,
  type Restore,
} from './workflow/transition'
export type { CaseContext, CaseEvent, ClockState, DispatchRecord } from './workflow/context'
export { GUARDS, ACTIONS, DELAYS } from './workflow/registry'
export { Validator, type FieldError } from './validate/validator'
export { unsafePattern } from './validate/redos'
export { linearRegExp, linearTest, patternRefusal, UnsupportedPatternError, type PatternRefusal } from './validate/regexp'
export { parseHolidayNotice, noticeYear, type ParsedNotice, type NoticeIssue, type NoticeOptions, type NoticeItem, type NoticeCode } from './calendar/notice'
export { POLICY } from './org/policy'
export { PATTERN_PRESETS, presetOf, type PatternPreset } from './validate/pattern-presets'
export { dueState, isOverdue, daysUntil, localToday, overdueFilter, dueSoonRange, asOfDate, DUE_SOON_DAYS, dueSoonDaysOf, type DueState } from './calendar/due'
