/**
 * rjsf's antd select for the web apps (the staff app, the public page, the designer's preview):
 * - without the blank first option when a value is required: rjsf adds an empty option (labelled
 *   with the placeholder) to every single select without a schema default, which on a required
 *   field offers an answer the form then refuses. Optional fields keep it (it clears the value).
 * - the select that picks a oneOf/anyOf branch is named by the field's title: rjsf's field label
 *   points at the field's id, not at this select's, and the antd widget passes no aria-label on,
 *   so the select had no name (axe: label).
 */
import { useMemo, type ComponentType } from 'react'
import { Select } from 'antd'
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils'
import { Widgets } from '@rjsf/antd'

const Base = Widgets.SelectWidget as ComponentType<WidgetProps>

/** rjsf names the branch select of a oneOf/anyOf field `<field>__oneof_select` / `__anyof_select`. */
const isBranchSelect = (name: unknown) => /__(one|any)of_select$/.test(String(name))

export function SelectWidget(props: WidgetProps) {
  return isBranchSelect(props.name) ? <BranchSelect {...props} /> : <ChoiceSelect {...props} />
}

function ChoiceSelect(props: WidgetProps) {
  const { required, multiple, schema: given } = props
  const first = props.options.enumOptions?.[0]?.value as unknown
  // the base widget adds the blank option only when the schema has no default; the form's data is not changed by this
  const schema = useMemo(
    () => (required && !multiple && first !== undefined && given.default === undefined ? { ...given, default: first as string } : given),
    [required, multiple, first, given],
  )
  return <Base {...props} schema={schema} />
}

function BranchSelect(props: WidgetProps) {
  const { id, label, value, options, disabled, readonly, onChange, onBlur, onFocus } = props
  return (
    <Select
      id={id}
      aria-label={label}
      aria-describedby={ariaDescribedByIds(id)}
      value={value as number | undefined}
      disabled={disabled || readonly}
      style={{ width: '100%' }}
      options={(options.enumOptions ?? []).map((o) => ({ value: o.value as number, label: o.label }))}
      onChange={(v: number) => onChange(v)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  )
}
