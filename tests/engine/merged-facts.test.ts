import { describe, expect, it } from 'vitest'
import { mergedFacts } from '../../engine/workflow/clocks'

describe('mergedFacts (the facts merge of every transition)', () => {
  it('is { ...a, ...b }: later keys win, key order kept, inputs untouched', () => {
    const a = { village: '甲村', count: 1, urgent: false }
    const b = { count: 2, reason: '补充材料' }
    const out = mergedFacts(a, b)
    expect(out).toEqual({ ...a, ...b })
    expect(Object.keys(out)).toEqual(Object.keys({ ...a, ...b }))
    expect(a).toEqual({ village: '甲村', count: 1, urgent: false })
    expect(out).not.toBe(a)
  })

  it('keeps an own "__proto__" key of parsed input as data, never as the prototype', () => {
    const form = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>
    const out = mergedFacts({ y: 2 }, form)
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect((out as { polluted?: unknown }).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true)
    expect(out.x).toBe(1)
    expect(out.y).toBe(2)
  })
})
