/**
 * Request validation for the route table: params, query and body checked by ajv before a handler
 * runs. Unknown fields are refused, types checked; every failure becomes one 422 body
 * `{code: 'INVALID_INPUT', message, fields: [{pointer, field, code, message}]}`, in Chinese by
 * default and English on `accept-language: en`, naming the field by its schema title where it
 * has one.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { TSchema } from '@sinclair/typebox'
import { ServiceError } from '../../errors'

export type Part = 'params' | 'query' | 'body'

// Bodies: no coercion, no defaults; query and path parameters arrive as strings and are coerced.
const bodyAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }))
const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array' }))

const cache = new WeakMap<object, ValidateFunction>()

export function compile(schema: TSchema, part: Part | 'response'): ValidateFunction {
  let fn = cache.get(schema)
  if (!fn) {
    fn = (part === 'query' || part === 'params' ? queryAjv : bodyAjv).compile(schema)
    cache.set(schema, fn)
  }
  return fn
}

export interface FieldProblem {
  pointer: string
  field: string
  code: string
  message: string
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '是/否（true 或 false）',
  object: '对象',
  array: '列表',
  null: '空值',
}

/** The schema node at an ajv instancePath, to read its title. */
function nodeAt(schema: TSchema, pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const n = node as Record<string, unknown> | undefined
    if (!n) return undefined
    const props = n.properties as Record<string, unknown> | undefined
    if (props && key in props) node = props[key]
    else if (n.items && /^\d+$/.test(key)) node = n.items
    else if (n.additionalProperties && typeof n.additionalProperties === 'object') node = n.additionalProperties
    else if (n.patternProperties) node = Object.values(n.patternProperties as object)[0]
    else return undefined
  }
  return node as Record<string, unknown> | undefined
}

const PART_ZH: Record<Part, string> = { params: '路径参数', query: '查询参数', body: '请求体' }
const PART_EN: Record<Part, string> = { params: 'path parameter', query: 'query parameter', body: 'request body' }

export function toFieldProblems(errors: ErrorObject[], schema: TSchema, part: Part, locale: 'zh-CN' | 'en'): FieldProblem[] {
  const en = locale === 'en'
  const out: FieldProblem[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    let pointer = e.instancePath
    let code = 'INVALID'
    let message: string
    const title = (p: string) => {
      const n = nodeAt(schema, p)
      const t = (en ? (n?.titleEn ?? n?.title) : n?.title) as string | undefined
      const name = p.split('/').filter(Boolean).pop() ?? PART_ZH[part]
      return t ? (en ? `"${t}"` : `“${t}”`) : en ? `"${name}"` : `“${name}”`
    }
    const params = e.params as Record<string, unknown>
    switch (e.keyword) {
      case 'additionalProperties': {
        const f = String(params.additionalProperty)
        pointer = `${e.instancePath}/${f}`
        code = 'UNKNOWN_FIELD'
        message = en ? `unknown ${PART_EN[part]} "${f}"` : `未知的${PART_ZH[part]}“${f}”`
        break
      }
      case 'required': {
        const f = String(params.missingProperty)
        pointer = `${e.instancePath}/${f}`
        code = 'REQUIRED'
        message = en ? `${title(pointer)} is required` : `缺少${title(pointer)}`
        break
      }
      case 'type': {
        code = 'WRONG_TYPE'
        const t = String(params.type).split(',')
        message = en ? `${title(pointer)} must be ${t.join(' or ')}` : `${title(pointer)}应为${t.map((x) => TYPE_ZH[x] ?? x).join('或')}`
        break
      }
      case 'enum':
      case 'const':
        code = 'NOT_ALLOWED_VALUE'
        message = en ? `${title(pointer)} is not one of the allowed values` : `${title(pointer)}的取值不在允许范围内`
        break
      case 'format':
        code = 'FORMAT'
        message =
          params.format === 'date'
            ? en
              ? `${title(pointer)} must be a date like 2026-03-02`
              : `${title(pointer)}应为日期，如 2026-03-02`
            : en
              ? `${title(pointer)} has the wrong format`
              : `${title(pointer)}格式不正确`
        break
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        code = 'OUT_OF_RANGE'
        message = en
          ? `${title(pointer)} must be ${e.keyword.includes('in') ? '≥' : '≤'} ${String(params.limit)}`
          : `${title(pointer)}应${e.keyword.includes('in') ? '不小于' : '不大于'} ${String(params.limit)}`
        break
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        code = 'SIZE'
        message = en
          ? `${title(pointer)} is too ${e.keyword.startsWith('min') ? 'short' : 'long'} (${e.keyword.startsWith('min') ? 'at least' : 'at most'} ${String(params.limit)})`
          : `${title(pointer)}${e.keyword.startsWith('min') ? '过短，至少' : '过长，至多'} ${String(params.limit)}`
        break
      case 'pattern':
        code = 'PATTERN'
        message = en ? `${title(pointer)} has the wrong format` : `${title(pointer)}格式不正确`
        break
      case 'anyOf':
      case 'oneOf':
        // the branches' own errors say more; keep this only when nothing else was said here
        code = 'NO_MATCH'
        message = en ? `${title(pointer)} does not have an accepted shape` : `${title(pointer)}的内容不符合要求`
        break
      default:
        message = en ? `${title(pointer)} is invalid` : `${title(pointer)}不正确`
    }
    const key = `${pointer}|${code}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ pointer, field: pointer.split('/').filter(Boolean).join('.'), code, message })
  }
  // Drop the umbrella anyOf message where a branch named the same place more precisely.
  return out.filter((p) => p.code !== 'NO_MATCH' || !out.some((q) => q !== p && q.pointer === p.pointer))
}

/** Validates one part of a request; throws the one 422 error shape. Returns the (coerced) value. */
export function check(schema: TSchema, part: Part, value: unknown, locale: 'zh-CN' | 'en'): unknown {
  const fn = compile(schema, part)
  if (fn(value)) return value
  const fields = toFieldProblems(fn.errors ?? [], schema, part, locale)
  const en = locale === 'en'
  const head = fields
    .slice(0, 3)
    .map((f) => f.message)
    .join(en ? '; ' : '；')
  throw new ServiceError(
    'INVALID_INPUT',
    (en ? 'Invalid input: ' : '输入有误：') + head + (fields.length > 3 ? (en ? ` (and ${fields.length - 3} more)` : `（另有 ${fields.length - 3} 处）`) : ''),
    [],
    { fields },
  )
}
