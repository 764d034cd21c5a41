/**
 * rjsf's antd select without the blank first option when a value is required: rjsf adds an empty
 * option (labelled with the placeholder) to every single select without a schema default, which on
 * a required field offers an answer the form then refuses. Optional fields keep it (it clears the value).
 */
import { useMemo, type ComponentType } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { Widgets } from '@rjsf/antd'

const Base = Widgets.SelectWidget as ComponentType<WidgetProps>

export function SelectWidget(props: WidgetProps) {
  const { required, multiple, schema: given } = props
  const first = props.options.enumOptions?.[0]?.value as unknown
  // the base widget adds the blank option only when the schema has no default; the form's data is not changed by this
  const schema = useMemo(
    () => (required && !multiple && first !== undefined && given.default === undefined ? { ...given, default: first as string } : given),
    [required, multiple, first, given],
  )
  return <Base {...props} schema={schema} />
}
