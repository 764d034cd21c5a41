/**
 * Texts of the designer's frame added for accessibility (skip link, each screen's heading, labels of
 * controls that show no text), kept beside it so the shared table (../i18n.tsx) stays h-kit's:
 * `a11yT(lang)('skipToMain')`.
 */
import type { Lang } from '../i18n'

const ZH = {
  skipToMain: '跳到主要内容',
  headingEdit: '编辑：{file}',
  headingImpact: '影响预览',
  headingVersions: '版本历史',
  fileListLabel: '定义文件',
  previewsLabel: '预览',
  problemsLabel: '问题',
  searchLabel: '搜索草稿',
}
type Key = keyof typeof ZH
const EN: Record<Key, string> = {
  skipToMain: 'Skip to main content',
  headingEdit: 'Editing: {file}',
  headingImpact: 'Impact preview',
  headingVersions: 'Versions',
  fileListLabel: 'Definition files',
  previewsLabel: 'Previews',
  problemsLabel: 'Problems',
  searchLabel: 'Search the draft',
}

export function a11yT(lang: Lang): (k: Key, p?: Record<string, string | number>) => string {
  const table = lang === 'en' ? EN : ZH
  return (k, p) => table[k].replace(/\{(\w+)\}/g, (m, n: string) => (p && n in p ? String(p[n]) : m))
}
