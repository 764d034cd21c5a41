// Types of meta-schema.generated.js (engine/scheme/schemas/generate.ts: generateMetaValidator).
import type { ValidateFunction } from 'ajv'
export const meta2020: ValidateFunction
