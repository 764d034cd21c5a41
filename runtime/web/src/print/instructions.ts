/**
 * The 领导批示 row of a 信访事项处置单 (附件6: 领导批示, 进度催办, 处理结果): the instruction written on
 * the dispatch itself, then every leader's instruction recorded on the case after the dispatch was
 * sent (the `LEADER_INSTRUCTION` event). A leader who instructs after dispatch instructs on the
 * matter the departments are handling, so each open 处置单 carries it; one given before the dispatch
 * is copied into the dispatch's own field when it is sent.
 */
import type { DispatchRecord, EventRecord } from '../api'

/** The workflow event that records a leader's instruction (its form: `leader`, `content`). */
export const INSTRUCTION_EVENT = 'LEADER_INSTRUCTION'

/**
 * The lines of a dispatch's 领导批示 row, oldest first.
 * @example dispatchInstructions(d, records, dispatchRecord) // ['请三日内答复', '2026-03-04　加快办理（政府副镇长）']
 */
export function dispatchInstructions(d: DispatchRecord, records: EventRecord[], dispatchRecord: EventRecord | undefined): string[] {
  const out: string[] = []
  if (d.leaderInstruction) out.push(d.leaderInstruction)
  // when the dispatch's own record cannot be found, every instruction on the case is shown
  const after = dispatchRecord?.seq ?? 0
  for (const r of records) {
    if (r.event !== INSTRUCTION_EVENT || r.seq <= after) continue
    const f = r.form ?? {}
    const content = typeof f.content === 'string' ? f.content : ''
    if (!content) continue
    const who = typeof f.leader === 'string' && f.leader ? `（${f.leader}）` : ''
    out.push(`${r.at}　${content}${who}`)
  }
  return out
}
