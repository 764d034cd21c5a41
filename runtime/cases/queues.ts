/**
 * The 工作台's queues (issue #18 §3): what waits for this user, by their roles and jurisdiction.
 *
 * - triage (待甄别): cases that entered by the public page or an import and wait for the machine's
 *   register event, for users who may send it on them; each tagged online or imported by its channel
 *   (the org's `public` / `import` channels).
 * - complaints (投诉, listed apart): open service complaints (duty.supervision's machine) without an
 *   owner, for users who may assign one.
 * - assign (待指定代办员): cases without an officer whose state accepts an event whose form names
 *   the officer (field role `officer`), for users who may send it.
 * - mine (我的待办): active cases whose officer is the user (display or login name).
 * - dueSoon / overdue (临期 / 超期): active cases in the user's jurisdiction, by the one definition
 *   of due soon and overdue (./due.ts).
 * - unitReplies (部门待复): for holders of a unit-scoped grant that may reply, the cases with a
 *   处置单 sent to their unit that has no reply yet.
 *
 * Which queues a user has follows from the workflow's event roles and the org's role scopes; no
 * role, state or event is named here.
 */
import { acceptedEvents, fieldRoles, type CaseContext, type CompiledScheme } from '../../engine'
import type { Policy, Principal } from '../auth/policy'
import type { CaseSummary, Store } from '../store'
import { dueSoonDaysOf, dueState, type DueState } from '../../engine/calendar/due'

export const QUEUE_IDS = ['triage', 'complaints', 'assign', 'mine', 'dueSoon', 'overdue', 'unitReplies'] as const
export type QueueId = (typeof QUEUE_IDS)[number]

export interface QueueItem extends CaseSummary {
  due: DueState
  /** triage: how it came in */
  source?: 'online' | 'imported' | 'other'
  /** unitReplies: the user's units whose 处置单 on the case has no reply yet */
  awaiting?: string[]
}

export interface Queue {
  id: QueueId
  count: number
  items: QueueItem[]
}

export interface QueueDeps {
  store: Pick<Store, 'getCase'>
  policy: Policy
  /** The scheme version a case runs on (falls back to the latest when it cannot be read) */
  schemeOf: (schemeId: string, hash: string | undefined) => Promise<CompiledScheme>
}

/** Items listed per queue (the count is of all). */
export const QUEUE_LIMIT = 100

const byDue = (a: CaseSummary, b: CaseSummary) =>
  (a.dueDate ?? '9999-99-99').localeCompare(b.dueDate ?? '9999-99-99') ||
  (a.receivedOn ?? '').localeCompare(b.receivedOn ?? '') ||
  a.number.localeCompare(b.number)

/** Events of a machine whose form names the officer (field role), i.e. the events that assign one. */
function assignEvents(scheme: CompiledScheme, machine: string): string[] {
  const def = scheme.machineDefs.get(machine)
  if (!def) return []
  const roles = fieldRoles(scheme)
  const entry = new Set(Object.values(def.entry ?? {}))
  return Object.entries(def.events)
    .filter(([type, e]) => !entry.has(type) && e.form && roles.form(e.form).officer !== undefined)
    .map(([type]) => type)
}

/**
 * The user's queues in one scheme, as of `today` (the local date). `visible`: the scheme's active
 * cases the user may read (their jurisdiction). Only the queues the user's roles give them are returned.
 */
export async function userQueues(d: QueueDeps, user: Principal, scheme: CompiledScheme, visible: CaseSummary[], today: string): Promise<Queue[]> {
  const schemeId = scheme.manifest.id
  const policy = d.policy
  const supervision = scheme.defs.duty?.supervision
  const machines = scheme.defs.workflow.machines.map((m) => m.id)
  const caseMachines = machines.filter((m) => m !== supervision?.machine)
  const eventRoles = (machine: string, type: string | undefined) => (type ? scheme.machineDefs.get(machine)?.events[type]?.roles : undefined)
  const mayDo = (machine: string, type: string | undefined) =>
    !!type && !!scheme.machineDefs.get(machine)?.events[type] && policy.can(user, 'case.event', eventRoles(machine, type), schemeId)

  // which queues: from the events the user's roles may send, and their scopes
  const triageMachines = caseMachines.filter((m) => {
    const e = scheme.machineDefs.get(m)?.entry
    return !!e?.register && (!!e.submit || !!e.import) && mayDo(m, e.register)
  })
  const complaintAssign = supervision?.assignEvent && mayDo(supervision.machine, supervision.assignEvent) ? supervision.assignEvent : undefined
  const assigning = new Map(caseMachines.map((m) => [m, assignEvents(scheme, m).filter((t) => mayDo(m, t))]))
  const mayHandle = policy.grantsFor(user, 'case.handle', undefined, schemeId).length > 0
  const myUnits = [
    ...new Set(
      policy
        .grantsFor(user, 'case.reply', undefined, schemeId)
        .filter((g) => policy.scopeOf(g.role, schemeId) === 'unit' && g.unit)
        .map((g) => g.unit!),
    ),
  ]

  const pinned = new Map<string, Promise<CompiledScheme>>()
  const schemeFor = (s: CaseSummary) => {
    const key = s.schemeHash ?? ''
    if (!pinned.has(key))
      pinned.set(
        key,
        d.schemeOf(schemeId, s.schemeHash).catch(() => scheme),
      )
    return pinned.get(key)!
  }
  const channels = new Map(scheme.defs.org.channels.map((c) => [c.id, c]))
  const sourceOf = (s: CaseSummary): QueueItem['source'] => {
    const ch = s.channel ? channels.get(s.channel) : undefined
    return ch?.public ? 'online' : ch?.import ? 'imported' : 'other'
  }
  const names = new Set([user.displayName, user.username])
  const soonDays = dueSoonDaysOf(scheme.defs.deadlines)

  const lists: Record<QueueId, QueueItem[]> = { triage: [], complaints: [], assign: [], mine: [], dueSoon: [], overdue: [], unitReplies: [] }
  for (const s of visible) {
    const machine = s.machine ?? 'case'
    const item: QueueItem = { ...s, due: dueState(s.dueDate, !!s.concludedOn, today, soonDays) }
    const sch = await schemeFor(s)
    const accepted = acceptedEvents(sch, machine, s.state)
    const onCase = (type: string) => accepted.includes(type) && policy.canOnCase(user, 'case.event', s, eventRoles(machine, type))
    if (triageMachines.includes(machine)) {
      const reg = scheme.machineDefs.get(machine)!.entry!.register!
      if (onCase(reg)) lists.triage.push({ ...item, source: sourceOf(s) })
    }
    if (complaintAssign && machine === supervision!.machine && !s.officer && onCase(complaintAssign)) lists.complaints.push(item)
    if (!s.officer && (assigning.get(machine) ?? []).some(onCase) && !lists.triage.some((x) => x.id === s.id)) lists.assign.push(item)
    if (s.officer && names.has(s.officer)) lists.mine.push(item)
    if (item.due === 'overdue') lists.overdue.push(item)
    else if (item.due === 'dueSoon') lists.dueSoon.push(item)
  }

  // 部门待复: the user's units' 处置单 without a reply (the replies are in the case's context)
  if (myUnits.length) {
    for (const s of visible) {
      const mine = (s.units ?? []).filter((u) => myUnits.includes(u))
      if (!mine.length) continue
      const rec = await d.store.getCase(s.id)
      const ctx = (rec?.snapshot as { context?: CaseContext } | undefined)?.context
      const awaiting = mine.filter((u) => (ctx?.dispatches ?? []).some((x) => x.unit === u && x.replies.length === 0))
      if (awaiting.length) lists.unitReplies.push({ ...s, due: dueState(s.dueDate, !!s.concludedOn, today, soonDays), awaiting })
    }
  }

  const shown: QueueId[] = []
  if (triageMachines.length) shown.push('triage')
  if (complaintAssign) shown.push('complaints')
  if ([...assigning.values()].some((l) => l.length)) shown.push('assign')
  if (mayHandle || lists.mine.length) shown.push('mine')
  if (myUnits.length) shown.push('unitReplies')
  shown.push('dueSoon', 'overdue')
  return shown.map((id) => {
    const all = lists[id].sort(byDue)
    return { id, count: all.length, items: all.slice(0, QUEUE_LIMIT) }
  })
}
