/**
 * The public intake form, rendered by @rjsf/antd from the scheme's form (loaded lazily: rjsf and
 * ajv are the heavy part). System fields are dropped; validation messages in people's words (checkFields);
 * submit → solve the server's challenge → POST; server refusals shown against their fields
 * (useChallengeSubmit). The field titles are the form definition's (Chinese: the definitions have no
 * English titles); the form's name, rjsf's own words and the messages follow the page's language.
 */
import { useMemo } from 'react'
import { Alert } from 'antd'
import Form from '@rjsf/antd'
import type { UiSchema } from '@rjsf/utils'
import { submitPetition, systemFields, type JsonSchema, type PublicInfo, type Receipt } from './api'
import { roleField } from '../../kit/forms/roles'
import { SubmitButton, useChallengeSubmit } from './useChallengeSubmit'
import { useI18n } from './i18n'
import { SelectWidget } from '../../kit/forms/SelectWidget'

/** The form as citizens see it: without the fields the server fills in. */
export function publicSchema(form: PublicInfo['form']): { schema: JsonSchema; uiSchema: UiSchema } {
  // the fields the server fills (channel, received date, source id) and the phone, by role
  const system = systemFields(form.schema)
  const phone = roleField(form.schema, 'phone')
  const props = { ...(form.schema.properties ?? {}) }
  for (const k of system) delete props[k]
  const schema: JsonSchema = { ...form.schema, properties: props, required: (form.schema.required ?? []).filter((k) => !system.includes(k)) }
  const uiSchema: UiSchema = { ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }
  for (const k of system) delete uiSchema[k]
  const order = uiSchema['ui:order']
  if (Array.isArray(order)) uiSchema['ui:order'] = order.filter((k) => !system.includes(String(k)))
  for (const [k, p] of Object.entries(props)) {
    if (typeof p.maxLength === 'number' && p.maxLength >= 500)
      uiSchema[k] = { 'ui:widget': 'textarea', ...(uiSchema[k] as object | undefined), 'ui:options': { rows: 4 } }
    if (k === phone) uiSchema[k] = { ...(uiSchema[k] as object | undefined), 'ui:options': { inputType: 'tel' } }
  }
  return { schema, uiSchema }
}

const WIDGETS = { SelectWidget }

export default function PetitionForm({ form, onDone }: { form: PublicInfo['form']; onDone: (r: Receipt) => void }) {
  const { t, label } = useI18n()
  const { schema, uiSchema } = useMemo(() => publicSchema(form), [form])
  const system = useMemo(() => systemFields(form.schema), [form])
  const { phase, problem, formProps } = useChallengeSubmit(schema, {
    submit: submitPetition,
    sends: (k) => !system.includes(k),
    onDone,
    onRefused: ([first]) => {
      if (first) setTimeout(() => document.getElementById(`pub_${first}`)?.scrollIntoView({ block: 'center' }), 50)
    },
  })

  return (
    <div className="pub-form" data-testid="petition-form">
      <h2 className="pub-form-title" data-testid="petition-title">
        {label(form)}
      </h2>
      <Form {...formProps} uiSchema={uiSchema} widgets={WIDGETS} idPrefix="pub" experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}>
        {problem ? <Alert className="pub-form-alert" type="error" showIcon title={problem} data-testid="form-error" /> : null}
        <SubmitButton phase={phase} testId="petition-submit" />
        {phase === 'verifying' ? (
          <div className="pub-muted pub-center" data-testid="verifying">
            {t('form.verifying')}
          </div>
        ) : null}
      </Form>
    </div>
  )
}
