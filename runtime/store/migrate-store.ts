/**
 * `daiban store migrate --from <data folder> --to <postgres url>`: copies a FileStore into
 * PostgreSQL — cases, audit (seq, prevHash and hash kept: the tamper-evident chain carries over),
 * reminders, counters and documents — then verifies both sides by counts and checksums.
 *
 * Safe to re-run: every copy is an idempotent upsert (runtime/store/pg/bulk.ts), committed in
 * batches, so an interrupted run is simply started again, and a second run copies nothing (or just
 * what changed in the folder since: a case at a higher version, new audit entries, new reminders or
 * acknowledgements, higher counters, changed documents). The target remembers its source
 * (store_meta 'migrated-from'); a non-empty database that came from elsewhere, or one that has
 * been written to since the migration (its audit chain is longer than the folder's), is refused
 * unless --force.
 *
 * The folder is opened as a FileStore, so its lock keeps a running server out: stop the server
 * (or its writes) while migrating.
 */
import path from 'node:path'
import { FileStore } from './file-store'
import type { AuditEntry, CaseRecord, Reminder, StoredNotification } from './types'
import { ManifestBuilder, compareManifests, digestStore, fileStoreExport, pgExport, type Manifest, KINDS } from './backup'
import type { StoreCounts } from './pg/bulk'

export interface MigrateOptions {
  from: string
  to: string
  force?: boolean
  log?: (m: string) => void
}

export interface MigrateReport {
  source: string
  /** Rows inserted or changed in the target, per kind (0 everywhere on a re-run) */
  copied: StoreCounts
  sourceManifest: Manifest
  targetManifest: Manifest
  /** [] when the target matches the source */
  differences: string[]
}

export class MigrationRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationRefusedError'
  }
}

export async function migrateStore(opts: MigrateOptions): Promise<MigrateReport> {
  const log = opts.log ?? (() => {})
  const source = path.resolve(opts.from)
  const { openPgStore } = await import('./pg-store')
  const file = new FileStore({ dir: source })
  await file.open()
  try {
    const pgStore = await openPgStore({ url: opts.to, poolSize: 4 })
    try {
      const bulk = pgStore.bulk()
      const src = fileStoreExport(file)
      const audit = await file.listAllAudit()
      const srcMaxSeq = audit.reduce((m, e) => Math.max(m, e.seq ?? 0), 0)

      const meta = await bulk.getMeta<{ source?: string }>('migrated-from')
      if (!opts.force) {
        if (!(await bulk.isEmpty()) && meta?.source !== source) {
          throw new MigrationRefusedError(
            `目标数据库已有数据，且不是从 ${source} 迁移来的；如确要合并请加 --force / the target database holds data that did not come from ${source}; add --force to merge anyway`,
          )
        }
        const targetMax = await bulk.maxAuditSeq()
        if (meta?.source === source && targetMax > srcMaxSeq) {
          throw new MigrationRefusedError(
            `目标数据库在迁移后已有新的写入（审计记录 ${targetMax} 条，数据目录 ${srcMaxSeq} 条），再次迁移会混合两边的数据；如确要继续请加 --force / the database was written to after the migration (audit seq ${targetMax} > ${srcMaxSeq}); add --force to copy anyway`,
          )
        }
      }
      await bulk.setMeta('migrated-from', { source, startedAt: new Date().toISOString() })

      const m = new ManifestBuilder()
      const copied: StoreCounts = { cases: 0, audit: 0, reminders: 0, counters: 0, docs: 0, notifications: 0 }
      const batch: CaseRecord[] = []
      for await (const r of src.cases()) {
        m.case(r)
        batch.push(r)
        if (batch.length >= 500) copied.cases += await bulk.importCases(batch.splice(0))
      }
      copied.cases += await bulk.importCases(batch)
      log(`案件 / cases: ${m.build().counts.cases} read, ${copied.cases} copied`)
      for (let i = 0; i < audit.length; i += 2000) {
        const part: AuditEntry[] = audit.slice(i, i + 2000)
        for (const e of part) m.audit(e)
        copied.audit += await bulk.importAudit(part)
      }
      log(`审计 / audit: ${audit.length} read, ${copied.audit} copied`)
      const reminders: Reminder[] = []
      for await (const r of src.reminders()) {
        m.reminder(r)
        reminders.push(r)
      }
      for (let i = 0; i < reminders.length; i += 2000) copied.reminders += await bulk.importReminders(reminders.slice(i, i + 2000))
      log(`提醒 / reminders: ${reminders.length} read, ${copied.reminders} copied`)
      const counters = await src.counters()
      for (const [k, v] of Object.entries(counters)) m.counter(k, v)
      copied.counters = await bulk.importCounters(counters)
      let docs: Array<{ key: string; value: unknown }> = []
      for await (const d of src.docs()) {
        m.doc(d.key, d.value)
        docs.push(d)
        if (docs.length >= 100) copied.docs += await bulk.importDocs(docs.splice(0))
      }
      copied.docs += await bulk.importDocs(docs)
      docs = []
      let notes: Array<{ user: string; notification: StoredNotification }> = []
      for await (const n of src.notifications()) {
        m.notification(n)
        notes.push(n)
        if (notes.length >= 2000) copied.notifications += await bulk.importNotifications(notes.splice(0))
      }
      copied.notifications += await bulk.importNotifications(notes)
      notes = []
      const sourceManifest = m.build()
      log(
        `计数器 / counters: ${sourceManifest.counts.counters} read, ${copied.counters} copied; 文档 / docs: ${sourceManifest.counts.docs} read, ${copied.docs} copied; 通知 / notifications: ${sourceManifest.counts.notifications} read, ${copied.notifications} copied`,
      )

      await pgStore.sealAudit()
      const targetManifest = await pgStore.transaction((b) => digestStore(pgExport(b)), { readOnly: true })
      const differences = compareManifests(sourceManifest, targetManifest)
      if (differences.length === 0) {
        await bulk.setMeta('migrated-from', { source, completedAt: new Date().toISOString(), counts: sourceManifest.counts })
      }
      log(
        differences.length
          ? `校验不符 / verification FAILED: ${differences.join('; ')}`
          : `校验通过 / verified: ${KINDS.map((k) => `${k} ${sourceManifest.counts[k]}`).join(', ')}`,
      )
      return { source, copied, sourceManifest, targetManifest, differences }
    } finally {
      await pgStore.close()
    }
  } finally {
    await file.close()
  }
}
