/**
 * Search across every file of the draft and every label in it: titles, names, descriptions, option
 * labels, ids. A hit opens the file at the element (the visual editor's control, or the JSON).
 */
import { useMemo, useState } from 'react'
import { AutoComplete, Input } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import type { Lang } from '../i18n'
import { KIND_CATALOG } from '../../../engine/scheme/kinds/catalog.generated'

export interface SearchEntry {
  file: string
  pointer: string
  /** The text that matched */
  text: string
  /** Where it is, in words: the kind and the nearest named element ("表单 › 信访事项代办单 › 信访人姓名") */
  where: string
}

const esc = (t: string | number) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')
const NAME_KEYS = ['title', 'name', 'label']

/** Every string in the draft (values, and the keys of `properties`), with where it is. */
export function searchIndex(files: ReadonlyArray<{ file: string; kind: string | null; doc: unknown }>, lang: Lang): SearchEntry[] {
  const out: SearchEntry[] = []
  for (const f of files) {
    if (!f.doc) continue
    const k = KIND_CATALOG.find((x) => x.kind === f.kind)
    const root = k ? (lang === 'en' ? k.title.en : k.title.zh) : f.file
    const walk = (v: unknown, pointer: string, trail: string[]) => {
      if (typeof v === 'string') {
        out.push({ file: f.file, pointer, text: v, where: [root, ...trail].join(' › ') })
        return
      }
      if (!v || typeof v !== 'object') return
      if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, `${pointer}/${i}`, trail))
        return
      }
      const o = v as Record<string, unknown>
      const own = NAME_KEYS.map((n) => (lang === 'en' ? (o[`${n}En`] ?? o[n]) : o[n])).find((x) => typeof x === 'string') as string | undefined
      const next = own ? [...trail, own] : trail
      for (const [key, x] of Object.entries(o)) {
        if (key === 'kind') continue
        if (pointer.endsWith('/properties')) out.push({ file: f.file, pointer: `${pointer}/${esc(key)}`, text: key, where: [root, ...trail].join(' › ') })
        walk(x, `${pointer}/${esc(key)}`, next)
      }
    }
    walk(f.doc, '', [])
  }
  return out
}

export function searchDraft(index: readonly SearchEntry[], query: string, limit = 40): SearchEntry[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const hits = index.filter((e) => e.text.toLowerCase().includes(q))
  // exact and prefix matches first, then shorter texts (a label before a paragraph that mentions it)
  const rank = (e: SearchEntry) => (e.text.toLowerCase() === q ? 0 : e.text.toLowerCase().startsWith(q) ? 1 : 2) * 10_000 + Math.min(e.text.length, 9_999)
  return hits.sort((a, b) => rank(a) - rank(b)).slice(0, limit)
}

export function DraftSearch({
  files,
  lang,
  onPick,
}: {
  files: ReadonlyArray<{ file: string; kind: string | null; doc: unknown }>
  lang: Lang
  onPick(file: string, pointer: string): void
}) {
  const [q, setQ] = useState('')
  const index = useMemo(() => searchIndex(files, lang), [files, lang])
  const hits = useMemo(() => searchDraft(index, q), [index, q])
  const placeholder = lang === 'en' ? 'Search all files' : '搜索全部定义'
  return (
    <AutoComplete
      value={q}
      onChange={setQ}
      style={{ width: 128 }}
      popupMatchSelectWidth={460}
      data-testid="draft-search"
      onSelect={(v: string) => {
        const [file, pointer] = JSON.parse(v) as [string, string]
        onPick(file, pointer)
        setQ('')
      }}
      options={hits.map((h) => ({
        value: JSON.stringify([h.file, h.pointer]),
        label: (
          <div data-testid="search-hit" style={{ lineHeight: 1.3, padding: '2px 0' }}>
            <div style={{ whiteSpace: 'normal' }}>{h.text.length > 80 ? h.text.slice(0, 80) + '…' : h.text}</div>
            <div style={{ fontSize: 11, color: '#595959', whiteSpace: 'normal' }}>
              {h.where} · {h.file}
            </div>
          </div>
        ),
      }))}
      notFoundContent={q.trim() ? (lang === 'en' ? 'Nothing found' : '没有找到') : null}
    >
      <Input size="small" prefix={<SearchOutlined />} placeholder={placeholder} aria-label={placeholder} allowClear />
    </AutoComplete>
  )
}
