/** The controls inside the scorecard's cells: what an item reads, its rule, a formula as text, its points with the exceed mark. */
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { Button, Form, Input, InputNumber, Select, Tag, Tooltip, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, useControlLabel, useProblemsAt } from '../kit'
import { useScoring, type Obj } from './ctx'
import { formatFormula } from '../../../../engine/formula/formula'
import {
  checkExceed,
  deepEqual,
  defaultPattern,
  formulaText,
  parseFormula,
  readable,
  readablePattern,
  recognise,
  setItemMax,
  tidy,
  writePattern,
  type Formula,
  type Operand,
  type Pattern,
  type PatternKind,
  PATTERN_KINDS,
} from './model'

const small = { fontSize: 12 } as const

/** A choice of the inputs and rates a formula may read, filtered to what fits. */
export function OperandSelect({
  value,
  onChange,
  fit,
  multiple,
  testId,
  width,
}: {
  value: string | string[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one value or several, by `multiple`
  onChange(v: any): void
  fit(o: Operand): boolean
  multiple?: boolean
  testId: string
  width?: number | string
}) {
  const { cat, t } = useScoring()
  const group = (source: Operand['source']) =>
    cat.operands.filter((o) => o.source === source && fit(o)).map((o) => ({ value: o.path, label: o.title, title: o.path }))
  const options = [
    { label: t('variablesGroup'), options: group('variable') },
    { label: t('inputsGroup'), options: group('input') },
  ].filter((g) => g.options.length)
  return (
    <Select
      size="small"
      data-testid={testId}
      aria-label={useControlLabel()}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('pickOperand')}
      popupMatchSelectWidth={false}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: width ?? 180, maxWidth: '100%' }}
    />
  )
}

/**
 * A json-logic formula as text with its readable rendering. Only valid JSON is written; invalid
 * text is marked on the control and kept here until it parses (or the file changes under it).
 */
export function FormulaText({
  value,
  pointer,
  onValid,
  testId,
  optional,
  condition,
}: {
  value: Formula | undefined
  pointer: string
  onValid(next: Formula | undefined): void
  testId: string
  optional?: boolean
  /** a condition or a count, not an item's score: no pattern wording */ condition?: boolean
}) {
  const { t, cat, lang } = useScoring()
  const shown = (v: Formula | undefined) => (v === undefined ? '' : formulaText(v))
  const [text, setText] = useState(() => shown(value))
  const [error, setError] = useState<string | null>(null)
  const key = JSON.stringify(value ?? null)
  useEffect(() => {
    // The file changed under the control (undo, JSON view): show it, unless the text already says it.
    const p = parseFormula(text)
    if (!(text.trim() === '' && value === undefined) && !(p.ok && deepEqual(p.value, value))) {
      setText(shown(value))
      setError(null)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const problems = useProblemsAt(pointer, true)
  const change = (v: string) => {
    setText(v)
    if (optional && v.trim() === '') {
      setError(null)
      if (value !== undefined) onValid(undefined)
      return
    }
    const p = parseFormula(v)
    if (!p.ok) return setError(p.error)
    setError(null)
    if (!deepEqual(p.value, value)) onValid(p.value)
  }
  return (
    <At pointer={pointer}>
      <Form.Item
        style={{ margin: 0 }}
        validateStatus={error ? 'error' : problems.validateStatus}
        help={error ? t('badJson', { detail: error }) : problems.help}
      >
        <Input.TextArea
          data-testid={testId}
          aria-label={useControlLabel()}
          value={text}
          onChange={(e) => change(e.target.value)}
          autoSize={{ minRows: 1, maxRows: 6 }}
          placeholder={optional ? t('countOptional') : t('formulaHint')}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
        />
      </Form.Item>
      {value !== undefined && (
        <Typography.Text type="secondary" style={small} data-testid="readable">
          {condition ? formatFormula(value, cat.label) : readable(value, cat.label, lang)}
        </Typography.Text>
      )}
    </At>
  )
}

const Num = ({
  value,
  onChange,
  testId,
  min,
  width = 56,
  suffix,
  placeholder,
}: {
  value: number | null
  onChange(v: number | null): void
  testId: string
  min?: number
  width?: number
  suffix?: ReactNode
  placeholder?: string
}) => (
  <InputNumber
    size="small"
    controls={false}
    data-testid={testId}
    aria-label={useControlLabel()}
    value={value}
    min={min}
    onChange={(v) => onChange(typeof v === 'number' ? v : null)}
    suffix={suffix}
    placeholder={placeholder}
    style={{ width }}
  />
)

/** How an item is scored: a table pattern, or its formula as text. */
export function PatternPick({
  item,
  forcedFree,
  setForcedFree,
  onFormula,
}: {
  item: Obj
  forcedFree: boolean
  setForcedFree(v: boolean): void
  onFormula(f: Formula, label: 'u_pattern'): void
}) {
  const { t, cat } = useScoring()
  const recognised = recognise(item.formula)
  const kind: PatternKind = !forcedFree && recognised ? recognised.kind : 'free'
  const pick = (k: PatternKind) => {
    if (k === 'free') return setForcedFree(true)
    setForcedFree(false)
    if (recognised?.kind !== k) onFormula(writePattern(defaultPattern(k, item, cat)), 'u_pattern')
  }
  return (
    <Select
      size="small"
      data-testid="item-pattern"
      aria-label={useControlLabel()}
      value={kind}
      style={{ width: '100%', marginTop: 2 }}
      popupMatchSelectWidth={false}
      onChange={pick}
      options={PATTERN_KINDS.map((k) => ({ value: k, label: t(`k_${k}`) }))}
    />
  )
}

/** The columns of an item's pattern (what it reads, threshold, points, cap…), or its formula as text; with the rule in words. */
export function ItemRule({
  item,
  pointer,
  forcedFree,
  setForcedFree,
  onFormula,
}: {
  item: Obj
  pointer: string
  forcedFree: boolean
  setForcedFree(v: boolean): void
  onFormula(f: Formula, label: 'u_rule' | 'u_formula'): void
}) {
  const { t, cat, lang } = useScoring()
  const p = forcedFree ? null : recognise(item.formula)
  const fPtr = `${pointer}/formula`
  const problems = useProblemsAt(fPtr, true)
  const column = useControlLabel()
  const set = (next: Pattern) => onFormula(writePattern(next), 'u_rule')
  const numeric = (o: Operand) => o.type !== 'boolean'
  // words between the controls never break inside
  const w = (k: Parameters<typeof t>[0]) => <span style={{ whiteSpace: 'nowrap' }}>{t(k)}</span>
  const pts = w('pts')
  const line = { display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', width: '100%' } as const
  let body: ReactNode = null
  // Typing keeps the text area, even when the text becomes a formula the table could show.
  if (!p)
    return (
      <FormulaText
        value={item.formula}
        pointer={fPtr}
        testId="formula-text"
        onValid={(f) => {
          if (f === undefined) return
          setForcedFree(true)
          onFormula(f, 'u_formula')
        }}
      />
    )
  if (p.kind === 'bool') {
    body = (
      <>
        <OperandSelect testId="rule-var" value={p.var} fit={(o) => o.type === 'boolean'} onChange={(v) => set({ ...p, var: v })} width={170} />
        {w('yesGets')}
        <Num testId="rule-points" value={p.points} onChange={(v) => v !== null && set({ ...p, points: v })} />
        {pts}
      </>
    )
  } else if (p.kind === 'rate') {
    body = (
      <>
        <OperandSelect testId="rule-var" value={p.var} fit={numeric} onChange={(v) => set({ ...p, var: v })} width={112} />
        {w('atLeast')}
        <Num
          testId="rule-threshold"
          value={tidy(p.threshold * 100)}
          min={0}
          width={70}
          suffix="%"
          onChange={(v) => v !== null && v > 0 && set({ ...p, threshold: tidy(v / 100) })}
        />
        {w('fullMarks')}
        <Num testId="rule-points" value={p.points} onChange={(v) => v !== null && set({ ...p, points: v })} />
        {w('otherwise')}
        <Select
          size="small"
          data-testid="rule-below"
          aria-label={[column, t('otherwise')].filter(Boolean).join(' · ')}
          value={p.below}
          style={{ width: 82 }}
          onChange={(v) => set({ ...p, below: v })}
          options={[
            { value: 'scaled', label: t('scaled') },
            { value: 'zero', label: t('zero') },
          ]}
        />
      </>
    )
  } else if (p.kind === 'count' || p.kind === 'deduct') {
    const terms = p.terms
    body = (
      <>
        {terms.map((term, i) => (
          <span key={i} style={line}>
            {i > 0 && <span>+</span>}
            <OperandSelect
              testId="rule-var"
              value={term.var}
              fit={numeric}
              width={130}
              onChange={(v) => set({ ...p, terms: terms.map((x, j) => (j === i ? { ...x, var: v } : x)) })}
            />
            {w(p.kind === 'count' ? 'per1' : 'per1minus')}
            <Num
              testId="rule-per"
              value={term.per}
              min={0}
              onChange={(v) => v !== null && v > 0 && set({ ...p, terms: terms.map((x, j) => (j === i ? { ...x, per: v } : x)) })}
            />
            {pts}
            {terms.length > 1 && (
              <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => set({ ...p, terms: terms.filter((_, j) => j !== i) })} />
            )}
          </span>
        ))}
        <span style={line}>
          {w(p.kind === 'count' ? 'capAt' : 'capDeduct')}
          <Num testId="rule-cap" value={p.cap} min={0} placeholder={t('noCap')} width={72} onChange={(v) => set({ ...p, cap: v })} />
          {pts}
          <Tooltip title={t('addTerm')}>
            <Button
              size="small"
              type="text"
              icon={<PlusOutlined />}
              data-testid="rule-add-term"
              onClick={() => set({ ...p, terms: [...terms, { var: terms[terms.length - 1]!.var, per: 1 }] })}
            />
          </Tooltip>
        </span>
      </>
    )
  } else if (p.kind === 'below') {
    body = (
      <>
        <OperandSelect testId="rule-vars" multiple value={p.vars} fit={numeric} width={260} onChange={(v: string[]) => v.length && set({ ...p, vars: v })} />
        {w('belowThreshold')}
        <Num
          testId="rule-threshold"
          value={tidy(p.threshold * 100)}
          min={0}
          width={70}
          suffix="%"
          onChange={(v) => v !== null && set({ ...p, threshold: tidy(v / 100) })}
        />
        {w('eachMinus')}
        <Num testId="rule-per" value={p.per} min={0} onChange={(v) => v !== null && v > 0 && set({ ...p, per: v })} />
        {pts}
      </>
    )
  }
  return (
    <At pointer={fPtr}>
      <Form.Item style={{ margin: 0 }} validateStatus={problems.validateStatus} help={problems.help}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>{body}</div>
      </Form.Item>
      <Typography.Text type="secondary" style={small} data-testid="readable">
        {readablePattern(p, cat.label, lang)}
      </Typography.Text>
    </At>
  )
}

/** An item's points, kept in step with its formula's full marks, and the mark when the formula can exceed them. */
export function MaxCell({ item, section, pointer, onItem }: { item: Obj; section: Obj; pointer: string; onItem(next: Obj): void }) {
  const { t, cat } = useScoring()
  const problems = useProblemsAt(`${pointer}/max`)
  const key = JSON.stringify([item.formula, item.max, section.base, section.floor])
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ex = useMemo(() => checkExceed(item, section, cat), [key, cat])
  let mark: ReactNode = null
  if (ex?.exceeds) {
    const how =
      ex.bound.method === 'analytic' ? t('byPattern') : t('byGrid', { n: ex.bound.points ?? 0 }) + (ex.bound.big ? t('gridBig', { big: ex.bound.big }) : '')
    const what = t(ex.deduction ? 'exceedsDeduct' : 'exceeds', { reach: Number.isFinite(ex.reach) ? tidy(ex.reach) : '∞', max: ex.max })
    mark = (
      <Tooltip title={what + how}>
        <Tag color="error" data-testid="exceed-mark" data-method={ex.bound.method} style={{ marginTop: 4, marginInlineEnd: 0, cursor: 'help' }}>
          {t('noMax')}
        </Tag>
      </Tooltip>
    )
  }
  return (
    <At pointer={`${pointer}/max`}>
      <Form.Item style={{ margin: 0 }} validateStatus={problems.validateStatus} help={problems.help}>
        <InputNumber
          size="small"
          controls={false}
          data-testid="item-max"
          aria-label={useControlLabel()}
          value={typeof item.max === 'number' ? item.max : null}
          min={0}
          style={{ width: 64 }}
          onChange={(v) => onItem(setItemMax(item, typeof v === 'number' ? v : null))}
        />
      </Form.Item>
      {mark}
    </At>
  )
}

/** A name input marked with the problems at its pointer. */
export function NameInput({
  value,
  pointer,
  onChange,
  testId,
  width,
  title,
  label,
}: {
  value: string
  pointer: string
  onChange(v: string): void
  testId: string
  width?: number | string
  title?: string
  /** its name for assistive technology where no column title names it */
  label?: string
}) {
  const problems = useProblemsAt(pointer)
  const column = useControlLabel()
  return (
    <At pointer={pointer}>
      <Form.Item style={{ margin: 0 }} validateStatus={problems.validateStatus} help={problems.help}>
        <Input
          size="small"
          data-testid={testId}
          aria-label={label ?? column}
          value={value}
          title={title}
          onChange={(e) => onChange(e.target.value)}
          style={{ width: width ?? '100%' }}
        />
      </Form.Item>
    </At>
  )
}

/** A number input marked with the problems at its pointer. */
export function NumberAt({
  value,
  pointer,
  onChange,
  testId,
  width,
  min,
  placeholder,
  labelledBy,
}: {
  value: number | null
  pointer: string
  onChange(v: number | null): void
  testId: string
  width?: number
  min?: number
  placeholder?: string
  /** the id(s) of the visible text beside it that names it */
  labelledBy?: string
}) {
  const problems = useProblemsAt(pointer)
  const column = useControlLabel()
  return (
    <At pointer={pointer} inline>
      <Form.Item style={{ margin: 0, display: 'inline-block' }} validateStatus={problems.validateStatus} help={problems.help}>
        <InputNumber
          size="small"
          controls={false}
          data-testid={testId}
          aria-label={labelledBy ? undefined : column}
          aria-labelledby={labelledBy}
          value={value}
          min={min}
          placeholder={placeholder}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
          style={{ width: width ?? 72 }}
        />
      </Form.Item>
    </At>
  )
}
