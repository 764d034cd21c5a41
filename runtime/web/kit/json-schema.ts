/** The JSON Schema of a form as the web apps read it (titles, options, conditions). */
export interface JsonSchema {
  type?: string | string[]
  title?: string
  description?: string
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
  enum?: unknown[]
  const?: unknown
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  format?: string
  default?: unknown
  readOnly?: boolean
  maxLength?: number
  minItems?: number
  examples?: unknown[]
  [k: string]: unknown
}
