/**
 * Many transitions notifying one person at once, for the file-store and PostgreSQL runtimes: every
 * case is sent (the workflow's 处置单 event, read from definitions/galutu) to one unit, whose
 * officer is told by each — concurrently. None may be lost or doubled.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { Client } from '../runtime/harness'
import { intake } from '../runtime/harness'

const org = JSON.parse(readFileSync('definitions/galutu/org.json', 'utf8')) as { units: Array<{ id: string }> }
const workflow = JSON.parse(readFileSync('definitions/galutu/workflow.json', 'utf8')) as {
  machines: Array<{ events: Record<string, { form?: string; notify?: Array<{ to: string[]; message: string }> }> }>
}
const [DISPATCH, dispatch] = workflow.machines
  .flatMap((m) => Object.entries(m.events))
  .find(([, e]) => e.form === 'disposal' && e.notify?.some((n) => n.to.includes('units')))!
/** A unit of the org below the town (the cases are sent to it) */
export const UNIT = org.units.map((u) => u.id).find((id) => !/banner|city|town/.test(id))!
const message = dispatch.notify!.find((n) => n.to.includes('units'))!.message

/**
 * Creates `n` cases (as `clerk`, naming `officer`: the display name of an officer account), sends
 * them all to UNIT at once, and checks `reader`'s inbox.
 */
export async function manyNotifyOne(clerk: Client, reader: Client, n: number, date: string, officer: string): Promise<void> {
  const cases: Array<{ id: string; number: string }> = []
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, () => clerk.post('/api/cases').send({ form: intake({ receivedOn: date, officer }) })),
    )
    for (const r of batch) {
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      cases.push(r.body as { id: string; number: string })
    }
  }
  const before = (await reader.get('/api/my/notifications')).body as { unread: number }
  const sent = await Promise.all(
    cases.map((c) => clerk.post(`/api/cases/${c.id}/events`).send({ type: DISPATCH, form: { sentOn: date, units: [UNIT], matter: '核实' } })),
  )
  for (const r of sent) expect(r.status, JSON.stringify(r.body)).toBe(200)
  const after = (await reader.get('/api/my/notifications')).body as { unread: number; items: Array<{ number: string; message: string; read: boolean }> }
  expect(after.unread - before.unread).toBe(n)
  // the bell lists the newest 100: each a different case, with the workflow's words
  expect(after.items).toHaveLength(Math.min(100, after.unread))
  const mine = new Map(cases.map((c) => [c.number, c]))
  const listed = after.items.filter((x) => mine.has(x.number))
  expect(new Set(listed.map((x) => x.number)).size).toBe(listed.length)
  for (const x of listed) expect(x.message).toBe(message.replaceAll('{number}', x.number))
  const marked = await reader.post('/api/my/notifications/read').send({ all: true })
  expect(marked.body.marked).toBe(after.unread)
  expect(((await reader.get('/api/my/notifications')).body as { unread: number }).unread).toBe(0)
}

export { DISPATCH }
