/**
 * The registry of definition kinds: the one list the loader, `validate`, the compiled scheme,
 * diff/upgrade, the designer (through ./catalog.generated.ts) and the docs read. Order matters:
 * files merge, kinds compile and checks run in this order (forms compile before the rules that
 * fall back to their defaults), and a diff tells the kinds in it.
 *
 * Adding a kind: a folder with its `KindModule` (see ./kind.ts), one line below, then
 * `npm run gen:validators` (its precompiled validator, the designer's catalog, the README's table).
 * Its definition's type also goes into `SchemeDefinitions` (../types.ts): the compiler refuses the
 * registry until the two name the same kinds (`sameKinds` below).
 */
import type { KindModule } from './kind'
import type { SchemeDefinitions } from '../types'
import { scheme } from './scheme/index'
import { org } from './org/index'
import { forms } from './forms/index'
import { rules } from './rules/index'
import { deadlines } from './deadlines/index'
import { calendar } from './calendar/index'
import { scoring } from './scoring/index'
import { workflow } from './workflow/index'
import { duty } from './duty/index'

const REGISTRY = [scheme, org, forms, rules, deadlines, calendar, scoring, workflow, duty] as const

export const KIND_MODULES: readonly KindModule[] = REGISTRY as unknown as readonly KindModule[]

/** The name of a kind of the registry: scheme, org, forms, … */
export type KindName = (typeof REGISTRY)[number]['kind']

// Every kind of the registry has its definition in SchemeDefinitions (the manifest as `manifest`), and back.
type DefinitionKey = Exclude<keyof SchemeDefinitions, 'manifest'> | 'scheme'
const sameKinds: [KindName] extends [DefinitionKey] ? ([DefinitionKey] extends [KindName] ? true : never) : never = true
void sameKinds

const byName = new Map(KIND_MODULES.map((k) => [k.kind, k]))

/** The kind a file's `kind` names, or undefined. */
export function kindModule(name: string): KindModule | undefined {
  return byName.get(name)
}

/** The kinds every scheme must have (the manifest aside). */
export const KINDS: string[] = KIND_MODULES.filter((k) => k.presence === 'required').map((k) => k.kind)
/** Kinds a scheme may leave out (a fork made before they existed keeps validating). */
export const OPTIONAL_KINDS: string[] = KIND_MODULES.filter((k) => k.presence === 'optional').map((k) => k.kind)

/** The JSON Schema of every kind, by kind: for ajv, the designer's Monaco and docs. */
export const KIND_SCHEMAS = Object.fromEntries(KIND_MODULES.map((k) => [k.kind, k.schema])) as Record<KindName, Record<string, unknown>>

/**
 * How diff and upgrade match list elements and compare values, gathered from every kind (a key
 * means the same wherever it appears, as it always has): element keys by list, set-like lists,
 * values compared whole.
 */
export const LIST_RULES = {
  elementKeys: new Map(KIND_MODULES.flatMap((k) => Object.entries(k.elementKeys ?? {}))),
  sets: new Set(KIND_MODULES.flatMap((k) => k.sets ?? [])),
  atomic: new Set(KIND_MODULES.flatMap((k) => k.atomic ?? [])),
}

export type { KindModule, DesignerPreview } from './kind'
export { defineKind, definitionOf } from './kind'
