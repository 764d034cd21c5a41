/**
 * At walk-in registration, who is on duty today (GET /api/duty/:id/today: each shift of the
 * scheme's roster with its people) is offered first as the case's officer. The field filled is the
 * one the engine's assignOfficer action reads (`officer`, engine/workflow/registry.ts) — a platform
 * name, not the seed's — and only when the intake form has it. Users without duty.read, schemes
 * without a roster and days without one see nothing. A per-unit shift's people (each 二级部门's
 * 带班) are on duty at their unit, so they are not offered.
 */
import { useMemo } from 'react'
import { Button, Space, Tag } from 'antd'
import { CheckOutlined, ScheduleOutlined } from '@ant-design/icons'
import type { FormDef } from '../api'
import { useAsync } from '../data'
import { useI18n } from '../i18n'
import { useCan } from '../session'
import { channelsApi } from './api'
import { useT } from './messages'
import { roleField } from '../../kit/forms/roles'

/** The field of a form that plays the officer role (the one the engine's assignOfficer reads). */
export function officerField(form: FormDef | undefined): string | undefined {
  return roleField(form?.schema, 'officer')
}

export interface OnDuty {
  username: string
  name: string
  shift: { id: string; name: string; nameEn?: string }
}

/**
 * Today's people on duty, in the roster's shift order ([] when nobody is on duty or the user may
 * not see the roster); `ready` once known, so the form can start with them offered.
 */
export function useOnDuty(schemeId: string, form: FormDef | undefined): { people: OnDuty[]; ready: boolean } {
  const can = useCan()
  const allowed = can('duty.read')
  const today = useAsync(() => (allowed ? channelsApi.dutyToday(schemeId).catch(() => null) : Promise.resolve(null)), [schemeId, allowed])
  const hasField = officerField(form) !== undefined
  const people = useMemo(() => (hasField ? stationOnDuty(today.data) : []), [today.data, hasField])
  return { people, ready: !allowed || !today.loading }
}

/**
 * The people of today's roster (GET /api/duty/:id/today) to offer, each once, in shift order. A
 * per-unit shift's people (each 二级部门's 带班) are on duty at their unit, not where walk-ins are
 * registered: left out.
 */
export function stationOnDuty(
  today: { shifts: Array<{ id: string; name: string; nameEn?: string; unit?: string; people: Array<{ username: string; name: string }> }> } | null | undefined,
): OnDuty[] {
  const out: OnDuty[] = []
  for (const sh of today?.shifts ?? []) {
    if (sh.unit) continue
    for (const p of sh.people)
      if (!out.some((o) => o.username === p.username))
        out.push({ username: p.username, name: p.name, shift: { id: sh.id, name: sh.name, ...(sh.nameEn ? { nameEn: sh.nameEn } : {}) } })
  }
  return out
}

/** The on-duty people as a form with their names offered first (a datalist on the officer field). */
export function withDutyOptions(form: FormDef, people: OnDuty[]): FormDef {
  const field = officerField(form)
  const prop = field === undefined ? undefined : form.schema.properties?.[field]
  if (!field || !prop || !people.length || prop.enum || prop.oneOf) return form
  const names = people.map((p) => p.name)
  const rest = (Array.isArray(prop.examples) ? prop.examples : []).filter((x) => !names.includes(x as string))
  return { ...form, schema: { ...form.schema, properties: { ...form.schema.properties, [field]: { ...prop, examples: [...names, ...rest] } } } }
}

export function DutySuggestion({ people, current, onPick }: { people: OnDuty[]; current: unknown; onPick: (name: string) => void }) {
  const t = useT()
  const i18n = useI18n()
  if (!people.length) return null
  return (
    <div
      className="duty-suggestion"
      data-testid="duty-suggestion"
      style={{ margin: '0 0 12px', padding: '8px 10px', background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 4 }}
    >
      <Space wrap size={8}>
        <strong>
          <ScheduleOutlined /> {t('duty.today')}
        </strong>
        {people.map((p) => {
          const chosen = current === p.name
          return (
            <Space key={p.username} size={4} data-testid={`duty-person-${p.username}`}>
              <Tag color="green">{i18n.label(p.shift)}</Tag>
              <span>{p.name}</span>
              <Button
                size="small"
                type={chosen ? 'default' : 'primary'}
                ghost={!chosen}
                icon={chosen ? <CheckOutlined /> : undefined}
                disabled={chosen}
                onClick={() => onPick(p.name)}
                data-testid={`duty-fill-${p.username}`}
              >
                {t('duty.fill')}
              </Button>
            </Space>
          )
        })}
      </Space>
    </div>
  )
}
