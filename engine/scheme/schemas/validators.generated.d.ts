// Generated with validators.generated.js. Types of the standalone validators, one per definition kind.
import type { ValidateFunction } from 'ajv'
export const scheme: ValidateFunction
export const org: ValidateFunction
export const forms: ValidateFunction
export const rules: ValidateFunction
export const deadlines: ValidateFunction
export const calendar: ValidateFunction
export const scoring: ValidateFunction
export const workflow: ValidateFunction
export const duty: ValidateFunction
