/** The JSON Schema of every definition kind, exported for ajv, the designer's Monaco and docs. */
import { manifestSchema } from './manifest'
import { orgSchema } from './org'
import { formsSchema } from './forms'
import { rulesSchema } from './rules'
import { deadlinesSchema } from './deadlines'
import { calendarSchema } from './calendar'
import { scoringSchema } from './scoring'
import { workflowSchema } from './workflow'
import { dutySchema } from './duty'

export const KIND_SCHEMAS = {
  scheme: manifestSchema,
  org: orgSchema,
  forms: formsSchema,
  rules: rulesSchema,
  deadlines: deadlinesSchema,
  calendar: calendarSchema,
  scoring: scoringSchema,
  workflow: workflowSchema,
  /** Optional: a scheme without a duty file still loads (see OPTIONAL_KINDS). */
  duty: dutySchema,
} as const

export type KindSchemaName = keyof typeof KIND_SCHEMAS
