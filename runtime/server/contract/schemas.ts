/**
 * Schema building blocks for the route table (TypeBox: JSON Schema that ajv checks and the
 * OpenAPI document carries as it is, with static types for handlers and clients).
 * A schema given a name with `named()` becomes a component of the OpenAPI document and is
 * referred to by `$ref` wherever it is used.
 */
import { Type, type TSchema, type TProperties, type ObjectOptions } from '@sinclair/typebox'

export { Type }
export type { Static, TSchema } from '@sinclair/typebox'

/** Marks a schema as a named component; the mark survives TypeBox's copies (Optional, etc.). */
export const COMPONENT = Symbol.for('daiban.component')

export function named<T extends TSchema>(name: string, schema: T): T {
  ;(schema as unknown as Record<symbol, string>)[COMPONENT] = name
  return schema
}

export function componentName(schema: unknown): string | undefined {
  return schema && typeof schema === 'object' ? (schema as Record<symbol, string | undefined>)[COMPONENT] : undefined
}

/** An object that refuses properties it does not declare (the default for every request body). */
export const Obj = <T extends TProperties>(props: T, opts: ObjectOptions = {}) => Type.Object(props, { additionalProperties: false, ...opts })

/** An object whose properties are not described here (a form's answers: checked by the form's own schema). */
export const Open = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description })

export const Str = (description?: string, opts: Record<string, unknown> = {}) => Type.String({ ...(description ? { description } : {}), ...opts })
export const Id = (description: string) => Type.String({ description, minLength: 1, maxLength: 200 })
export const DateStr = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) })
export const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) })
export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])
export const Opt = Type.Optional

/** `1`/`true`/`0`/`false` in a query string */
export const Flag = (description: string) =>
  Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')], { description }))

export const ErrorBody = named(
  'Error',
  Type.Object(
    {
      code: Type.String({ description: '稳定的错误代码，如 INVALID_INPUT、FORBIDDEN' }),
      message: Type.String({ description: '给人看的说明（中文，accept-language: en 时为英文）' }),
      requestId: Type.Optional(Type.String({ description: '请求编号，与响应头 x-request-id 相同' })),
      fields: Type.Optional(
        Type.Array(
          Type.Object(
            {
              pointer: Type.String({ description: '出错位置的 JSON Pointer' }),
              field: Type.String({ description: '字段名（点分路径）' }),
              code: Type.String(),
              message: Type.String(),
            },
            { additionalProperties: true },
          ),
        ),
      ),
    },
    { additionalProperties: true },
  ),
)

export const OkBody = named('Ok', Type.Object({ ok: Type.Literal(true) }))

/** `{items, total, offset, limit}` */
export const PageOf = <T extends TSchema>(name: string, item: T) =>
  named(
    name,
    Type.Object({
      items: Type.Array(item),
      total: Type.Integer({ minimum: 0 }),
      /** The store counted only up to its cap (PostgreSQL, 10,000): more cases match than `total` */
      totalCapped: Type.Optional(Type.Boolean({ description: '匹配的案件多于 total（只数到上限）' })),
      offset: Type.Integer({ minimum: 0 }),
      limit: Type.Integer({ minimum: 1 }),
    }),
  )

/** `{items}` */
export const ListOf = <T extends TSchema>(item: T, extra: TProperties = {}) => Type.Object({ ...extra, items: Type.Array(item) })
