/**
 * The one wrapper around ajv (style.md §7). Compiles a schema once per schema object and keeps
 * the compiled function: ajv's own cache is keyed by object identity, so callers must hand the
 * same object back, which `compile` here guarantees by caching on a WeakMap.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { FORM_AJV_OPTIONS, extendFormAjv } from './form-ajv'
import { problem } from '../i18n/messages'
import { linearRegExp } from './regexp'
import { meta2020 } from './meta-schema.generated.js'
import type { Problem } from '../util/problem'
import { findForbiddenKey, hasForbiddenKey } from '../scheme/parse'

export interface FieldError {
  /** Dotted or pointer path of the field, e.g. `/petitioner/phone` */
  field: string
  code: string
  message: string
  messageEn: string
  params?: Record<string, unknown>
  /** Where in the schema the failing keyword is (ajv's schemaPath, e.g. `#/then/required`) */
  schemaPath?: string
}

/** The server's ajv: the one form configuration (./form-ajv.ts), patterns on RE2 loaded at once. */
export function createAjv(): Ajv2020 {
  // optimize:false halves compile time (measured: 184 → 102 ms for the kind schemas); validation stays in µs.
  // regExp: patterns run on RE2, in time linear in the value (regexp.ts; review finding 3), each
  // compiled on its first test; one RE2 cannot run throws UnsupportedPatternError there (the scheme
  // check refuses it first, with its file and pointer).
  return extendFormAjv(new Ajv2020({ ...FORM_AJV_OPTIONS, code: { optimize: false, regExp: linearRegExp } }))
}

/**
 * The meta-schema check is done once for every Validator (each Validator's own ajv skips it): by
 * the precompiled 2020-12 validator below, or for a schema naming another `$schema` by this one
 * ajv, with the same options and so the same "schema is invalid: …" message.
 */
let metaAjv: Ajv2020 | undefined

const META_2020 = 'https://json-schema.org/draft/2020-12/schema'

/**
 * Throws ajv's "schema is invalid: …" when `schema` breaks its meta-schema. The 2020-12 one (every
 * form schema without `$schema`) runs precompiled (./meta-schema.generated.js, the same checks and
 * words: compiling it took ~80 ms of each process); any other `$schema` goes to ajv.
 */
function metaCheck(schema: object): void {
  const declared = (schema as { $schema?: unknown }).$schema
  if (declared !== undefined && declared !== META_2020) {
    ;(metaAjv ??= createAjv()).validateSchema(schema, true)
    return
  }
  if (!meta2020(schema)) throw new Error(`schema is invalid: ${(meta2020.errors ?? []).map((e) => `data${e.instancePath} ${e.message}`).join(', ')}`)
}

export interface ValidatorOptions {
  /**
   * Check each schema against the meta-schema before compiling it (default true). False for
   * schemas already checked (a published scheme's) or written in code (guard and action params).
   * ajv's compile still refuses unknown keywords, wrong keyword values and types.
   */
  checkSchemas?: boolean
}

/**
 * Compiled schemas by content, shared by every Validator of the process (their ajv instances are
 * configured alike, so a function compiled by one validates as another's would): two towns' forms
 * written alike, or a scheme loaded again, compile once. `checked`: the schema passed the
 * meta-schema check. The newest 1,024 are kept (a designer session compiles a new one per edited
 * form): about 24 KB each for Galutu's largest form with its ajv, so at most ~25 MB.
 */
const byContent = new Map<string, { fn: ValidateFunction; checked: boolean }>()
const BY_CONTENT_MAX = 1024

export class Validator {
  private readonly checkSchemas: boolean
  constructor(options: ValidatorOptions = {}) {
    this.checkSchemas = options.checkSchemas !== false
  }

  /** Made on the first schema this Validator compiles itself (building an ajv with its formats is ~10 ms cold; most Validators of a CLI run never compile one) */
  private ajvMade: Ajv2020 | undefined
  private get ajv(): Ajv2020 {
    return (this.ajvMade ??= extendFormAjv(new Ajv2020({ ...FORM_AJV_OPTIONS, validateSchema: false, code: { optimize: false, regExp: linearRegExp } })))
  }
  private readonly cache = new WeakMap<object, ValidateFunction>()

  /** Compile (once per schema object, and once per content in the process). Throws ajv's error for an invalid schema. */
  compile(schema: object): ValidateFunction {
    let fn = this.cache.get(schema)
    if (!fn) {
      // a schema with an `$id` is compiled each time, so a second one still fails as "already exists"
      const key = JSON.stringify(schema)
      const shared = !key.includes('"$id"')
      const hit = shared ? byContent.get(key) : undefined
      if (hit) {
        if (this.checkSchemas && !hit.checked) {
          metaCheck(schema)
          hit.checked = true
        }
        // most recently used last: the oldest leaves first
        byContent.delete(key)
        byContent.set(key, hit)
        fn = hit.fn
      } else {
        if (this.checkSchemas) metaCheck(schema)
        fn = this.ajv.compile(schema)
        if (shared) {
          byContent.set(key, { fn, checked: this.checkSchemas })
          if (byContent.size > BY_CONTENT_MAX) byContent.delete(byContent.keys().next().value!)
        }
      }
      this.cache.set(schema, fn)
    }
    return fn
  }

  /** Validate data; returns [] when valid. A forbidden key (an own `__proto__`…) is refused wherever it is. */
  validate(schema: object, data: unknown): FieldError[] {
    const fn = this.compile(schema)
    const errors = fn(data) ? [] : named(toFieldErrors(fn.errors ?? []), schema)
    const bad = forbiddenKeyError(data)
    if (bad && !errors.some((e) => e.field === bad.field)) errors.unshift(bad)
    return errors
  }
}

const ZH: Record<string, (e: ErrorObject) => string> = {
  required: (e) => `缺少必填项 "${String(e.params.missingProperty)}"`,
  additionalProperties: (e) => `不允许的字段 "${String(e.params.additionalProperty)}"`,
  unevaluatedProperties: (e) => `不允许的字段 "${String(e.params.unevaluatedProperty)}"`,
  type: (e) => `类型应为 ${typeZh(String(e.params.type))}`,
  enum: (e) => `取值应为以下之一：${(e.params.allowedValues as unknown[]).map(String).join('、')}`,
  const: (e) => `取值应为 ${JSON.stringify(e.params.allowedValue)}`,
  pattern: () => `格式不正确`,
  format: (e) => `应为${FORMAT_ZH[String(e.params.format)] ?? '正确的格式'}`,
  minLength: (e) => `至少 ${String(e.params.limit)} 个字符`,
  maxLength: (e) => `最多 ${String(e.params.limit)} 个字符`,
  minimum: (e) => `不能小于 ${String(e.params.limit)}`,
  maximum: (e) => `不能大于 ${String(e.params.limit)}`,
  minItems: (e) => `至少 ${String(e.params.limit)} 项`,
  maxItems: (e) => `最多 ${String(e.params.limit)} 项`,
  uniqueItems: () => `不能有重复项`,
  oneOf: () => `不符合任何一种允许的写法`,
  anyOf: () => `不符合任何一种允许的写法`,
  minProperties: (e) => `至少 ${String(e.params.limit)} 个属性`,
  maxProperties: (e) => `最多 ${String(e.params.limit)} 个属性`,
  propertyNames: () => `属性名不合规`,
}

/** English for the keywords whose ajv wording shows schema internals (patterns, property names); the rest keep ajv's. */
const EN: Record<string, (e: ErrorObject) => string> = {
  required: (e) => `"${String(e.params.missingProperty)}" is required`,
  additionalProperties: (e) => `unknown field "${String(e.params.additionalProperty)}"`,
  unevaluatedProperties: (e) => `unknown field "${String(e.params.unevaluatedProperty)}"`,
  type: (e) =>
    `should be ${String(e.params.type)
      .split(',')
      .map(
        (x) =>
          ({ string: 'text', number: 'a number', integer: 'a whole number', boolean: 'yes or no', object: 'an object', array: 'a list', null: 'empty' })[x] ??
          x,
      )
      .join(' or ')}`,
  enum: (e) => `should be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`,
  pattern: () => 'has the wrong format',
  format: (e) => `should be ${FORMAT_EN[String(e.params.format)] ?? 'in the right format'}`,
  oneOf: () => 'matches none of the allowed forms',
  anyOf: () => 'matches none of the allowed forms',
  propertyNames: () => 'has an invalid property name',
}

/** ajv format names as people say them (a date field says 应为日期（年-月-日）, never "date") */
const FORMAT_ZH: Record<string, string> = {
  date: '日期（年-月-日）',
  'date-time': '日期和时间',
  time: '时间（时:分）',
  email: '电子邮箱地址',
  uri: '网址',
  uuid: '标识码',
}

const FORMAT_EN: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date and time',
  time: 'a time (HH:MM)',
  email: 'an e-mail address',
  uri: 'a web address',
  uuid: 'an identifier',
}

function typeZh(t: string): string {
  return t
    .split(',')
    .map((x) => ({ string: '文本', number: '数字', integer: '整数', boolean: '是/否', object: '对象', array: '列表', null: '空' })[x] ?? x)
    .join(' 或 ')
}

/**
 * A missing field named as people know it: its title in the schema (缺少必填项“信访人姓名”), not its
 * key; a field without a title keeps its key.
 */
function named(errors: FieldError[], schema: object): FieldError[] {
  return errors.map((e) => {
    if (e.code !== 'REQUIRED') return e
    const title = titleAt(schema, e.field.split('/').slice(1))
    return title ? { ...e, message: `缺少必填项“${title}”`, messageEn: `"${title}" is required` } : e
  })
}

type Node = { title?: unknown; properties?: Record<string, Node>; items?: Node; then?: Node; else?: Node; allOf?: Node[]; anyOf?: Node[]; oneOf?: Node[] }

/** The title of the property at a pointer's segments, looking through if/then/else and the combinators. */
function titleAt(schema: object, path: string[]): string | undefined {
  let nodes: Node[] = [schema as Node]
  for (const raw of path) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const next: Node[] = []
    const visit = (n: Node | undefined, depth = 0): void => {
      if (!n || typeof n !== 'object' || depth > 4) return
      if (n.properties && Object.prototype.hasOwnProperty.call(n.properties, key)) next.push(n.properties[key]!)
      if (n.items && /^\d+$/.test(key)) next.push(n.items)
      for (const sub of [n.then, n.else, ...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])]) visit(sub, depth + 1)
    }
    for (const n of nodes) visit(n)
    if (!next.length) return undefined
    nodes = next
  }
  const t = nodes.map((n) => n.title).find((x) => typeof x === 'string' && x)
  return t as string | undefined
}

/**
 * The first forbidden key of data (an own `__proto__`, `constructor` or `prototype`, as JSON.parse
 * makes them), or null. ajv lets an own `__proto__` through `unevaluatedProperties: false` when the
 * evaluated properties are known only at run time (its record of them inherits one), and through
 * any schema that allows unknown fields; no data here ever needs such a key.
 */
export function forbiddenKeyError(data: unknown): FieldError | null {
  if (!hasForbiddenKey(data)) return null
  const field = findForbiddenKey(data, '')!
  const key = field.slice(field.lastIndexOf('/') + 1)
  return { field, code: 'FORBIDDEN_KEY', message: `不允许的键名 "${key}"`, messageEn: `forbidden key "${key}"`, params: { key } }
}

/** ajv errors as field errors; for `required` and `additionalProperties` the field is the child. */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  // Drop the noise ajv adds for oneOf branches when a more specific error exists.
  for (const e of errors) {
    let field = e.instancePath
    if (e.keyword === 'required') field += '/' + String(e.params.missingProperty)
    if (e.keyword === 'additionalProperties') field += '/' + String(e.params.additionalProperty)
    if (e.keyword === 'unevaluatedProperties') field += '/' + String(e.params.unevaluatedProperty)
    const code =
      e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties'
        ? 'UNKNOWN_FIELD'
        : e.keyword === 'required'
          ? 'REQUIRED'
          : `INVALID_${e.keyword.toUpperCase()}`
    const message = (ZH[e.keyword] ?? ((x: ErrorObject) => x.message ?? '无效'))(e)
    const key = `${field}|${code}`
    if (seen.has(key)) continue
    seen.add(key)
    const messageEn = (EN[e.keyword] ?? ((x: ErrorObject) => x.message ?? 'invalid'))(e)
    out.push({ field: field || '/', code, message, messageEn, params: e.params as Record<string, unknown>, schemaPath: e.schemaPath })
  }
  return out
}

/** Field errors as located problems inside a definition file. */
export function fieldErrorsToProblems(errors: FieldError[], file: string | undefined, base: string): Problem[] {
  return errors.map((e) => {
    const p = problem('SCHEMA', base + (e.field === '/' ? '' : e.field), { detail: e.message, detailEn: e.messageEn }, file)
    p.params = { ...p.params, keyword: e.code }
    return p
  })
}
