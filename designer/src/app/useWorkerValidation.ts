/**
 * Live validation of the working copy in the engine worker, debounced: the worker's reply (problems,
 * compiled info for the previews), whether a check is running, and each edit's timing in
 * `window.__daibanPerf` for the e2e and the bench (edit → validated → previews painted).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { message } from 'antd'
import type { EngineClient } from '../engine/client'
import type { LoadReply } from '../engine/protocol'
import { debounce } from '../panels/ctx'
import type { I18n } from '../i18n'
import type { Texts } from './useDraft'

/** Timings of each edit, for the e2e and the bench: edit → validated → previews painted. */
export interface EditPerf {
  /** Debounce fired → worker reply applied and painted (ms) */
  validateAndPreviewMs: number
  /** First keystroke of the burst → painted (includes the debounce) */
  editToPaintMs: number
  workerLoadMs: number
  workerTotalMs: number
  problems: number
}
declare global {
  interface Window {
    __daibanPerf?: EditPerf[]
  }
}

export function useWorkerValidation(
  client: EngineClient,
  draft: { orderRef: RefObject<string[]>; textsRef: RefObject<Texts>; order: string[]; resetNonce: number },
  t: I18n['t'],
) {
  const { orderRef, textsRef, order, resetNonce } = draft
  const [load, setLoad] = useState<LoadReply | null>(null)
  const [loadSeq, setLoadSeq] = useState(0)
  const [checking, setChecking] = useState(false)
  const loadReq = useRef(0)
  const burstStart = useRef<number | null>(null)
  const perfPending = useRef<{ fired: number; burst: number | null; reply: LoadReply } | null>(null)
  const runLoad = useMemo(
    () =>
      debounce(async () => {
        const seq = ++loadReq.current
        const fired = performance.now()
        const burst = burstStart.current
        burstStart.current = null
        setChecking(true)
        const files = orderRef.current.map((f) => ({ file: f, text: textsRef.current[f] ?? '' }))
        try {
          const r = await client.load(files)
          if (seq !== loadReq.current) return
          perfPending.current = { fired, burst, reply: r }
          setLoad(r)
          setLoadSeq((s) => s + 1)
        } catch (e) {
          message.error(t('error', { msg: (e as Error).message }))
        } finally {
          if (seq === loadReq.current) setChecking(false)
        }
      }, 250),
    [client, t, orderRef, textsRef],
  )
  useEffect(() => () => runLoad.cancel(), [runLoad])
  // After the reply's render is committed and painted: record the timing.
  useEffect(() => {
    const p = perfPending.current
    if (!p) return
    perfPending.current = null
    requestAnimationFrame(() => {
      setTimeout(() => {
        const end = performance.now()
        performance.measure('daiban:validate+preview', { start: p.fired, end })
        const entry: EditPerf = {
          validateAndPreviewMs: end - p.fired,
          editToPaintMs: p.burst === null ? NaN : end - p.burst,
          workerLoadMs: p.reply.loadMs,
          workerTotalMs: p.reply.totalMs,
          problems: p.reply.problems.length,
        }
        ;(window.__daibanPerf ??= []).push(entry)
      }, 0)
    })
  }, [load])
  useEffect(() => {
    if (order.length) runLoad()
  }, [resetNonce, order.length, runLoad])
  /** An edit starts (or continues) a burst: its first keystroke is when the timing starts. */
  const noteEdit = useCallback(() => {
    if (burstStart.current === null) burstStart.current = performance.now()
  }, [])
  return { load, loadSeq, checking, runLoad, noteEdit }
}
