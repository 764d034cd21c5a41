/**
 * TypeScript shapes of the definition kinds. The JSON Schemas in `./schemas/` are the authority
 * (they validate the files and drive the designer's completion); these types mirror them.
 */

/** Multilingual label: Chinese `name`, optional English `nameEn`. */
export interface Named {
  id: string
  name: string
  nameEn?: string
  description?: string
}

export interface Manifest {
  kind: 'scheme'
  id: string
  name: string
  nameEn?: string
  /** The town's name, printed on forms. */
  town: string
  version: string
  description?: string
  /** Source document, e.g. 嘎政发〔2023〕70号 */
  source?: string
  /** Prefix of readable case numbers, e.g. GLT → GLT-2026-000123 */
  caseNumberPrefix: string
  timezone: string
  defaultLocale?: 'zh-CN' | 'en'
  forkedFrom?: { id: string; version: string; hash: string } | null
}

export type Level = Named
export interface Channel extends Named {
  /** Counts as online (网访) for the online-share rate. */
  online: boolean
  /** Citizens file through this channel on the public page. */
  public?: { form: string; notice?: string }
  /** CSV/xlsx import from this channel's source system. */
  import?: { form: string; idColumn: string; columns: Record<string, string>; values?: Record<string, Record<string, string>> }
}
export interface Unit extends Named {
  type: 'center' | 'station' | 'department' | 'point' | 'external'
  /** For village points: the village or community it serves. */
  village?: string
  parent?: string
}
export interface Group extends Named {
  leader: { title: string; role?: string }
  units: string[]
  /** Matter categories in this group's scope (代办范围), exactly as the source document words them. */
  categories: string[]
}
export interface Role extends Named {
  /** The scope a holder of this role sees: all cases, their village, or their unit's dispatches. */
  scope: 'all' | 'village' | 'unit'
  permissions: string[]
}
export interface Village extends Named {
  type: 'gacha' | 'community' | 'village'
}
export interface OrgDefinition {
  kind: 'org'
  levels: Level[]
  channels: Channel[]
  units: Unit[]
  groups: Group[]
  roles: Role[]
  villages: Village[]
  staffing?: Array<{ unitType: Unit['type']; role: string; min: number; source?: string }>
}

export interface FormDefinition extends Named {
  /** JSON Schema 2020-12 of the form's data. */
  schema: Record<string, unknown>
  uiSchema?: Record<string, unknown>
  /** Paper title printed at the top, when it differs from name. */
  printTitle?: string
}
export interface FormsDefinition {
  kind: 'forms'
  forms: FormDefinition[]
}

export interface RuleCondition {
  all?: RuleCondition[]
  any?: RuleCondition[]
  not?: RuleCondition
  fact?: string
  operator?: string
  value?: unknown
  path?: string
  params?: Record<string, unknown>
  name?: string
}
export interface RuleDefinition {
  id: string
  name: string
  priority?: number
  conditions: RuleCondition
  event: { type: string; params: Record<string, unknown> }
  /** Human-readable reason, `{field}` placeholders filled from the facts. */
  reason: string
  reasonEn?: string
  /**
   * Derived facts (issue #16): fields of the facts form this rule decides when it wins, e.g. a
   * collective petition's `{ "level": "township" }`. The rule sets after this one read the decided
   * value; the case keeps the value typed, and the decision says which rule decided which value.
   * Only in a `first` rule set (one rule decides), and only fields no rule set before it reads.
   */
  set?: Record<string, unknown>
}
export interface RuleSetDefinition extends Named {
  /** The form whose fields the rules read as facts. */
  factsForm: string
  /**
   * `first`: the matching rule of the highest priority decides (definition order within a
   * priority), so an override is one rule with a higher priority; `all`: every matching rule
   * counts (routing then needs exactly one group among them).
   */
  mode: 'first' | 'all'
  /** What the rule set produces: triage outcome, task group, a deadline clock, an escalation. */
  produces: 'outcome' | 'group' | 'clock' | 'escalation'
  /** Declared outcomes (for `produces: outcome`). */
  outcomes?: Array<Named & { routes?: boolean; timed?: boolean; proxied?: boolean; source?: string }>
  /** When no rule matches. */
  default?: { event: { type: string; params: Record<string, unknown> }; reason: string; reasonEn?: string }
  rules: RuleDefinition[]
}
export interface RulesDefinition {
  kind: 'rules'
  ruleSets: RuleSetDefinition[]
}

export interface ClockDefinition extends Named {
  /** The workflow the clock runs in. */
  machine: string
  days: number
  unit: 'workday' | 'calendar'
  /**
   * When the clock starts and the date it counts from: the day of the starting event, a date field
   * of its form (`dateField`), or a date field of another event's form (`dateFrom`: the latest such
   * event, this one included), e.g. the follow-up counted from the conclusion date (issue #16).
   */
  start: { events?: string[]; state?: string; dateField?: string; dateFrom?: { event: string; field: string }; when?: { field: string; equals: unknown } }
  stop: { events?: string[]; states?: string[] }
  /** Only when this rule set (produces: clock) selected it. */
  selectedBy?: string
  /** Raise a 临期 reminder this many days (same unit) before due. */
  warnBefore: number
  /** Urging (催办) once overdue: first after `after` days, then every `every` days. */
  urge: { after: number; every: number }
  source?: string
}
export interface DeadlinesDefinition {
  kind: 'deadlines'
  /** Lists' and queues' due-soon window in calendar days, today included (engine/calendar/due.ts; default 3) */
  dueSoonDays?: number
  clocks: ClockDefinition[]
}

export interface CalendarDay {
  date: string
  name: string
}
export interface CalendarDefinition {
  kind: 'calendar'
  timezone: string
  /** Weekday numbers that are rest days: 0 = Sunday … 6 = Saturday. */
  weekend: number[]
  source?: string
  years: Record<string, CalendarYear>
}

export interface CalendarYear {
  holidays: CalendarDay[]
  workdays: CalendarDay[]
  /** Not yet the State Council's notice: the statutory days only, no 调休 (replace when published) */
  provisional?: boolean
  source?: string
}

export type Formula = unknown

export interface ScoreItem extends Named {
  formula: Formula
  /** The item's cap (its full marks); a negative item is floored at -cap. */
  max?: number
  explain?: string
  source?: string
}
export interface ScoreSection extends Named {
  /** Full marks of the section (for bonus sections, the cap). */
  max: number
  /** Deduction sections start from `base` and items subtract from it, floored at `floor`. */
  base?: number
  floor?: number
  items: ScoreItem[]
}
export interface ScoringDefinition extends Named {
  subject: string
  /** JSON Schema of the input facts. */
  inputs: Record<string, unknown>
  checks?: Array<Named & { when: Formula }>
  variables: Array<Named & { formula: Formula; explain?: string }>
  sections: ScoreSection[]
  max: number
  rounding: { decimals: number; mode: 'halfUp' | 'halfEven' | 'floor' }
  /** Highest band first; a score belongs to the first band whose `min` it reaches. */
  grades: Array<{ name: string; nameEn?: string; min: number | null; note?: string }>
  gradeNote?: string
  vetoes: Array<Named & { when: Formula; grade: string }>
  letters?: Array<Named & { when: Formula; letter: string; count?: Formula }>
}
export interface ScoringKindDefinition {
  kind: 'scoring'
  scorings: ScoringDefinition[]
}

export interface WorkflowEventDefinition {
  name: string
  nameEn?: string
  /** The form the event carries, validated before the transition. */
  form?: string
  /** Run the decision rule sets on the facts (context facts merged with this form) before the transition. */
  decide?: boolean
  /** The form's data becomes (or updates) the case's facts. */
  facts?: boolean
  /** Clock control: pause or resume the running clocks, or restart the selected ones. */
  clockControl?: 'pause' | 'resume' | 'restart'
  roles?: string[]
  /** In-app notifications the event sends (assignment, due soon and overdue come from the system). */
  notify?: WorkflowNotify[]
}

export interface WorkflowNotify {
  kind: 'reply' | 'review' | 'info'
  /**
   * The case's officer; the roles of the events the case newly accepts after this one; the
   * accounts of the units the case was just sent to (unit-scoped grants of those units)
   */
  to: Array<'officer' | 'nextActors' | 'units'>
  /** Only when the event form's field has this value */
  when?: { field: string; value: string | number | boolean }
  /** `{number}` is the case number */
  message: string
  messageEn?: string
}

export interface WorkflowMachineDefinition extends Named {
  /** Event catalogue: the form each event carries and its label. */
  events: Record<string, WorkflowEventDefinition>
  /** The events that start a case: staff registration, an online submission, an import (default: submit). */
  entry?: { register?: string; submit?: string; import?: string }
  /** State labels and stages for people. */
  stateInfo?: Record<string, { name: string; nameEn?: string; stage?: string }>
  /** XState v5 machine config as JSON: guards, actions, delays by name. */
  config: Record<string, unknown>
}
export interface WorkflowDefinition {
  kind: 'workflow'
  machines: WorkflowMachineDefinition[]
}

/** Binding of a record to an input of the scheme's assessment scoring (its first scoring definition). */
export interface DutyBind {
  /** Path of a yes/no input, e.g. "systems.training" */
  input: string
  /** any (default): one record in the period earns it; every: each occurrence due in the period has a record, and one exists */
  rule?: 'any' | 'every'
}

export interface DutyShift extends Named {
  /** Org role whose holders take turns on this shift */
  role: string
  /** People per working day */
  count: number
  /**
   * One such shift at every unit of this type (e.g. each 二级部门's 带班), taken by the holders of
   * the role whose grant names that unit.
   */
  perUnit?: Unit['type']
  source?: string
}

/** Cadence in months, anchored to 1 January. */
export type DutyCadence = 1 | 2 | 3 | 4 | 6 | 12

export interface DutyObligation extends Named {
  every: DutyCadence
  /** One occurrence for the town, or one per village */
  scope: 'town' | 'village'
  /** Evidence form */
  form: string
  /** Field of the evidence form holding the day it took place */
  dateField: string
  /** Calendar days before due when the reminder is raised */
  remindBefore: number
  /** Roles responsible (reminded) */
  roles?: string[]
  /** Roll call (点名): the form's attendance list field and the roles expected */
  attendance?: { field: string; roles: string[] }
  binds?: DutyBind[]
  source?: string
}

export type OfficerStatistic =
  'proxied' | 'concluded' | 'onTime' | 'late' | 'resolved' | 'feedback' | 'satisfied' | 'urged' | 'trainingsHeld' | 'trainingsAttended'

export interface DutyDefinition {
  kind: 'duty'
  description?: string
  source?: string
  /** Shifts per working day at a unit (带班、值班) */
  roster?: { unit: string; shifts: DutyShift[]; source?: string }
  /** Grid workers' fewest days a week at their point */
  gridAttendance?: { role: string; minDaysPerWeek: number; source?: string }
  /** The staffing check (org staffing minimums) may bind assessment inputs */
  staffing?: { binds?: DutyBind[]; source?: string }
  obligations: DutyObligation[]
  officerAssessment?: {
    scoring: string
    every: DutyCadence
    roles: string[]
    machine?: string
    /** Scoring input path → statistic from the officer's records */
    statistics: Record<string, OfficerStatistic>
    urgeEvents?: string[]
    trainingObligation?: string
    marksForm?: string
    marksInput?: string
    source?: string
  }
  supervision?: {
    machine: string
    registerEvent: string
    assignEvent?: string
    replyEvent?: string
    clock?: string
    public?: { fixed?: Record<string, string>; dateField: string; notice?: string }
    phone?: string
    mailbox?: string
    source?: string
  }
  notice?: {
    machine: string
    stages: Array<{ stage: string; name: string; nameEn?: string; description?: string }>
    officerRoles: string[]
    intro?: string
  }
}

/** A definition kind other than the manifest: the registry's (engine/scheme/kinds/index.ts). */
export type KindName = Exclude<import('./kinds/index').KindName, 'scheme'>

export interface SchemeDefinitions {
  manifest: Manifest
  org: OrgDefinition
  forms: FormsDefinition
  rules: RulesDefinition
  deadlines: DeadlinesDefinition
  calendar: CalendarDefinition
  scoring: ScoringKindDefinition
  workflow: WorkflowDefinition
  /** Optional kind: absent when the scheme has no duty file */
  duty?: DutyDefinition
}

/** A definition file as the loader gets it. */
export interface SchemeFile {
  /** Path relative to the scheme folder, used in every problem. */
  file: string
  /** Raw text (parsed here, so JSON syntax errors get a location) or an already parsed value. */
  text?: string
  value?: unknown
}
