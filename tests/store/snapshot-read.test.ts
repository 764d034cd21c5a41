import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSnapshotLines } from '../../runtime/store/file/snapshot-read'

const dir = mkdtempSync(path.join(os.tmpdir(), 'daiban-snapshot-read-'))
const at = (name: string, text: string | null) => {
  const file = path.join(dir, name)
  if (text !== null) writeFileSync(file, text)
  return file
}

describe('readSnapshotLines (checkpoint snapshots read at start-up)', () => {
  it('reads every line, multibyte text and blank lines included', async () => {
    const items = [
      { id: 'a', village: '巴彦', units: ['水务局'] },
      { id: 'b', village: '查干' },
      { id: 'c', note: '𠮷 and ascii' },
    ]
    const file = at('ok.jsonl', items.map((x) => JSON.stringify(x)).join('\n') + '\n\n')
    expect(await readSnapshotLines(file, 3)).toEqual(items)
  })

  it('an empty file holds no entries', async () => {
    expect(await readSnapshotLines(at('empty.jsonl', ''), 0)).toEqual([])
  })

  const damaged: Array<{ name: string; text: string | null; expected: number; reason: RegExp }> = [
    { name: 'missing.jsonl', text: null, expected: 0, reason: /the file is missing/ },
    { name: 'torn.jsonl', text: '{"id":"a"}\n{"id":"b"', expected: 2, reason: /the file is truncated/ },
    { name: 'bad-line.jsonl', text: '{"id":"a"}\n{"id":\n', expected: 2, reason: /line 2 is not valid JSON/ },
    { name: 'short.jsonl', text: '{"id":"a"}\n', expected: 2, reason: /expected 2 entries, found 1/ },
    { name: 'long.jsonl', text: '{"id":"a"}\n{"id":"b"}\n', expected: 1, reason: /expected 1 entries, found 2/ },
  ]
  it.each(damaged)('refuses $name, naming the file and what is wrong', async ({ name, text, expected, reason }) => {
    const file = at(name, text)
    const err = await readSnapshotLines(file, expected).then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(err?.name).toBe('DamagedFileError')
    expect(err?.message).toMatch(reason)
    expect(err?.message).toContain(name)
  })
})
