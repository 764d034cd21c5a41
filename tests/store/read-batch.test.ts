/**
 * ReadBatch (runtime/store/pg/read-batch.ts), the PostgreSQL store's batched reads by key: the
 * keys of one round of the event loop read at once, each caller with its own copy; a read asked
 * while a batch is in flight waits for the next one (so it sees writes that ended before it).
 */
import { describe, expect, it } from 'vitest'
import { ReadBatch } from '../../runtime/store/pg/read-batch'

/** A table of JSON texts behind a counting reader */
function table(rows: Record<string, string>, opts: { failOnce?: boolean } = {}) {
  const calls: string[][] = []
  let fail = opts.failOnce ?? false
  const read = async (keys: string[]) => {
    calls.push(keys)
    // the values as the statement starts (its snapshot), answered a little later
    const found = new Map(keys.filter((k) => k in rows).map((k) => [k, rows[k]!]))
    await new Promise((r) => setTimeout(r, 5))
    if (fail) {
      fail = false
      throw new Error('connection lost')
    }
    return found
  }
  return { rows, calls, read }
}

describe('ReadBatch', () => {
  it('reads the keys asked for in one round with one call, each distinct key once; a missing key is null', async () => {
    const t = table({ a: '{"n":1}', b: '{"n":2}' })
    const batch = new ReadBatch(t.read, (text: string) => JSON.parse(text) as { n: number })
    const got = await Promise.all(['a', 'b', 'a', 'zz', 'b', 'a'].map((k) => batch.get(k)))
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 1 }, null, { n: 2 }, { n: 1 }])
    expect(t.calls).toEqual([['a', 'b', 'zz']])
    // every caller has its own value
    got[0]!.n = 99
    expect(got[2]).toEqual({ n: 1 })
    expect(got[5]).toEqual({ n: 1 })
  })

  it('gathers reads asked from separate callbacks of one round of the event loop (concurrent requests)', async () => {
    const t = table({ a: '1', b: '2', c: '3' })
    const batch = new ReadBatch(t.read, Number)
    const results = await new Promise<Array<number | null>>((resolve) => {
      const out: Array<Promise<number | null>> = []
      let n = 0
      for (const k of ['a', 'b', 'c'])
        setImmediate(() => {
          out.push(batch.get(k))
          if (++n === 3) void Promise.all(out).then(resolve)
        })
    })
    expect(results).toEqual([1, 2, 3])
    // the first callback's read is sent after its round (an immediate queued by a callback of the
    // check phase runs in the next one): the other two callbacks of that phase join it
    expect(t.calls).toEqual([['a', 'b', 'c']])
  })

  it('puts a read asked while a batch is in flight into the next batch: it sees a write that ended before it was asked', async () => {
    const t = table({ a: '"old"' })
    const batch = new ReadBatch(t.read, (s: string) => JSON.parse(s) as string)
    const first = batch.get('a')
    await new Promise((r) => setImmediate(r)) // the first batch is in flight now
    t.rows.a = '"new"' // a write that ends before the second read is asked for
    const second = batch.get('a')
    expect(await first).toBe('old')
    expect(await second).toBe('new')
    expect(t.calls).toEqual([['a'], ['a']])
  })

  it('a failed read rejects the callers of its batch only; the next batch reads again', async () => {
    const t = table({ a: '1' }, { failOnce: true })
    const batch = new ReadBatch(t.read, Number)
    const failed = await Promise.allSettled([batch.get('a'), batch.get('a')])
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(String((failed[0] as PromiseRejectedResult).reason)).toContain('connection lost')
    expect(await batch.get('a')).toBe(1)
  })

  it('a value that cannot be decoded rejects its callers only', async () => {
    const t = table({ good: '{"ok":true}', bad: '{oops' })
    const batch = new ReadBatch(t.read, (s: string) => JSON.parse(s) as unknown)
    const [good, bad] = await Promise.allSettled([batch.get('good'), batch.get('bad')])
    expect(good).toEqual({ status: 'fulfilled', value: { ok: true } })
    expect(bad!.status).toBe('rejected')
  })

  it('splits a round with more keys than maxKeys into several reads', async () => {
    const rows = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, String(i)]))
    const t = table(rows)
    const batch = new ReadBatch(t.read, Number, 10)
    const got = await Promise.all(Object.keys(rows).map((k) => batch.get(k)))
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => i))
    expect(t.calls.map((c) => c.length)).toEqual([10, 10, 5])
  })
})
