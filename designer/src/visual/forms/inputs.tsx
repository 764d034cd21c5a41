/** Small inputs of the form builder that keep what is typed while the draft catches up (IME, undo). */
import { useRef, useState } from 'react'
import { Input } from 'antd'
import type { InputProps } from 'antd'
import type { TextAreaProps } from 'antd/es/input'

/** Follows `value` when it changes from outside (undo, another view); writes each change through `onText`. */
function useBuffered(value: string, onText: (v: string) => void): [string, (v: string) => void] {
  const [v, setV] = useState(value)
  const last = useRef(value)
  if (value !== last.current) {
    last.current = value
    if (v !== value) setV(value)
  }
  return [
    v,
    (next: string) => {
      setV(next)
      last.current = next
      onText(next)
    },
  ]
}

export function TextInput({ value, onText, ...rest }: Omit<InputProps, 'value' | 'onChange'> & { value: string; onText(v: string): void }) {
  const [v, set] = useBuffered(value, onText)
  return <Input {...rest} value={v} onChange={(e) => set(e.target.value)} />
}

export function TextArea({ value, onText, ...rest }: Omit<TextAreaProps, 'value' | 'onChange'> & { value: string; onText(v: string): void }) {
  const [v, set] = useBuffered(value, onText)
  return <Input.TextArea {...rest} value={v} onChange={(e) => set(e.target.value)} />
}
