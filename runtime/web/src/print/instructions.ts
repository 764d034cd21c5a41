/**
 * The 领导批示 row of a 信访事项处置单 (附件6: 领导批示, 进度催办, 处理结果): the instruction written on
 * the dispatch itself, then every leader's instruction recorded on the case after the dispatch was
 * sent. A leader who instructs after dispatch instructs on the matter the departments are handling,
 * so each open 处置单 carries it; one given before the dispatch is copied into the dispatch's own
 * field when it is sent — and when that field was left empty, the earlier ones are printed too
 * (the box stayed empty although the leader had instructed).
 *
 * Which records are instructions is declared, not named here (issue #16 §2): a record whose event's
 * form has a field playing the `instructionText` role (engine/scheme/field-roles.ts), with the
 * leader from the field playing `instructionLeader` — whatever the event and its fields are called.
 */
import type { DispatchRecord, EventRecord, FormDef } from '../api'
import { roleValue } from '../../kit/forms/roles'

/**
 * The lines of a dispatch's 领导批示 row, oldest first.
 * @example dispatchInstructions(d, records, dispatchRecord, L.formOfEvent) // ['请三日内答复', '2026-03-04　加快办理（政府副镇长）']
 */
export function dispatchInstructions(
  d: DispatchRecord,
  records: EventRecord[],
  dispatchRecord: EventRecord | undefined,
  formOfEvent: (event: string) => FormDef | undefined,
): string[] {
  const out: string[] = []
  if (d.leaderInstruction) out.push(d.leaderInstruction)
  // when the dispatch's own record cannot be found, or the dispatch was sent without an
  // instruction of its own (nothing copied into it), every instruction on the case is shown
  const after = d.leaderInstruction ? (dispatchRecord?.seq ?? 0) : 0
  for (const r of records) {
    if (r.seq <= after || !r.form) continue
    const schema = formOfEvent(r.event)?.schema
    const content = roleValue(schema, r.form, 'instructionText')
    if (typeof content !== 'string' || !content) continue
    const leader = roleValue(schema, r.form, 'instructionLeader')
    const who = typeof leader === 'string' && leader ? `（${leader}）` : ''
    out.push(`${r.at}　${content}${who}`)
  }
  return out
}
