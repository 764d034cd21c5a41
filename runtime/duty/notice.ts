/**
 * The public notice board (附件2 二（四）公开性: publish the proxy system, the process and the
 * officers; 四（三）: post the officers at the service points). Built only from the definitions
 * and, for people, their display names and office phones — nothing else of an account, and
 * nothing of any case, ever goes in.
 */
import type { CompiledScheme } from '../../engine'
import { unitMembers, type Person } from './people'

const CADENCE: Record<number, string> = { 1: '每月', 2: '每两个月', 3: '每季度', 4: '每四个月', 6: '每半年', 12: '每年' }

export interface NoticeOfficer {
  name: string
  role: string
  officePhone: string | null
}

/** Strip `{field}` placeholders a rule's reason may carry (they name facts of a case). */
const general = (s: string) => s.replace(/\{[^}]*\}/g, '').trim()

export function buildNotice(
  scheme: CompiledScheme,
  people: Person[],
  phones: Map<string, string>,
  onDuty: Array<{ name: string; people: string[] }> | null,
  date: string,
) {
  const defs = scheme.defs
  const duty = defs.duty
  const town = scheme.manifest.town
  const roleName = new Map(defs.org.roles.map((r) => [r.id, r.name]))
  const notice = duty?.notice
  const machine = notice ? scheme.machineDefs.get(notice.machine) : undefined
  // The stages the workflow has: a stage removed from it is no longer published.
  const machineStages = new Set<string>([
    ...Object.keys(((machine?.config as { states?: object } | undefined)?.states ?? {}) as object),
    ...Object.values(machine?.stateInfo ?? {})
      .map((i) => i.stage)
      .filter((x): x is string => !!x),
  ])
  const triage = scheme.ruleSetFor('outcome')?.def
  const officerRoles = notice?.officerRoles ?? []
  const officer = (m: { person: Person; role: string }): NoticeOfficer => ({
    name: m.person.displayName,
    role: roleName.get(m.role) ?? m.role,
    officePhone: phones.get(m.person.username) ?? null,
  })
  const sup = duty?.supervision
  const supMachine = sup ? scheme.machineDefs.get(sup.machine) : undefined
  const regForm = sup && supMachine?.events[sup.registerEvent]?.form ? scheme.form(supMachine.events[sup.registerEvent]!.form!) : undefined
  const via = ((regForm?.schema.properties as Record<string, { enum?: unknown[] }> | undefined)?.via?.enum ?? []).map(String)
  const replyClock = sup?.clock ? scheme.clocks.get(sup.clock) : undefined
  const clocks = defs.deadlines.clocks.filter((c) => c.machine === (notice?.machine ?? 'case') || c.machine === sup?.machine)
  const rosterUnit = duty?.roster ? defs.org.units.find((u) => u.id === duty.roster!.unit) : undefined

  return {
    town,
    date,
    scheme: { name: scheme.manifest.name, ...(scheme.manifest.nameEn ? { nameEn: scheme.manifest.nameEn } : {}), source: scheme.manifest.source ?? null },
    intro: (notice?.intro ?? '').replace(/\{town\}/g, town) || null,
    /** 代办制度: the recurring duties and the roster, as the definitions state them */
    system: {
      roster: duty?.roster
        ? {
            unit: rosterUnit?.name ?? duty.roster.unit,
            ...(rosterUnit?.nameEn ? { unitEn: rosterUnit.nameEn } : {}),
            // a per-unit shift (each 二级部门's 带班) is stated once, with the kind of unit it is at
            shifts: duty.roster.shifts.map((s) => ({
              name: s.name,
              perWorkday: s.count,
              role: roleName.get(s.role) ?? s.role,
              ...(s.perUnit ? { perUnit: s.perUnit } : {}),
            })),
            source: duty.roster.source ?? null,
          }
        : null,
      gridAttendance: duty?.gridAttendance ? { minDaysPerWeek: duty.gridAttendance.minDaysPerWeek, source: duty.gridAttendance.source ?? null } : null,
      obligations: (duty?.obligations ?? []).map((o) => ({
        name: o.name,
        ...(o.nameEn ? { nameEn: o.nameEn } : {}),
        cadence: CADENCE[o.every] ?? `每${o.every}个月`,
        every: o.every,
        scope: o.scope === 'village' ? '各嘎查村（社区）' : '全镇',
        scopeId: o.scope,
        source: o.source ?? null,
      })),
    },
    /** 代办流程 */
    process: (notice?.stages ?? [])
      .filter((s) => machineStages.has(s.stage))
      .map((s) => ({ name: s.name, ...(s.nameEn ? { nameEn: s.nameEn } : {}), description: s.description ?? null })),
    workflow: machine?.name ?? null,
    ...(machine?.nameEn ? { workflowEn: machine.nameEn } : {}),
    /** 时限 */
    timeLimits: clocks.map((c) => ({
      name: c.name,
      ...(c.nameEn ? { nameEn: c.nameEn } : {}),
      days: c.days,
      unit: c.unit === 'workday' ? '工作日' : '自然日',
      unitId: c.unit,
      source: c.source ?? null,
    })),
    /** 代办范围: what is proxied and what is not, and each task group's matters */
    scope: {
      proxied: (triage?.outcomes ?? [])
        .filter((o) => o.proxied)
        .map((o) => ({ name: o.name, ...(o.nameEn ? { nameEn: o.nameEn } : {}), description: o.description ?? null })),
      notProxied: (triage?.outcomes ?? [])
        .filter((o) => !o.proxied)
        .map((o) => ({
          name: o.name,
          ...(o.nameEn ? { nameEn: o.nameEn } : {}),
          description: o.description ?? null,
          when: (triage?.rules ?? [])
            .filter((r) => r.event.params.outcome === o.id)
            .map((r) => ({ name: r.name, reason: general(r.reason), ...(r.reasonEn ? { reasonEn: general(r.reasonEn) } : {}) })),
        })),
      groups: defs.org.groups.map((g) => ({ name: g.name, ...(g.nameEn ? { nameEn: g.nameEn } : {}), leader: g.leader.title, categories: g.categories })),
    },
    /** 服务站点与代办人员: names and office phones only */
    servicePoints: defs.org.units
      .filter((u) => u.type === 'station' || u.type === 'point')
      .map((u) => ({
        name: u.name,
        ...(u.nameEn ? { nameEn: u.nameEn } : {}),
        type: u.type === 'station' ? '服务站' : '服务点',
        typeId: u.type,
        village: u.type === 'point' ? (defs.org.villages.find((v) => v.id === u.village)?.name ?? null) : null,
        officers: unitMembers(defs.org, people, u, officerRoles).map(officer),
      })),
    /** 今日带班、值班 */
    onDutyToday: onDuty,
    /** English names of the roles and shifts named above (officers' roles, the roster), keyed by the Chinese name, where the definitions have them */
    namesEn: namesEn(
      defs.org.roles.filter((r) => officerRoles.includes(r.id) || duty?.roster?.shifts.some((s) => s.role === r.id)),
      duty?.roster?.shifts ?? [],
    ),
    /** 投诉方式 */
    complain: sup
      ? {
          ways: via,
          phone: sup.phone ?? null,
          mailbox: sup.mailbox ?? null,
          replyWithin: replyClock ? { days: replyClock.days, unit: replyClock.unit === 'workday' ? '工作日' : '自然日', unitId: replyClock.unit } : null,
          online:
            sup.public && regForm
              ? {
                  notice: (sup.public.notice ?? '').replace(/\{town\}/g, town) || null,
                  form: publicForm(regForm.schema, [...Object.keys(sup.public.fixed ?? {}), sup.public.dateField]),
                }
              : null,
          source: sup.source ?? null,
        }
      : null,
  }
}

function namesEn(...lists: Array<Array<{ name: string; nameEn?: string }>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const list of lists) for (const x of list) if (x.nameEn) out[x.name] = x.nameEn
  return out
}

/** The register form as the public fills it: the fields the system fills in are left out. */
export function publicForm(schema: Record<string, unknown>, systemFields: string[]): Record<string, unknown> {
  const props = { ...((schema.properties ?? {}) as Record<string, unknown>) }
  for (const f of systemFields) delete props[f]
  const required = ((schema.required ?? []) as string[]).filter((f) => !systemFields.includes(f))
  return { ...schema, properties: props, required }
}
