/** The app's side of the engine worker: promise per request; a newer load supersedes queued ones. */
import type { AddDaysReply, DayInfo, DraftFileText, Envelope, LoadReply, ReplyEnvelope, Request } from './protocol'
import type { Problem } from '../lib/problems'
import type { Decision } from '../../../engine/decide/types'
import type { ScoreResult } from '../../../engine/scoring/score'

// The engine's own types (type-only imports: the worker bundles the engine, this side does not)
export type { Decision, ScoreResult }
/** The worker's answers: the engine's result, or its problems with English sentences added (host.ts withEnglish). */
export type DecideReply = { ok: true; decision: Decision } | { ok: false; problems: Problem[] }
export type ScoreReply = { ok: true; result: ScoreResult } | { ok: false; problems: Problem[] }

interface Transport {
  post(msg: Envelope): void
  onReply(fn: (r: ReplyEnvelope) => void): void
}

export class EngineClient {
  private seq = 0
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  constructor(private readonly transport: Transport) {
    transport.onReply((r) => {
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (r.ok) p.resolve(r.value)
      else p.reject(new Error(r.error))
    })
  }

  private call<T>(req: Request): Promise<T> {
    const id = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.transport.post({ id, ...req })
    })
  }

  load(files: DraftFileText[], quick = true) {
    return this.call<LoadReply>({ op: 'load', files, quick })
  }
  decide(facts: unknown) {
    return this.call<DecideReply>({ op: 'decide', facts })
  }
  score(input: unknown, scoring?: string) {
    return this.call<ScoreReply>({ op: 'score', input, ...(scoring ? { scoring } : {}) })
  }
  addDays(date: string, days: number, unit: 'workday' | 'calendar') {
    return this.call<AddDaysReply>({ op: 'addDays', date, days, unit })
  }
  dayInfo(date: string) {
    return this.call<{ info: DayInfo | null; problems: Problem[] }>({ op: 'dayInfo', date })
  }
}

/** The engine in a Web Worker (the browser). */
export function workerClient(): EngineClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'daiban-engine' })
  return new EngineClient({
    post: (m) => worker.postMessage(m),
    onReply: (fn) => worker.addEventListener('message', (e: MessageEvent<ReplyEnvelope>) => fn(e.data)),
  })
}
