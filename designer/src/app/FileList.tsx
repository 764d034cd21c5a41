/** The draft's files, each by its kind's title (and its elements' names when a kind has several files), with unsaved marks and problem counts. */
import { Badge, Menu } from 'antd'
import { KIND_CATALOG } from '../../../engine/scheme/kinds/catalog.generated'
import type { Lang, I18n } from '../i18n'
import type { Texts } from './useDraft'

/** A file's kind by its name in the chosen language (表单, 时限…), from the engine's registry. */
export const kindTitle = (kind: string | null, lang: Lang) => {
  const k = KIND_CATALOG.find((x) => x.kind === kind)
  return k ? (lang === 'en' ? k.title.en : k.title.zh) : '?'
}

/** The title of `f` in the list: its kind, and when several files share that kind, the names of its elements (else the file name's tail). */
export function fileTitle(f: string, o: { order: string[]; kindOfFile: Map<string, string | null>; docOf(file: string): unknown; lang: Lang }): string {
  const { order, kindOfFile, docOf, lang } = o
  const k = kindOfFile.get(f) ?? null
  const title = kindTitle(k, lang)
  // several files of one kind (forms-intake, forms-handling…): the file's own title or its name's tail
  const same = order.filter((g) => kindOfFile.get(g) === k)
  if (same.length < 2) return title
  // the names of its elements (the forms it holds), else the file name's tail
  const list = KIND_CATALOG.find((x) => x.kind === k)?.designer.element
  const doc = docOf(f) as Record<string, unknown> | null | undefined
  const els = list && Array.isArray(doc?.[list]) ? (doc![list] as Array<{ name?: string; nameEn?: string }>) : []
  const names = els.map((e) => (lang === 'en' ? (e.nameEn ?? e.name) : e.name)).filter(Boolean)
  return `${title} · ${names.length ? names.slice(0, 2).join('、') + (names.length > 2 ? '…' : '') : f.replace(/\.json$/, '')}`
}

export function FileList({
  order,
  texts,
  saved,
  active,
  perFile,
  titleOf,
  onOpen,
  i18n,
}: {
  order: string[]
  texts: Texts
  saved: Texts
  active: string
  perFile: Map<string, number>
  titleOf(file: string): string
  onOpen(file: string): void
  i18n: I18n
}) {
  const { t } = i18n
  return (
    <div style={{ width: 210, borderRight: '1px solid #f0f0f0', overflow: 'auto', background: '#fff' }} data-testid="file-list">
      <div style={{ padding: '8px 12px', fontWeight: 600, color: '#595959' }}>{t('files')}</div>
      <Menu
        mode="inline"
        selectedKeys={[active]}
        onClick={(e) => onOpen(e.key)}
        style={{ borderInlineEnd: 'none' }}
        items={order.map((f) => ({
          key: f,
          label: (
            <span style={{ display: 'flex', alignItems: 'center', gap: 6, lineHeight: 1.25 }} data-file={f} title={f}>
              <span style={{ flex: 1, overflow: 'hidden', display: 'flex', flexDirection: 'column' }}>
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {texts[f] !== saved[f] ? '● ' : ''}
                  {titleOf(f)}
                </span>
                <span style={{ fontSize: 11, color: '#595959', overflow: 'hidden', textOverflow: 'ellipsis' }}>{f}</span>
              </span>
              {perFile.get(f) ? <Badge count={perFile.get(f)} size="small" /> : null}
            </span>
          ),
        }))}
      />
    </div>
  )
}
