/**
 * Unfinished forms kept in this browser, so that nothing typed is lost on a refusal or a reload
 * (review finding 14). A draft used to sit under one key for everyone, ID number included, and
 * stayed after signing out: the next person at the computer, even one not allowed to see ID
 * numbers, found it filled in. Now a draft
 *
 * - belongs to one user: the key holds the username, and nobody else's screen reads it;
 * - never holds a field the form marks `x-sensitive` (ID numbers, phones): those are typed again;
 * - is removed when its user signs out, with the shared drafts older versions left behind;
 * - is restored with only the fields the form has now (`restoreDraft`): a field a later version of
 *   the scheme removed is dropped and named (by the title it had when typed), not left to fail
 *   the form on a field no longer on screen (issue #17).
 *
 * @example
 * const key = draftKey('zhangsan', 'register', 'galutu')
 * writeDraft('local', key, data, form.schema) // kept without idNumber and phone
 * clearDrafts('zhangsan') // on sign-out
 */
import type { JsonSchema } from './json-schema'

const PREFIX = 'daiban.userdraft.'
/** Keys of the drafts kept before review finding 14, shared by every user of the browser. */
const LEGACY_PREFIX = 'daiban.draft.'

/** A key segment without dots, so that one user's prefix is never another's. */
const segment = (s: string) => encodeURIComponent(s).replace(/\./g, '%2E')
const userPrefix = (username: string) => `${PREFIX}${segment(username)}.`

/** The key of one user's draft of one form, e.g. `draftKey(user, 'case', caseId, 'DISPATCH')`. */
export function draftKey(username: string, ...parts: string[]): string {
  return userPrefix(username) + parts.map(segment).join('.')
}

type Data = Record<string, unknown>
const isObject = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v)

/** The schemas that may describe an object's properties: its own and those of its branches. */
function branches(schema: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [schema]
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[k]
    if (Array.isArray(list)) for (const s of list) if (isObject(s)) out.push(...branches(s as JsonSchema))
  }
  for (const k of ['then', 'else'] as const) if (isObject(schema[k])) out.push(...branches(schema[k] as JsonSchema))
  if (isObject(schema.dependencies)) for (const s of Object.values(schema.dependencies)) if (isObject(s)) out.push(...branches(s as JsonSchema))
  return out
}

/**
 * The data without the fields the schema marks `x-sensitive`, at any depth (nested objects,
 * arrays of objects, fields declared in `oneOf`/`dependencies` branches). A field is dropped when
 * any schema that may describe it is sensitive.
 */
export function withoutSensitive(schema: JsonSchema | undefined, data: Data): Data {
  if (!schema) return { ...data }
  const all = branches(schema)
  const out: Data = {}
  for (const [k, v] of Object.entries(data)) {
    const defs = all.map((s) => s.properties?.[k]).filter((s): s is JsonSchema => !!s)
    if (defs.some((s) => s['x-sensitive'] === true)) continue
    out[k] = defs.length ? stripValue(defs, v) : v
  }
  return out
}

function stripValue(defs: JsonSchema[], v: unknown): unknown {
  if (isObject(v)) return defs.reduce<Data>((acc, s) => withoutSensitive(s, acc), v)
  if (Array.isArray(v)) {
    const items = defs.map((s) => s.items).filter((s): s is JsonSchema => isObject(s))
    if (items.some((s) => s['x-sensitive'] === true)) return []
    return items.length ? v.map((x) => stripValue(items, x)) : v
  }
  return v
}

/** Where a draft is kept: `local` outlives the tab (the intake form), `session` does not (case actions). */
export type DraftStorage = 'local' | 'session'
const storageOf = (where: DraftStorage): Storage => (where === 'local' ? localStorage : sessionStorage)

/** A stored draft, or null (none, unreadable, or no storage). */
export function readDraft(where: DraftStorage, key: string): Data | null {
  try {
    const v = JSON.parse(storageOf(where).getItem(key) ?? 'null') as unknown
    return isObject(v) ? v : null
  } catch {
    return null
  }
}

/** Beside a draft: the titles its fields had when typed (`#` never occurs in an encoded key segment). */
const titlesKey = (key: string) => `${key}#titles`

/** The fields a schema declares at its top level, in any branch (allOf/anyOf/oneOf, if/then/else, dependencies). */
export function declaredFields(schema: JsonSchema): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>()
  for (const s of branches(schema)) {
    for (const [k, p] of Object.entries(s.properties ?? {})) if (!out.get(k)) out.set(k, typeof p?.title === 'string' && p.title ? p.title : undefined)
  }
  return out
}

/** Keep a draft (its sensitive fields left out), or drop it with `null`. */
export function writeDraft(where: DraftStorage, key: string, data: Data | null, schema: JsonSchema | undefined): void {
  try {
    const store = storageOf(where)
    if (data) {
      const kept = withoutSensitive(schema, data)
      store.setItem(key, JSON.stringify(kept))
      const fields = schema ? declaredFields(schema) : new Map<string, string | undefined>()
      const titles: Record<string, string> = {}
      for (const k of Object.keys(kept)) {
        const title = fields.get(k)
        if (title) titles[k] = title
      }
      store.setItem(titlesKey(key), JSON.stringify(titles))
    } else {
      store.removeItem(key)
      store.removeItem(titlesKey(key))
    }
  } catch {
    /* no storage (private mode, full): the draft lives only in the page */
  }
}

/** A field a restored draft held that the form no longer has: its id, and its title when it was typed (if known). */
export interface DroppedField {
  id: string
  title: string | null
}

/**
 * The stored draft with only the fields `schema` declares now; the others (removed by a version
 * published since) are left out and returned for the notice. Nothing is written here (a render may
 * run twice): the next save of the form keeps only what it has. Without a schema the draft is
 * returned as stored.
 */
export function restoreDraft(where: DraftStorage, key: string, schema: JsonSchema | undefined): { data: Data | null; dropped: DroppedField[] } {
  const data = readDraft(where, key)
  if (!data || !schema) return { data, dropped: [] }
  const fields = declaredFields(schema)
  const kept: Data = {}
  const dropped: DroppedField[] = []
  let titles: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (fields.has(k)) {
      kept[k] = v
      continue
    }
    if (!dropped.length) {
      try {
        const t = JSON.parse(storageOf(where).getItem(titlesKey(key)) ?? 'null') as unknown
        if (isObject(t)) titles = t
      } catch {
        /* titles unreadable: the ids are named */
      }
    }
    const title = titles[k]
    dropped.push({ id: k, title: typeof title === 'string' && title ? title : null })
  }
  return { data: kept, dropped }
}

function removeWhere(storage: Storage | undefined, test: (key: string) => boolean): void {
  if (!storage) return
  try {
    const keys: string[] = []
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i)
      if (k !== null && test(k)) keys.push(k)
    }
    for (const k of keys) storage.removeItem(k)
  } catch {
    /* no storage */
  }
}

const storages = (): Array<Storage | undefined> =>
  (['local', 'session'] as const).map((w) => {
    try {
      return storageOf(w)
    } catch {
      return undefined
    }
  })

/** Removes the drafts kept before drafts belonged to a user (they may hold ID numbers). */
export function purgeLegacyDrafts(): void {
  for (const s of storages()) removeWhere(s, (k) => k.startsWith(LEGACY_PREFIX))
}

/** On signing out: the user's drafts, in both storages, and any legacy shared draft. */
export function clearDrafts(username: string): void {
  const mine = userPrefix(username)
  for (const s of storages()) removeWhere(s, (k) => k.startsWith(mine) || k.startsWith(LEGACY_PREFIX))
}
