/** The Galutu workflow as a diagram: states, compound states, transitions with event names and guards. */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { workflowToGraph, guardText, splinePath, type MachineLike } from '../../designer/src/lib/workflow-graph'

const wf = JSON.parse(readFileSync('definitions/galutu/workflow.json', 'utf8')) as { machines: MachineLike[] }
const caseMachine = wf.machines.find((m) => m.id === 'case')!

describe('workflow → graph', () => {
  const g = workflowToGraph(caseMachine, 'zh-CN')
  const node = (id: string) => g.nodes.find((n) => n.id === id)!

  it('has a node per state, named from stateInfo, with the compound state holding its children', () => {
    for (const s of Object.keys(caseMachine.config.states as object)) expect(node(s), s).toBeTruthy()
    expect(node('intake').label).toBe('待甄别')
    expect(node('intake').initial).toBe(true)
    expect(node('archived').kind).toBe('final')
    expect(node('closed').kind).toBe('compound')
    const kids = g.nodes
      .filter((n) => n.parent === 'closed')
      .map((n) => n.id)
      .sort()
    expect(kids).toEqual(['closed.answeredOnSpot', 'closed.declined', 'closed.excluded', 'closed.legalChannel'])
    expect(node('closed.excluded').initial).toBe(true)
    // Parents come before children (xyflow needs that).
    expect(g.nodes.findIndex((n) => n.id === 'closed')).toBeLessThan(g.nodes.findIndex((n) => n.id === 'closed.excluded'))
  })

  it('labels transitions with the event name and a readable guard', () => {
    const toHandling = g.edges.find((e) => e.source === 'intake' && e.target === 'handling')!
    expect(toHandling.transitions.map((t) => t.eventName)).toEqual(['登记并甄别受理', '登记并甄别受理'])
    expect(toHandling.transitions[0]!.guard).toBe('triageIs(proxy) 且 formHas(officer)')
    expect(toHandling.transitions[0]!.pointer).toBe('/config/states/intake/on/REGISTER/0')
    const excluded = g.edges.find((e) => e.source === 'intake' && e.target === 'closed.excluded')!
    expect(excluded.transitions[0]!.guard).toBe('triageIs(excluded)')
    // A transition declared on the compound state starts there.
    expect(g.edges.some((e) => e.source === 'closed' && e.target === 'archived')).toBe(true)
    // Review upheld goes back to handling.
    expect(g.edges.find((e) => e.source === 'review' && e.target === 'handling')!.transitions[0]!.guard).toBe('formEquals(field=upheld, value=true)')
  })

  it('lists targetless events inside their state', () => {
    const h = node('handling')
    expect(h.internal).toEqual(expect.arrayContaining(['派发处置单', '领导批示']))
    expect(h.internal.some((x) => x.startsWith('登记部门答复 [dispatchedTo('))).toBe(true)
  })

  it('is laid out: positive sizes, children inside their parent, no two plain states overlapping', () => {
    for (const n of g.nodes) {
      expect(n.width).toBeGreaterThan(0)
      expect(n.height).toBeGreaterThan(0)
    }
    const closed = node('closed')
    for (const k of g.nodes.filter((n) => n.parent === 'closed')) {
      expect(k.x).toBeGreaterThanOrEqual(closed.x)
      expect(k.x + k.width).toBeLessThanOrEqual(closed.x + closed.width + 0.5)
      expect(k.y).toBeGreaterThanOrEqual(closed.y)
    }
    const plain = g.nodes.filter((n) => n.kind !== 'compound')
    for (const a of plain)
      for (const b of plain) {
        if (a === b) continue
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true)
      }
    // dagre's routes and label places are kept for edges between plain states.
    const e = g.edges.find((x) => x.source === 'followUp' && x.target === 'archiving')!
    expect(e.points!.length).toBeGreaterThanOrEqual(2)
    expect(splinePath(e.points!)).toMatch(/^M[\d.]+,[\d.]+ /)
  })

  it('shows an unknown target as a red "missing" node instead of failing', () => {
    const broken = structuredClone(caseMachine)
    ;(broken.config.states as Record<string, { on: Record<string, unknown> }>).followUp!.on.FOLLOW_UP = { target: 'nowhere' }
    const b = workflowToGraph(broken, 'en')
    expect(b.nodes.find((n) => n.id === '?nowhere')!.kind).toBe('missing')
    expect(b.edges.some((e) => e.source === 'followUp' && e.target === '?nowhere')).toBe(true)
    expect(b.nodes.find((n) => n.id === 'intake')!.label).toBe('Awaiting triage')
  })

  it('formats nested guards', () => {
    expect(guardText({ type: 'allOf', params: { guards: [{ type: 'a' }, { type: 'anyOf', params: { guards: [{ type: 'b' }, 'c'] } }] } })).toBe('a 且 (b 或 c)')
    expect(guardText({ type: 'not', params: { guard: { type: 'x', params: { k: 1 } } } }, 'en')).toBe('not x(1)')
    expect(guardText(undefined)).toBe('')
  })

  it('draws the complaint workflow too', () => {
    const c = workflowToGraph(
      wf.machines.find((m) => m.id === 'complaint')!,
      'zh-CN',
    )
    expect(c.nodes.map((n) => n.id).sort()).toEqual(['open', 'received', 'replied'])
  })
})
