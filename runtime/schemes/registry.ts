/**
 * Scheme versions. The folders under `definitions/` are the source; what the server runs is a
 * published version: the exact files, stored in the store under their content hash, so a case
 * pinned to (scheme id, version, hash) is reproducible even after the folder changes.
 *
 * At start-up each folder is loaded and, when its content hash is not yet published, published
 * as the newest version (folders are the truth: a town may edit them in its own editor).
 */
import { formatProblem, loadScheme, type CompiledScheme, type Problem, type SchemeFile } from '../../engine'
import { registerMessages, type Words } from '../errors'
import type { Store } from '../store'
import { hashContent, readSchemeFiles } from './files'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

export interface PublishedVersion {
  seq: number
  schemeId: string
  version: string
  hash: string
  publishedAt: string
  publishedBy: string
  note: string
}

interface VersionIndex {
  versions: PublishedVersion[]
}

const M = registerMessages('schemes', {
  unloadable: {
    zh: '方案 {id} 的版本 {version}（#{seq}，哈希 {hash}）无法由当前的 daiban 加载，可能是更新版本的 daiban 发布的。第一个问题：{file} {pointer}：{problem}（共 {count} 个问题）。请用发布该版本的 daiban（或更新的版本）启动；或在定义目录中放入当前 daiban 能通过校验的该方案目录，启动时它会发布为最新版本。',
    en: 'Scheme {id} version {version} (#{seq}, hash {hash}) cannot be loaded by this daiban; a newer daiban may have published it. First problem: {file} {pointer}: {problem} ({count} in all). Start the daiban that published it (or a newer one), or put a folder of this scheme that this daiban validates in the definitions folder: it is published as the newest version at start.',
  },
})

export class SchemeRegistryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
    /** The message in both languages, when it has been written so (`message` then joins them with " / "). */
    readonly words?: Words,
  ) {
    super(message)
    this.name = 'SchemeRegistryError'
  }
}

export class SchemeRegistry {
  private readonly compiled = new Map<string, Promise<CompiledScheme>>()
  private readonly index = new Map<string, VersionIndex>()
  private readonly publishListeners: Array<(v: PublishedVersion, scheme: CompiledScheme) => void> = []

  /** Called after a new version is published (the policy table follows the org's roles). */
  onPublish(cb: (v: PublishedVersion, scheme: CompiledScheme) => void): void {
    this.publishListeners.push(cb)
  }

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Publish every scheme folder whose content is new. Returns problems per folder that failed. A
   * fork's folder also brings its fork point (`.daiban/base/`, the upstream's files then), kept so
   * the designer can show and merge what upstream changed since.
   */
  async syncFolders(dirs: string[]): Promise<Array<{ dir: string; problems: Problem[] }>> {
    const failed: Array<{ dir: string; problems: Problem[] }> = []
    for (const dir of dirs) {
      const files = await readSchemeFiles(dir)
      // the folder's name only: the note is shown to administrators, who need not see the server's paths
      const r = await this.publish(files, { by: 'system', note: `从定义目录同步（${path.basename(path.resolve(dir))}）` })
      if (!r.ok) failed.push({ dir, problems: r.problems })
      else await this.syncForkBase(dir)
    }
    return failed
  }

  private async syncForkBase(dir: string): Promise<void> {
    let record: { id?: unknown; hash?: unknown }
    try {
      record = JSON.parse(await readFile(path.join(dir, '.daiban/upstream.json'), 'utf8')) as { id?: unknown; hash?: unknown }
    } catch {
      return // not a fork folder (or an unreadable record: `daiban upgrade` reports it)
    }
    if (typeof record.id !== 'string' || typeof record.hash !== 'string') return
    if (await this.hasUpstreamFiles(record.id, record.hash)) return
    let base: SchemeFile[]
    try {
      base = await readSchemeFiles(path.join(dir, '.daiban/base'))
    } catch {
      return
    }
    const r = await loadScheme(base)
    if (!r.scheme || r.scheme.manifest.id !== record.id) return
    // Kept under the hash of what is actually there: a stale or edited base is never taken for the fork point.
    await this.rememberUpstreamFiles(
      record.id,
      hashContent(r.content),
      base.map((f) => ({ file: f.file, text: f.text ?? JSON.stringify(f.value, null, 2) })),
    )
  }

  /** Does the registry have a scheme's files at this content hash (published, or a fork point it was given)? */
  async hasUpstreamFiles(id: string, hash: string): Promise<boolean> {
    return (await this.upstreamFiles(id, hash)) !== null
  }

  /**
   * A scheme's files at a content hash: a published version's, else a fork point brought by a
   * fork's folder (an upstream version this server never ran). Null when unknown.
   */
  async upstreamFiles(id: string, hash: string): Promise<Array<{ file: string; text: string }> | null> {
    const idx = await this.versionIndex(id)
    if (idx.versions.some((v) => v.hash === hash)) return this.files(id, hash)
    return this.store.getDoc<Array<{ file: string; text: string }>>(`scheme-base-files/${id}/${hash}`)
  }

  async rememberUpstreamFiles(id: string, hash: string, files: Array<{ file: string; text: string }>): Promise<void> {
    await this.store.putDoc(`scheme-base-files/${id}/${hash}`, files)
  }

  /** Validate and publish files as a new immutable version (no-op when the same content is the latest). */
  async publish(
    files: SchemeFile[],
    meta: { by: string; note: string },
  ): Promise<{ ok: true; version: PublishedVersion; created: boolean } | { ok: false; problems: Problem[] }> {
    const r = await loadScheme(files)
    if (!r.scheme) return { ok: false, problems: r.problems }
    const hash = hashContent(r.content)
    const m = r.scheme.manifest
    const cached = (await this.versionIndex(m.id)).versions.at(-1)
    if (cached && cached.hash === hash) {
      // the same content as the published version: keep this compile for get() (start-up compiled each scheme twice)
      this.keepCompiled(m.id, hash, r.scheme)
      return { ok: true, version: cached, created: false }
    }
    const texts = files.map((f) => ({ file: f.file, text: f.text ?? JSON.stringify(f.value, null, 2) }))
    await this.store.putDoc(`scheme-files/${m.id}/${hash}`, texts)
    // appended atomically: another instance may be publishing this scheme at the same moment
    const out: { version?: PublishedVersion; created: boolean } = { created: false }
    const idx = await this.store.updateDoc<VersionIndex>(`scheme-versions/${m.id}`, (cur) => {
      const versions = cur?.versions ?? []
      const latest = versions.at(-1)
      out.created = !(latest && latest.hash === hash)
      out.version = out.created
        ? {
            seq: (latest?.seq ?? 0) + 1,
            schemeId: m.id,
            version: m.version,
            hash,
            publishedAt: this.now().toISOString(),
            publishedBy: meta.by,
            note: meta.note,
          }
        : latest
      return out.created ? { ...cur, versions: [...versions, out.version!] } : (cur as VersionIndex)
    })
    this.index.set(m.id, idx)
    const v = out.version!
    if (!out.created) {
      this.keepCompiled(m.id, hash, r.scheme)
      return { ok: true, version: v, created: false }
    }
    await this.store.updateDoc<string[]>('scheme-ids', (ids) => (ids?.includes(m.id) ? ids : [...(ids ?? []), m.id].sort()))
    this.compiled.set(`${m.id}@${hash}`, Promise.resolve(r.scheme))
    for (const l of this.publishListeners) l(v, r.scheme)
    return { ok: true, version: v, created: true }
  }

  async versionIndex(id: string): Promise<VersionIndex> {
    let idx = this.index.get(id)
    if (!idx) {
      idx = (await this.store.getDoc<VersionIndex>(`scheme-versions/${id}`)) ?? { versions: [] }
      this.index.set(id, idx)
    }
    return idx
  }

  /** Re-reads one scheme's version index from the store (other instances publish there too). */
  private async reload(id: string): Promise<VersionIndex> {
    const idx = (await this.store.getDoc<VersionIndex>(`scheme-versions/${id}`)) ?? { versions: [] }
    this.index.set(id, idx)
    return idx
  }

  /**
   * Catches up with versions published by other instances sharing the store (PostgreSQL): re-reads
   * every scheme's version index and tells the publish listeners (the policy table) of each
   * scheme whose newest version changed. Returns those newest versions.
   */
  async refresh(): Promise<PublishedVersion[]> {
    const changed: PublishedVersion[] = []
    for (const id of await this.schemeIds()) {
      const before = this.index.get(id)?.versions.at(-1)?.hash
      const idx = await this.reload(id)
      const latest = idx.versions.at(-1)
      if (!latest || latest.hash === before) continue
      const scheme = await this.get(id, latest.hash)
      for (const l of this.publishListeners) l(latest, scheme)
      changed.push(latest)
    }
    return changed
  }

  async schemeIds(): Promise<string[]> {
    return (await this.store.getDoc<string[]>('scheme-ids')) ?? []
  }

  async latest(id: string): Promise<PublishedVersion> {
    let idx = await this.versionIndex(id)
    if (!idx.versions.length) idx = await this.reload(id)
    const v = idx.versions[idx.versions.length - 1]
    if (!v) throw new SchemeRegistryError('NOT_FOUND', `未找到方案 "${id}" / no such scheme`)
    return v
  }

  async find(id: string, ref: string): Promise<PublishedVersion> {
    const pick = (idx: VersionIndex) =>
      ref === 'latest'
        ? idx.versions[idx.versions.length - 1]
        : idx.versions.find((x) => x.hash === ref || x.hash.startsWith(ref) || String(x.seq) === ref || x.version === ref)
    let v = pick(await this.versionIndex(id))
    // published by another instance on the same store since this one last looked?
    if (!v) v = pick(await this.reload(id))
    if (!v) throw new SchemeRegistryError('NOT_FOUND', `方案 "${id}" 没有版本 "${ref}" / no such version`)
    return v
  }

  async files(id: string, hash: string): Promise<Array<{ file: string; text: string }>> {
    const files = await this.store.getDoc<Array<{ file: string; text: string }>>(`scheme-files/${id}/${hash}`)
    if (!files) throw new SchemeRegistryError('NOT_FOUND', `方案 "${id}" 的版本 ${hash.slice(0, 12)} 缺少定义文件`)
    return files
  }

  /**
   * A stored version this build cannot load: it passed the checks of the build that published it
   * (most likely a newer one, whose definitions may hold what this one does not know).
   */
  private async unloadable(id: string, hash: string, problems: Problem[]): Promise<SchemeRegistryError> {
    const v = (await this.versionIndex(id)).versions.find((x) => x.hash === hash)
    const first = problems[0]
    const words = M('unloadable', {
      id,
      version: v?.version ?? '?',
      seq: v?.seq ?? '?',
      hash: hash.slice(0, 12),
      file: first?.file ?? '',
      pointer: first?.pointer || '/',
      problem: first ? { zh: formatProblem(first), en: formatProblem(first, 'en') } : '',
      count: problems.length,
    })
    return new SchemeRegistryError('SCHEME_INVALID', `${words.zh} / ${words.en}`, problems, words)
  }

  private keepCompiled(id: string, hash: string, scheme: CompiledScheme): void {
    const key = `${id}@${hash}`
    if (!this.compiled.has(key)) this.compiled.set(key, Promise.resolve(scheme))
  }

  /** The compiled scheme of a published version (compiled once, then shared). */
  get(id: string, hash: string): Promise<CompiledScheme> {
    const key = `${id}@${hash}`
    let p = this.compiled.get(key)
    if (!p) {
      p = (async () => {
        const files = await this.files(id, hash)
        // a published version was validated in full when published: its validators compile on first use
        const r = await loadScheme(files, { lazySchemas: true })
        if (!r.scheme) throw await this.unloadable(id, hash, r.problems)
        return r.scheme
      })()
      p.catch(() => this.compiled.delete(key))
      this.compiled.set(key, p)
    }
    return p
  }
}
