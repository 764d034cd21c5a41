/**
 * The JSON Schema of every definition kind, for ajv, the designer's Monaco and docs: each kind's
 * module (../kinds/<kind>) names its schema, and the registry gathers them.
 */
export { KIND_SCHEMAS } from '../kinds/index'
