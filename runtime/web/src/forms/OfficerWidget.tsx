/**
 * The officer field as a pick-list (issue #18 §4): the accounts holding an officer role in the
 * case's scheme and jurisdiction (GET /api/schemes/:id/officers), shown and stored by display
 * name — the value cases have always stored. The form's context gives the scheme and the village
 * (the case's, or the village chosen on the same form). A value already there that is not on the
 * list (an older case, a person on duty offered at registration) stays selectable, never typed;
 * today's people on duty (`examples`, ../channels/DutySuggestion) come first.
 */
import { useMemo } from 'react'
import { Select } from 'antd'
import type { WidgetProps } from '@rjsf/utils'
import { api, cached, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'

/** What a form tells its widgets about the case it is for (rjsf's formContext). */
export interface OrgFormContext {
  schemeId?: string
  /** The case's village (or the one chosen on the form): the officers are those of its jurisdiction */
  village?: string
}

const TEXT = {
  zh: { pick: '请选择代办员', none: '本辖区没有持代办员角色的账号', failed: '代办员名单读取失败' },
  en: { pick: 'Choose an officer', none: 'No account holds an officer role here', failed: 'Could not load the officers' },
}

type Officer = { name: string; roles: Array<{ id: string; name: string; nameEn?: string }>; village: string | null }

function loadOfficers(schemeId: string, village: string | undefined): Promise<Officer[]> {
  return cached(`officers:${schemeId}:${village ?? ''}`, async () => {
    const r = (await api.client.request('get', '/api/schemes/:id/officers', { params: { id: schemeId }, query: village ? { village } : {} })) as {
      items: Officer[]
    }
    return r.items
  })
}

export function OfficerWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, onChange, onBlur, onFocus, registry, schema, placeholder } = props
  const i18n = useI18n()
  const text = TEXT[i18n.lang === 'en' ? 'en' : 'zh']
  const ctx = (registry.formContext ?? {}) as OrgFormContext
  const current = useSchemeId()
  const schemeId = ctx.schemeId ?? current
  const village = ctx.village || undefined
  const list = useAsync(() => loadOfficers(schemeId, village), [schemeId, village])
  const options = useMemo(() => {
    const listed = (list.data ?? []).map((o) => ({
      value: o.name,
      title: o.name,
      label: `${o.name}（${o.roles.map((r) => i18n.label(r)).join('、')}${o.village ? ` · ${o.village}` : ''}）`,
      search: o.name,
    }))
    // people offered first (today's duty roster: `examples`), then the officers, then a value already saved
    const offered = (Array.isArray(schema.examples) ? (schema.examples as unknown[]) : []).filter((x): x is string => typeof x === 'string' && x !== '')
    const out: typeof listed = []
    for (const name of offered)
      if (!out.some((o) => o.value === name)) out.push(listed.find((o) => o.value === name) ?? { value: name, title: name, label: name, search: name })
    for (const o of listed) if (!out.some((x) => x.value === o.value)) out.push(o)
    if (typeof value === 'string' && value !== '' && !out.some((o) => o.value === value)) out.push({ value, title: value, label: value, search: value })
    return out
  }, [list.data, schema.examples, value, i18n])
  return (
    <Select
      id={id}
      data-testid="officer-select"
      style={{ width: '100%' }}
      value={typeof value === 'string' && value !== '' ? value : undefined}
      options={options}
      loading={list.loading}
      disabled={disabled || readonly}
      allowClear
      showSearch={{
        filterOption: (input, o) =>
          String((o as { search?: string } | undefined)?.search ?? '')
            .toLowerCase()
            .includes(input.toLowerCase()),
      }}
      placeholder={placeholder || text.pick}
      notFoundContent={list.error ? text.failed : text.none}
      onChange={(v: string | undefined) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      getPopupContainer={(n: HTMLElement) => n.parentElement ?? document.body}
    />
  )
}
