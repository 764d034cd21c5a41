/**
 * The one configuration of ajv for JSON Schemas of forms (and of the definitions): the server's
 * validator (./validator.ts) and the rjsf validator of the three web apps — the staff app, the
 * public page and the designer's preview (runtime/web/kit/forms/validator.ts) — are both built
 * from it, so a value one refuses the others refuse: the same draft (2020-12, `Ajv2020`), the same
 * options, the same formats (ajv-formats in its full mode: `2026-02-30` is not a date) and the same
 * annotation keywords. Only where patterns run differs by place (RE2 loaded at once on the
 * server, lazily in the browser: ./regexp.ts, runtime/web/kit/forms/patterns.ts).
 *
 * No ajv class is imported here and nothing that pulls re2js in, so the web apps take this module
 * without weight; they pass `Ajv2020` to rjsf's `customizeValidator` themselves.
 *
 * @example  the server's and rjsf's instance, side by side
 *   const ajv = extendFormAjv(new Ajv2020({ ...FORM_AJV_OPTIONS, code: { regExp: linearRegExp } }))
 *   customizeValidator({ AjvClass: Ajv2020, ajvOptionsOverrides: { ...FORM_AJV_OPTIONS, code: { regExp } }, ajvFormatOptions: false, extenderFn: extendFormAjv })
 */
import addFormats from 'ajv-formats'

/**
 * ajv's options that decide what is valid (a place may add `code` options: how patterns run, how
 * much to optimise). `strict`: a schema with an unknown keyword or format is refused when compiled
 * — everywhere, so the designer's preview refuses what publishing would.
 */
export const FORM_AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  // `required` may name a property a conditional branch declares (`then`, `dependentSchemas`)
  strictRequired: false,
  allowUnionTypes: true,
  useDefaults: false,
  validateFormats: true,
  // rjsf's own default, made the server's too: multipleOf on decimals (0.1, 0.5) without float noise
  multipleOfPrecision: 8,
} as const

/** Keywords that carry no validation, used by definitions and rjsf: name → the schema types they take. */
export const ANNOTATION_KEYWORDS: ReadonlyArray<[string, string | string[]]> = [
  ['x-daiban-options', 'string'],
  ['enumNames', 'array'],
  ['x-print', ['object', 'boolean']],
  ['x-sensitive', 'boolean'],
  // the field's role (engine/scheme/field-roles.ts), checked by `validate` against the role catalogue
  ['x-daiban-role', 'string'],
]

/** The part of an ajv instance this module uses (any ajv 8 class). */
interface AjvLike {
  addKeyword(def: { keyword: string; schemaType: string | string[] }): unknown
  getKeyword(keyword: string): unknown
}

/** Formats and annotation keywords on an ajv instance; returns it. */
export function extendFormAjv<A>(ajv: A): A {
  // ajv-formats is CommonJS: Node's ESM loader and bundlers disagree on where the function is.
  const plugin = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: A, opts: { mode: 'full' }) => void
  plugin(ajv, { mode: 'full' })
  const a = ajv as unknown as AjvLike
  for (const [keyword, schemaType] of ANNOTATION_KEYWORDS) if (!a.getKeyword(keyword)) a.addKeyword({ keyword, schemaType })
  return ajv
}
