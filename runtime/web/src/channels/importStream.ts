/**
 * An import with its progress (`?progress=1`): the server answers with NDJSON lines — progress
 * counts as rows are settled, then the result (runtime/server/routes/channels.ts). A streamed answer
 * rather than a job to poll: nothing is kept on the server between requests, and the counts arrive
 * as they change. The lines' shape is the route contract's (`ImportLine`).
 */
import { api } from '../data'
import { ApiError, isNdjson, readNdjson } from '../../kit/api/client'
import type { ImportLine, ImportProgress } from '../../../server/contract/types'
import type { ImportResult } from './api'

export type { ImportProgress }
export { readLines } from '../../kit/api/client'

/** Imports (or checks) a file, reporting progress; resolves with the result the last line carries. */
export async function importWithProgress(
  schemeId: string,
  channel: string,
  file: File,
  dryRun: boolean,
  onProgress: (p: ImportProgress) => void,
  incomplete: string,
): Promise<ImportResult> {
  const res = await api.client.request('post', '/api/schemes/:id/import/:channel', {
    params: { id: schemeId, channel },
    query: { filename: file.name, progress: '1', ...(dryRun ? { dryRun: '1' as const } : {}) },
    body: file,
    contentType: 'application/octet-stream',
    raw: true,
  })
  // a server without streaming (or a proxy that answered for it) gives the result as plain JSON
  if (!isNdjson(res) || !res.body) return (await res.json()) as ImportResult
  let result: ImportResult | null = null
  let failure: ApiError | null = null
  await readNdjson<ImportLine>(res, (line) => {
    if (line.type === 'progress') onProgress(line)
    else if (line.type === 'result') result = line.result
    else failure = new ApiError(500, line.code, line.message)
  })
  if (failure) throw failure
  if (!result) throw new ApiError(res.status, 'BAD_RESPONSE', incomplete)
  return result
}
