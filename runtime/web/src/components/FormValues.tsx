import { Descriptions } from 'antd'
import type { FormDef } from '../api'
import { useI18n } from '../i18n'
import { formRows } from '../schemaUtil'

/** A filled form as label/value pairs, labels from the form schema's titles. */
export function FormValues({ form, data, columns = 2 }: { form: FormDef | undefined; data: Record<string, unknown> | undefined; columns?: number }) {
  const i18n = useI18n()
  if (!data) return null
  const rows = form
    ? formRows(form, data, i18n)
    : Object.entries(data).map(([k, v]) => ({ field: k, title: k, value: typeof v === 'string' ? v : JSON.stringify(v), long: false }))
  if (!rows.length) return null
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: columns, lg: columns, xl: columns, xxl: columns }}
      items={rows.map((r) => ({ key: r.field, label: r.title, children: <span className="prewrap">{r.value}</span>, span: r.long ? 'filled' : 1 }))}
    />
  )
}
