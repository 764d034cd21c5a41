/**
 * Text inputs that stay fast in large forms. rjsf re-renders the whole form on every change; with
 * a 30-field form that is tens of milliseconds a keystroke on an office PC. These inputs keep the
 * text being typed in their own state and hand it to the form when typing pauses (as a low-priority
 * update React can interrupt), on blur, and on Enter — so a blur's validation and a submit always
 * see the latest text.
 */
import { startTransition, useCallback, useEffect, useRef, useState, type ComponentType } from 'react'
import { Templates, Widgets } from '@rjsf/antd'
import type { BaseInputTemplateProps, WidgetProps } from '@rjsf/utils'

/** How long typing must pause before the form gets the text */
export const IDLE_MS = 250

interface Buffered {
  value: unknown
  onChange: (v: unknown) => void
  onBlur: (id: string, v: unknown) => void
  flush: () => void
}

export function useBufferedValue(props: Pick<WidgetProps, 'value' | 'onChange' | 'onBlur'>, idleMs = IDLE_MS): Buffered {
  const [local, setLocal] = useState<unknown>(props.value)
  const pending = useRef(false)
  const latest = useRef<unknown>(props.value)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const onChangeRef = useRef(props.onChange)
  onChangeRef.current = props.onChange
  const onBlurRef = useRef(props.onBlur)
  onBlurRef.current = props.onBlur

  // the form's value wins whenever nothing typed is waiting (a reset, a value set elsewhere)
  useEffect(() => {
    if (!pending.current) {
      latest.current = props.value
      setLocal(props.value)
    }
  }, [props.value])

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    if (!pending.current) return
    pending.current = false
    onChangeRef.current(latest.current)
  }, [])

  useEffect(
    () => () => {
      clearTimeout(timer.current)
    },
    [],
  )

  const onChange = useCallback(
    (v: unknown) => {
      latest.current = v
      pending.current = true
      setLocal(v)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        if (!pending.current) return
        pending.current = false
        startTransition(() => onChangeRef.current(latest.current))
      }, idleMs)
    },
    [idleMs],
  )

  const onBlur = useCallback(
    (id: string, v: unknown) => {
      flush()
      onBlurRef.current(id, v)
    },
    [flush],
  )

  return { value: local, onChange, onBlur, flush }
}

function buffered<P extends WidgetProps>(Inner: ComponentType<P>): ComponentType<P> {
  function BufferedWidget(props: P) {
    const b = useBufferedValue(props)
    return (
      <div
        className="rjsf-buffered"
        onKeyDownCapture={(e) => {
          if (e.key === 'Enter') b.flush()
        }}
      >
        <Inner {...props} value={b.value} onChange={b.onChange} onBlur={b.onBlur} />
      </div>
    )
  }
  BufferedWidget.displayName = `Buffered(${Inner.displayName ?? Inner.name ?? 'Widget'})`
  return BufferedWidget
}

export const BufferedBaseInputTemplate = buffered<BaseInputTemplateProps>(Templates.BaseInputTemplate as ComponentType<BaseInputTemplateProps>)
export const BufferedTextareaWidget = buffered<WidgetProps>(Widgets.TextareaWidget as ComponentType<WidgetProps>)
