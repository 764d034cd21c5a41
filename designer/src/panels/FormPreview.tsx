/** The form being edited, rendered by rjsf exactly as the staff app gets it (org options expanded). */
import { useEffect, useMemo, useState } from 'react'
import { Alert, Empty, Select, Space, Switch, Typography } from 'antd'
import { SchemaForm } from '../rjsf'
import { localName, type PreviewProps } from './ctx'

export default function FormPreview({ load, i18n, cursorFormId, jumpTo }: PreviewProps & { cursorFormId: string | null }) {
  const { t, lang } = i18n
  const forms = useMemo(() => load?.info?.forms ?? [], [load?.info?.forms])
  const [follow, setFollow] = useState(true)
  const [picked, setPicked] = useState<string | null>(null)
  const [data, setData] = useState<Record<string, unknown>>({})
  const [valid, setValid] = useState(false)
  const [invalid, setInvalid] = useState(0)
  const id = (follow && cursorFormId && forms.some((f) => f.id === cursorFormId) ? cursorFormId : picked) ?? forms[0]?.id ?? null
  const form = forms.find((f) => f.id === id) ?? null
  useEffect(() => {
    setData({})
    setValid(false)
    setInvalid(0)
  }, [id])
  const options = useMemo(() => forms.map((f) => ({ value: f.id, label: `${localName(f, lang)}（${f.id}）` })), [forms, lang])
  if (!load?.info) return <Empty description={t('noScheme')} />
  return (
    <div data-testid="form-preview">
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('formPick')}</span>
        <Select
          style={{ width: 280 }}
          aria-label={t('formPick')}
          value={id}
          options={options}
          showSearch
          optionFilterProp="label"
          onChange={(v) => {
            setPicked(v)
            setFollow(false)
          }}
        />
        <Switch checked={follow} onChange={setFollow} size="small" aria-label={t('formFollowCursor')} /> <span>{t('formFollowCursor')}</span>
      </Space>
      {load.infoStale && <Alert type="warning" showIcon title={t('staleInfo')} style={{ marginBottom: 8 }} />}
      {form && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            <a onClick={() => jumpTo(form.file, form.pointer)}>{localName(form, lang)}</a>
          </Typography.Title>
          {form.description && <Typography.Paragraph type="secondary">{form.description}</Typography.Paragraph>}
          {valid && <Alert type="success" showIcon title={t('formValid')} style={{ marginBottom: 8 }} />}
          {invalid > 0 && <Alert type="error" showIcon title={t('formInvalid', { n: invalid })} style={{ marginBottom: 8 }} data-testid="form-invalid" />}
          <SchemaForm
            key={`${form.id}:${lang}`}
            lang={lang}
            schema={form.schema}
            uiSchema={form.uiSchema}
            formData={data}
            onChange={(e) => {
              setData(e.formData as Record<string, unknown>)
              setValid(false)
            }}
            onSubmit={() => {
              setValid(true)
              setInvalid(0)
            }}
            onError={(errors) => {
              setInvalid(errors.length)
              setValid(false)
            }}
            submitText={t('formSubmit')}
          />
        </>
      )}
    </div>
  )
}
