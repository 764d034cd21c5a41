/**
 * Every form of the scheme, rendered by @rjsf/antd from its JSON Schema and uiSchema. Loaded lazily
 * (rjsf and ajv are the heaviest part of the app). Validation: inline, in the user's language
 * (ajv-i18n), on blur and on submit, so typing stays fast; the server's refusals are placed against
 * the fields they name and disappear once the field is edited.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { Button, Space } from 'antd'
import Form from '@rjsf/antd'
import type { IChangeEvent } from '@rjsf/core'
import type { ErrorSchema, ObjectFieldTemplateProps, RJSFSchema, RJSFValidationError } from '@rjsf/utils'
import localizeZh from 'ajv-i18n/localize/zh'
import type { FieldProblem, FormDef } from '../api'
import { useI18n, type Lang } from '../i18n'
import { isLongField, prepareForm, type JsonSchemaLike } from '../schemaUtil'
import { pruneErrors, toErrorSchema, type ErrorNode } from '../fieldErrors'
import { transformErrorsFor, translatorFor } from './rjsfStrings'
import { BufferedBaseInputTemplate, BufferedTextareaWidget } from './buffered'
import { loadPatterns } from '../../kit/forms/patterns'
import { createFormValidator, type FormValidator } from '../../kit/forms/validator'
import { OfficerWidget, type OrgFormContext } from './OfficerWidget'
import { roleField } from '../../kit/forms/roles'
import { hasConditions } from '../../../../engine/scheme/form-fields'
import { SelectWidget } from '../../kit/forms/SelectWidget'

type Validator = FormValidator
const validators: Partial<Record<Lang, Validator>> = {}

/**
 * ajv compiles schemas to functions (`new Function`). Under a Content Security Policy without
 * 'unsafe-eval' (the server's) that is refused: the form then skips its own schema checks and the
 * server's refusals, placed against their fields, are what the user sees.
 */
const evalAllowed: boolean = (() => {
  try {
    return (new Function('return true') as () => boolean)() === true
  } catch {
    return false
  }
})()

function serverOnly(v: Validator): Validator {
  const w = Object.create(v) as Validator
  w.rawValidation = (() => ({ errors: [], validationError: undefined })) as Validator['rawValidation']
  return w
}

/** The apps' one form validator (./validator.ts: the server's configuration, patterns on the linear engine), in the user's language. */
export function validatorFor(lang: Lang): Validator {
  return (validators[lang] ??= ((v: Validator) => (evalAllowed ? v : serverOnly(v)))(createFormValidator(lang === 'zh' ? localizeZh : undefined)))
}

export interface Refusal {
  problems: FieldProblem[]
  /** The data that was refused, to tell which fields the user edited since */
  data: Record<string, unknown>
}

export interface SchemaFormProps {
  form: FormDef
  initialData?: Record<string, unknown>
  /** Called on every change with the whole data (keep it cheap) */
  onChange?: (data: Record<string, unknown>) => void
  onSubmit: (data: Record<string, unknown>) => void
  refusal?: Refusal | null
  submitting?: boolean
  submitLabel?: string
  disabled?: boolean
  /** Buttons shown after the submit button */
  extraButtons?: ReactNode
  /** The case the form is for (its scheme and village): the officer pick-list lists that jurisdiction */
  context?: OrgFormContext
}

type Data = Record<string, unknown>

/** `.units.0`, `units[0]` or `units` → `units` */
function topField(property: string | undefined): string {
  return (property ?? '').replace(/^\./, '').split(/[.[]/)[0] ?? ''
}

/**
 * Fields on a two-column grid (one column on phones, by CSS): long text, lists and groups take a
 * whole row. Replaces antd's template, whose spans do not follow the screen width.
 */
function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { properties, title, description, fieldPathId } = props
  const isRoot = fieldPathId.path.length === 0
  return (
    <fieldset id={fieldPathId.$id} className="rjsf-grid-fieldset">
      {!isRoot && title ? <legend className="rjsf-legend">{title}</legend> : null}
      {!isRoot && description ? <div className="muted">{description}</div> : null}
      <div className="rjsf-grid">
        {properties
          .filter((p) => !p.hidden)
          .map((p) => {
            const el = p.content.props as { schema?: JsonSchemaLike; uiSchema?: Record<string, unknown> }
            const s = el.schema
            const wide = isLongField(s, el.uiSchema) || s?.type === 'object' || el.uiSchema?.['ui:widget'] === 'checkboxes'
            return (
              <div key={p.name} className={wide ? 'rjsf-cell wide' : 'rjsf-cell'}>
                {p.content}
              </div>
            )
          })}
      </div>
    </fieldset>
  )
}
/** Refusals are shown against their fields; nothing to log */
const showInline = () => {}
const TEMPLATES = { ObjectFieldTemplate, BaseInputTemplate: BufferedBaseInputTemplate }
const WIDGETS = { TextareaWidget: BufferedTextareaWidget, OfficerWidget, SelectWidget }
// rjsf 6.11 pre-sets a required yes/no without default to false (否): an unanswered 矛盾已化解 would be
// saved as 否 and count against the 化解率. Unanswered stays unanswered; `required` flags it.
const DEFAULT_STATE = { constAsDefaults: 'never' as const, requiredBooleanDefault: 'skip' as const }

/**
 * The category and level a decision routes by are required whenever the case is taken on (the
 * engine asks for them then: MISSING_FACT), not by the schema's `required` — which would refuse a
 * petition answered on the spot. They carry the required mark all the same (styles.css).
 */
function markDecisionFacts<T extends ReturnType<typeof prepareForm>>(p: T): T {
  const required = new Set((p.schema as { required?: string[] }).required ?? [])
  let uiSchema = p.uiSchema
  for (const role of ['category', 'level']) {
    const f = roleField(p.schema, role)
    if (!f || required.has(f)) continue
    const u = (uiSchema?.[f] ?? {}) as Record<string, unknown>
    const cls = [u['ui:classNames'], 'daiban-required-mark'].filter(Boolean).join(' ')
    uiSchema = { ...uiSchema, [f]: { ...u, 'ui:classNames': cls } }
  }
  return uiSchema === p.uiSchema ? p : { ...p, uiSchema }
}

function SchemaFormImpl(props: SchemaFormProps) {
  const { form, refusal, submitting, disabled } = props
  const i18n = useI18n()
  const prepared = useMemo(() => markDecisionFacts(prepareForm(form)), [form])
  // A form with conditions (issue #16) drops the value of a field as soon as the condition hides it:
  // the server refuses a field that does not apply, and nobody could see or clear a hidden one.
  const conditional = useMemo(() => hasConditions(prepared.schema as Record<string, unknown>), [prepared.schema])
  const validator = validatorFor(i18n.lang)
  useEffect(() => void loadPatterns(), [])
  const translateString = useMemo(() => translatorFor(i18n.lang), [i18n.lang])
  // Errors show for the fields the user has left, and for all of them once a submit was tried —
  // not for every required field the moment the first one is blurred.
  const touched = useRef(new Set<string>())
  const submitted = useRef(false)
  const transformErrors = useMemo(() => {
    const localize = transformErrorsFor(i18n.lang, prepared.schema)
    return (errors: RJSFValidationError[]) => localize(errors).filter((e) => submitted.current || touched.current.has(topField(e.property)))
  }, [i18n.lang, prepared.schema])
  const fieldNames = useMemo(() => Object.keys(prepared.schema.properties ?? {}).sort((a, b) => b.length - a.length), [prepared.schema])
  const handleBlur = useCallback(
    (id: string) => {
      const rest = id.startsWith(`${form.id}_`) ? id.slice(form.id.length + 1) : id
      const name = fieldNames.find((n) => rest === n || rest.startsWith(`${n}_`))
      if (name) touched.current.add(name)
    },
    [form.id, fieldNames],
  )
  const [initial] = useState<Data>(() => props.initialData ?? {})
  // a form with its own village field (the intake): the officers offered are that village's
  const villageField = useMemo(() => roleField(prepared.schema, 'village'), [prepared.schema])
  const [liveVillage, setLiveVillage] = useState<string | undefined>(() =>
    villageField && typeof initial[villageField] === 'string' ? (initial[villageField] as string) : undefined,
  )
  const formContext = useMemo<OrgFormContext>(() => {
    const village = villageField ? liveVillage : props.context?.village
    return { ...(props.context?.schemeId ? { schemeId: props.context.schemeId } : {}), ...(village ? { village } : {}) }
  }, [villageField, liveVillage, props.context?.schemeId, props.context?.village])

  const [extraErrors, setExtraErrors] = useState<ErrorNode | undefined>(undefined)
  const refusalRef = useRef(refusal)
  useEffect(() => {
    refusalRef.current = refusal
    setExtraErrors(refusal ? toErrorSchema(refusal.problems, prepared.schema).errorSchema : undefined)
  }, [refusal, prepared.schema])

  const onChangeRef = useRef(props.onChange)
  onChangeRef.current = props.onChange
  const onSubmitRef = useRef(props.onSubmit)
  onSubmitRef.current = props.onSubmit

  const handleChange = useCallback(
    (e: IChangeEvent<Data>) => {
      const data = e.formData ?? {}
      const r = refusalRef.current
      if (r) setExtraErrors((cur) => pruneErrors(cur, r.data, data))
      if (villageField) {
        const v = data[villageField]
        setLiveVillage(typeof v === 'string' && v ? v : undefined)
      }
      onChangeRef.current?.(data)
    },
    [villageField],
  )
  const handleSubmit = useCallback((e: IChangeEvent<Data>) => onSubmitRef.current(e.formData ?? {}), [])

  return (
    <div
      onSubmitCapture={() => {
        submitted.current = true
      }}
    >
      <Form
        className="daiban-form"
        schema={prepared.schema as RJSFSchema}
        uiSchema={prepared.uiSchema}
        validator={validator}
        initialFormData={initial}
        idPrefix={form.id}
        templates={TEMPLATES}
        widgets={WIDGETS}
        formContext={formContext}
        experimental_defaultFormStateBehavior={DEFAULT_STATE}
        omitExtraData={conditional}
        liveOmit={conditional}
        extraErrors={extraErrors as ErrorSchema<Data> | undefined}
        liveValidate="onBlur"
        showErrorList={false}
        focusOnFirstError
        noHtml5Validate
        transformErrors={transformErrors}
        translateString={translateString}
        disabled={disabled || submitting}
        onChange={handleChange}
        onSubmit={handleSubmit}
        onError={showInline}
        onBlur={handleBlur}
      >
        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={submitting} disabled={disabled} data-testid={`submit-${form.id}`}>
            {props.submitLabel ?? i18n.t('common.submit')}
          </Button>
          {props.extraButtons}
        </Space>
      </Form>
    </div>
  )
}

const SchemaForm = memo(SchemaFormImpl)
export default SchemaForm
