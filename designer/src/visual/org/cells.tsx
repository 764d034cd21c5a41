/** Table cells that edit one member and show the engine's problem at that member (org and workflow editors). */
import { Input, Select } from 'antd'
import type { ReactNode } from 'react'
import { At, useControlLabel, useProblemsAt } from '../kit'

/** The engine's message under a control, in the cell (tables have no Form.Item). */
export function Help({ pointer, deep = false }: { pointer: string; deep?: boolean }) {
  const { help } = useProblemsAt(pointer, deep)
  return help ? (
    <div style={{ color: '#cf1322', fontSize: 12, lineHeight: '16px', marginTop: 2 }} data-testid="cell-problem">
      {help}
    </div>
  ) : null
}

/** A text input for the member at `pointer`; an emptied optional member is written as absent by the caller. */
export function TextCell({
  pointer,
  value,
  onChange,
  placeholder,
  testid,
  width,
  label,
}: {
  pointer: string
  value: unknown
  onChange(v: string): void
  placeholder?: string
  testid?: string
  width?: number | string
  label?: string
}) {
  const { validateStatus } = useProblemsAt(pointer, true)
  const column = useControlLabel()
  return (
    <At pointer={pointer}>
      <Input
        size="small"
        value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
        status={validateStatus}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testid}
        aria-label={label ?? column}
        style={width !== undefined ? { width } : undefined}
      />
      <Help pointer={pointer} deep />
    </At>
  )
}

/** A select for the member at `pointer`. */
export function SelectCell<V extends string | string[]>({
  pointer,
  value,
  options,
  onChange,
  testid,
  mode,
  placeholder,
  allowClear,
  width,
  extra,
  wrap,
  label,
}: {
  pointer: string
  value: V | undefined
  options: Array<{ value: string; label: ReactNode; title?: string }>
  onChange(v: V): void
  testid?: string
  mode?: 'multiple'
  placeholder?: string
  allowClear?: boolean
  width?: number | string
  extra?: ReactNode
  /** Several values: every tag shown, wrapping (default: as many as fit, then +n) */
  wrap?: boolean
  /** the control's name for assistive technology (default: the table column's title) */
  label?: string
}) {
  const { validateStatus } = useProblemsAt(pointer, true)
  const column = useControlLabel()
  return (
    <At pointer={pointer}>
      <Select
        size="small"
        mode={mode}
        value={value as never}
        options={options}
        onChange={(v) => onChange(v as V)}
        status={validateStatus}
        placeholder={placeholder}
        allowClear={allowClear}
        showSearch={{ optionFilterProp: 'title' }}
        maxTagCount={mode && !wrap ? 'responsive' : undefined}
        style={{ width: width ?? '100%' }}
        data-testid={testid}
        aria-label={label ?? column}
        popupMatchSelectWidth={false}
      />
      {extra}
      <Help pointer={pointer} deep />
    </At>
  )
}
