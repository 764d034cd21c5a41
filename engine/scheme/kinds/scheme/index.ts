/** The manifest (`scheme.json`): the scheme's identity, its case-number prefix, where it was forked from. */
import { manifestSchema } from '../../schemas/manifest'
import type { Manifest } from '../../types'
import { defineKind } from '../kind'
import { resolve, isObj, type Handler } from '../diff-kit'

const LABELS: Record<string, string> = {
  id: '方案标识',
  name: '方案名称',
  nameEn: '方案英文名称',
  town: '镇名',
  version: '版本',
  description: '方案说明',
  source: '来源文件',
  caseNumberPrefix: '案件编号前缀',
  timezone: '时区',
  defaultLocale: '默认语言',
}

/** A new `words` per diff: `forkedFrom` is told once, whatever changed inside it. */
function words(): Handler {
  let forkedFromTold = false
  return (c, n) => {
    const s0 = c.path[0]
    if (s0?.t !== 'key') return null
    if (s0.key === 'forkedFrom') {
      if (forkedFromTold) return []
      forkedFromTold = true
      const from = (v: unknown) => (isObj(v) ? `${String(v.id)} ${String(v.version)}（${String(v.hash).slice(0, 12)}）` : '无')
      const a = resolve(n.a, [s0])
      const b = resolve(n.b, [s0])
      return { kind: 'scheme', op: 'changed', path: 'forkedFrom', old: a ?? null, new: b ?? null, text: `分支来源：${from(a)} → ${from(b)}` }
    }
    const label = LABELS[s0.key]
    if (!label || c.path.length !== 1) return null
    if (c.op === 'added') return n.entry(c, `${label}：新增 ${String(c.new)}`)
    if (c.op === 'removed') return n.entry(c, `${label}：删除（原为 ${String(c.old)}）`)
    return n.entry(c, `${label}：${String(c.old)} → ${String(c.new)}`)
  }
}

export const scheme = defineKind<Manifest, 'scheme'>({
  kind: 'scheme',
  presence: 'manifest',
  title: { zh: '方案', en: 'Scheme' },
  schema: manifestSchema,
  lists: [],
  diff: { words, renames: false },
  docs: { files: '`scheme.json`', holds: 'id, name, town, version, case-number prefix, the scheme it was forked from' },
})
