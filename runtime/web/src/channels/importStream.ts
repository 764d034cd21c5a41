/**
 * An import with its progress (`?progress=1`): the server answers with NDJSON lines — progress
 * counts as rows are settled, then the result (runtime/server/routes/channels.ts). A streamed answer
 * rather than a job to poll: nothing is kept on the server between requests, and the counts arrive
 * as they change.
 */
import { api } from '../data'
import { ApiError } from '../../../server/contract/client'
import type { ImportResult } from './api'

/** Counts while an import runs (each row counted once its outcome is final). */
export interface ImportProgress {
  rows: number
  done: number
  created: number
  duplicates: number
  rejected: number
}

type Line = ({ type: 'progress' } & ImportProgress) | { type: 'result'; result: ImportResult } | { type: 'error'; code: string; message: string }

/** Reads NDJSON lines from a byte stream, calling `onLine` for each complete line. */
export async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let rest = ''
  for (;;) {
    const { done, value } = await reader.read()
    rest += done ? decoder.decode() : decoder.decode(value, { stream: true })
    let nl: number
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim()
      rest = rest.slice(nl + 1)
      if (line) onLine(line)
    }
    if (done) break
  }
  if (rest.trim()) onLine(rest.trim())
}

/** Imports (or checks) a file, reporting progress; resolves with the result the last line carries. */
export async function importWithProgress(schemeId: string, channel: string, file: File, dryRun: boolean, onProgress: (p: ImportProgress) => void, incomplete: string): Promise<ImportResult> {
  const res = await api.client.request('post', '/api/schemes/:id/import/:channel', {
    params: { id: schemeId, channel },
    query: { filename: file.name, progress: '1', ...(dryRun ? { dryRun: '1' as const } : {}) },
    body: file,
    contentType: 'application/octet-stream',
    raw: true,
  })
  // a server without streaming (or a proxy that answered for it) gives the result as plain JSON
  if (!(res.headers.get('content-type') ?? '').includes('ndjson') || !res.body) return (await res.json()) as ImportResult
  let result: ImportResult | null = null
  let failure: ApiError | null = null
  await readLines(res.body, (text) => {
    const line = JSON.parse(text) as Line
    if (line.type === 'progress') onProgress(line)
    else if (line.type === 'result') result = line.result
    else failure = new ApiError(500, line.code, line.message)
  })
  if (failure) throw failure
  if (!result) throw new ApiError(res.status, 'BAD_RESPONSE', incomplete)
  return result
}
