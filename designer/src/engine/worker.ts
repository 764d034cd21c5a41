/// <reference lib="webworker" />
/** The engine in a Web Worker: validation and previews never block typing. */
import { EngineHost } from './host'
import type { Envelope, ReplyEnvelope } from './protocol'

const host = new EngineHost()
// Requests are answered in order; a load is awaited before the previews that follow it.
let queue: Promise<unknown> = Promise.resolve()

self.onmessage = (ev: MessageEvent<Envelope>) => {
  const { id, ...req } = ev.data
  queue = queue.then(async () => {
    let reply: ReplyEnvelope
    try {
      reply = { id, ok: true, value: await host.handle(req) }
    } catch (e) {
      reply = { id, ok: false, error: e instanceof Error ? e.message : String(e) }
    }
    ;(self as unknown as Worker).postMessage(reply)
  })
}
