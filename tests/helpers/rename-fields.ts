/**
 * A fork of a scheme folder with form fields renamed consistently (issue #16 §2): the forms'
 * properties, `required`, `ui:order` and uiSchema keys, conditional schemas; the rules' facts and
 * the `{field}` placeholders of their reasons; the workflow's guard, notification and action
 * params naming fields; the deadlines' date fields; the import mappings; the supervision's public
 * fields. What is not a form field (scoring inputs, ids, values) is left alone.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export type Renames = Readonly<Record<string, string>>

type Json = unknown
const isObj = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v)
const renameKeys = (o: Record<string, Json>, map: Renames, inner: (v: Json) => Json = (v) => v) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [map[k] ?? k, inner(v)]))
const renameName = (v: Json, map: Renames) => (typeof v === 'string' ? (map[v] ?? v) : v)
const renameList = (v: Json, map: Renames) => (Array.isArray(v) ? v.map((x) => renameName(x, map)) : v)

/** A JSON Schema of form data, its field names renamed at every level. */
function schema(node: Json, map: Renames): Json {
  if (Array.isArray(node)) return node.map((x) => schema(x, map))
  if (!isObj(node)) return node
  const out: Record<string, Json> = {}
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'properties' || k === 'dependentSchemas') && isObj(v)) out[k] = renameKeys(v, map, (x) => schema(x, map))
    else if (k === 'required') out[k] = renameList(v, map)
    else if (k === 'dependentRequired' && isObj(v)) out[k] = renameKeys(v, map, (x) => renameList(x, map))
    else out[k] = schema(v, map)
  }
  return out
}

function uiSchema(ui: Json, map: Renames): Json {
  if (!isObj(ui)) return ui
  const out = renameKeys(ui, map)
  if (Array.isArray(out['ui:order'])) out['ui:order'] = renameList(out['ui:order'], map)
  return out
}

/** Values of the keys that name a field (guards, notifications, actions, clocks, rule conditions), at any depth. */
const FIELD_KEYS = new Set(['fact', 'field', 'resolvedField', 'dateField'])
function fieldRefs(node: Json, map: Renames): Json {
  if (Array.isArray(node)) return node.map((x) => fieldRefs(x, map))
  if (!isObj(node)) return node
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, FIELD_KEYS.has(k) ? renameName(v, map) : fieldRefs(v, map)]))
}

const placeholders = (text: Json, map: Renames) =>
  typeof text === 'string' ? text.replace(/\{(\w+)\}/g, (m, f: string) => (map[f] ? `{${map[f]}}` : m)) : text

/** One definition file with its field names renamed. */
export function renameInDefinition(doc: Json, map: Renames): Json {
  if (!isObj(doc)) return doc
  switch (doc.kind) {
    case 'forms':
      return {
        ...doc,
        forms: (doc.forms as Array<Record<string, Json>>).map((f) => ({
          ...f,
          schema: schema(f.schema, map),
          ...(f.uiSchema ? { uiSchema: uiSchema(f.uiSchema, map) } : {}),
        })),
      }
    case 'rules':
      return {
        ...doc,
        ruleSets: (doc.ruleSets as Array<Record<string, Json>>).map((rs) => {
          const r = fieldRefs(rs, map) as Record<string, Json>
          const reasons = (x: Record<string, Json>) => ({
            ...x,
            reason: placeholders(x.reason, map),
            ...(x.reasonEn !== undefined ? { reasonEn: placeholders(x.reasonEn, map) } : {}),
          })
          return { ...r, rules: (r.rules as Array<Record<string, Json>>).map(reasons), ...(isObj(r.default) ? { default: reasons(r.default) } : {}) }
        }),
      }
    case 'workflow':
    case 'deadlines':
      return fieldRefs(doc, map)
    case 'org':
      return {
        ...doc,
        channels: (doc.channels as Array<Record<string, Json>>).map((c) => {
          const imp = c.import
          if (!isObj(imp)) return c
          return {
            ...c,
            import: {
              ...imp,
              columns: renameKeys(imp.columns as Record<string, Json>, map),
              ...(isObj(imp.values) ? { values: renameKeys(imp.values, map) } : {}),
            },
          }
        }),
      }
    case 'duty': {
      const sup = doc.supervision
      if (!isObj(sup) || !isObj(sup.public)) return doc
      const pub = sup.public
      return {
        ...doc,
        supervision: {
          ...sup,
          public: { ...pub, dateField: renameName(pub.dateField, map), ...(isObj(pub.fixed) ? { fixed: renameKeys(pub.fixed, map) } : {}) },
        },
      }
    }
    default:
      return doc
  }
}

/** Every property name of every form of a scheme folder. */
export async function formFieldNames(dir: string): Promise<Set<string>> {
  const out = new Set<string>()
  const collect = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(collect)
    if (!isObj(node)) return
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && isObj(v)) for (const name of Object.keys(v)) out.add(name)
      collect(v)
    }
  }
  for (const file of await fs.readdir(dir)) {
    if (!file.endsWith('.json')) continue
    const doc = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as Json
    if (isObj(doc) && doc.kind === 'forms') collect(doc.forms)
  }
  return out
}

/**
 * Copy a scheme folder into a temp folder with fields renamed and the manifest changed (a fork's
 * own id and case-number prefix); returns the folder.
 */
export async function renamedFork(source: string, map: Renames, manifest: Record<string, unknown>, edit?: (file: string, doc: Json) => Json): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-renamed-'))
  for (const file of await fs.readdir(source)) {
    const text = await fs.readFile(path.join(source, file), 'utf8')
    if (!file.endsWith('.json')) {
      await fs.writeFile(path.join(dir, file), text)
      continue
    }
    let doc = renameInDefinition(JSON.parse(text) as Json, map)
    if (isObj(doc) && doc.kind === 'scheme') doc = { ...doc, ...manifest }
    if (edit) doc = edit(file, doc)
    await fs.writeFile(path.join(dir, file), JSON.stringify(doc, null, 2))
  }
  return dir
}

/** Form data (a step's form, a base intake) with its keys renamed. */
export function renameData(data: Record<string, unknown>, map: Renames): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [map[k] ?? k, v]))
}
