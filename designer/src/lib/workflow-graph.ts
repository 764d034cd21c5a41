/**
 * A workflow machine (XState JSON config + event catalogue) as a graph to draw: one node per state
 * (compound states hold their children), one edge per source→target pair with every transition on
 * it labelled by its event name and guard; targetless (internal) events listed inside their state.
 * Laid out with dagre (compound), top to bottom.
 */
import dagre from '@dagrejs/dagre'
import { collectTransitions, enterLeaf, pathKey, walkStates } from '../../../engine/workflow/statetree'

export type Lang = 'zh-CN' | 'en'

export interface MachineLike {
  id: string
  name: string
  nameEn?: string
  events: Record<string, { name: string; nameEn?: string; form?: string }>
  stateInfo?: Record<string, { name: string; nameEn?: string; stage?: string }>
  config: Record<string, unknown>
}

export interface WfNode {
  id: string
  /** Display name (stateInfo) */
  label: string
  /** The state's path, e.g. closed.excluded */
  path: string
  kind: 'atomic' | 'compound' | 'final' | 'any' | 'missing'
  initial: boolean
  parent?: string
  /** Targetless transitions: "event name [guard]" */
  internal: string[]
  /** Absolute top-left position and size */
  x: number
  y: number
  width: number
  height: number
  pointer: string
}

export interface WfTransitionLabel {
  event: string
  eventName: string
  guard: string | null
  pointer: string
}

export interface WfEdge {
  id: string
  source: string
  target: string
  transitions: WfTransitionLabel[]
  /** Route computed by dagre (absolute coordinates), when both ends are plain states */
  points?: Array<{ x: number; y: number }>
  /** Centre of the space dagre reserved for the label */
  label?: { x: number; y: number }
}

export interface WfGraph {
  nodes: WfNode[]
  edges: WfEdge[]
  width: number
  height: number
}

const AND = { 'zh-CN': ' 且 ', en: ' and ' }
const OR = { 'zh-CN': ' 或 ', en: ' or ' }
const NOT = { 'zh-CN': '非 ', en: 'not ' }

/** A guard as readable text: `triageIs(outcome=proxy) 且 formHas(field=officer)`. */
export function guardText(guard: unknown, lang: Lang = 'zh-CN'): string {
  if (guard === undefined || guard === null) return ''
  if (typeof guard === 'string') return guard
  if (typeof guard !== 'object') return String(guard)
  const g = guard as { type?: unknown; params?: Record<string, unknown> }
  const type = String(g.type ?? '?')
  const params = g.params ?? {}
  if ((type === 'allOf' || type === 'anyOf' || type === 'and' || type === 'or') && Array.isArray(params.guards)) {
    const parts = (params.guards as unknown[]).map((x) => {
      const t = guardText(x, lang)
      return /^(allOf|anyOf|and|or)$/.test(String((x as { type?: unknown })?.type)) ? `(${t})` : t
    })
    return parts.join(type === 'allOf' || type === 'and' ? AND[lang] : OR[lang])
  }
  if ((type === 'not' || type === 'notOf') && params.guard !== undefined) return NOT[lang] + guardText(params.guard, lang)
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
  const entries = Object.entries(params)
  // One parameter: its value is enough (`triageIs(proxy)`); more: name them.
  const args = entries.length === 1 ? [show(entries[0]![1])] : entries.map(([k, v]) => `${k}=${show(v)}`)
  return args.length ? `${type}(${args.join(', ')})` : type
}

const CHAR = 13 // px per CJK character at the node font size (ASCII is narrower; this errs wide)

function textWidth(s: string): number {
  let w = 0
  for (const ch of s) w += ch.charCodeAt(0) > 255 ? CHAR : CHAR * 0.6
  return w
}

export function workflowToGraph(machine: MachineLike, lang: Lang = 'zh-CN'): WfGraph {
  const config = machine.config
  const list = walkStates(config)
  const { states, transitions } = collectTransitions(config)
  const info = machine.stateInfo ?? {}
  const eventName = (e: string) => {
    const d = machine.events[e]
    return (lang === 'en' ? (d?.nameEn ?? d?.name) : d?.name) ?? e
  }
  const nodes = new Map<string, WfNode>()
  const hasRootEvents = !!config.on && typeof config.on === 'object' && Object.keys(config.on as object).length > 0
  if (hasRootEvents)
    nodes.set('*', {
      id: '*',
      label: lang === 'en' ? 'Any state' : '任意状态',
      path: '*',
      kind: 'any',
      initial: false,
      internal: [],
      x: 0,
      y: 0,
      width: 0,
      height: 0,
      pointer: '/config',
    })
  for (const s of list) {
    if (!s.path.length) continue
    const id = pathKey(s.path)
    const parentPath = s.path.slice(0, -1)
    const parentNode = states.get(pathKey(parentPath))?.node
    const si = info[id]
    const kids = s.node.states && typeof s.node.states === 'object' && Object.keys(s.node.states as object).length > 0
    const node: WfNode = {
      id,
      label: (lang === 'en' ? (si?.nameEn ?? si?.name) : si?.name) ?? s.path[s.path.length - 1]!,
      path: id,
      kind: kids ? 'compound' : s.node.type === 'final' ? 'final' : 'atomic',
      initial: parentNode?.initial === s.path[s.path.length - 1],
      internal: [],
      x: 0,
      y: 0,
      width: 0,
      height: 0,
      pointer: s.pointer,
    }
    if (parentPath.length) node.parent = pathKey(parentPath)
    nodes.set(id, node)
  }

  const edges = new Map<string, WfEdge>()
  for (const t of transitions) {
    const source = t.source.length ? pathKey(t.source) : '*'
    const label: WfTransitionLabel = { event: t.event, eventName: eventName(t.event), guard: guardText(t.transition.guard, lang) || null, pointer: t.pointer }
    if (t.target === null) {
      nodes.get(source)?.internal.push(label.guard ? `${label.eventName} [${label.guard}]` : label.eventName)
      continue
    }
    let target: string
    if (t.target === undefined) {
      target = `?${t.targetText ?? ''}`
      if (!nodes.has(target))
        nodes.set(target, {
          id: target,
          label: `${lang === 'en' ? 'unknown state' : '未知状态'} ${t.targetText ?? ''}`,
          path: target,
          kind: 'missing',
          initial: false,
          internal: [],
          x: 0,
          y: 0,
          width: 0,
          height: 0,
          pointer: t.pointer,
        })
    } else target = pathKey(t.target)
    if (target === source) {
      // A transition back into its own state (re-entry): listed with the internal events.
      nodes.get(source)?.internal.push(`↻ ${label.guard ? `${label.eventName} [${label.guard}]` : label.eventName}`)
      continue
    }
    const key = `${source}->${target}`
    const e = edges.get(key) ?? { id: key, source, target, transitions: [] }
    e.transitions.push(label)
    edges.set(key, e)
  }

  // Layout.
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false })
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 56, edgesep: 16, marginx: 16, marginy: 16 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const n of nodes.values()) {
    if (n.kind === 'compound') {
      g.setNode(n.id, { label: n.label, paddingTop: 36 })
    } else {
      const lines = [n.label, n.path, ...n.internal]
      n.width = Math.ceil(Math.min(320, Math.max(140, ...lines.map((l, i) => textWidth(l) * (i >= 2 ? 0.85 : 1) + 28))))
      n.height = 44 + (n.internal.length ? 10 + n.internal.length * 16 : 0)
      g.setNode(n.id, { width: n.width, height: n.height })
    }
  }
  for (const n of nodes.values()) if (n.parent) g.setParent(n.id, n.parent)
  const leaf = (id: string) => {
    const n = nodes.get(id)
    if (n?.kind !== 'compound') return id
    return pathKey(enterLeaf(states, id.split('.')))
  }
  const layoutEnds = new Map<string, WfEdge>()
  for (const e of edges.values()) {
    const s = leaf(e.source)
    const t = leaf(e.target)
    if (s === t) continue
    if (s === e.source && t === e.target) layoutEnds.set(`${s}->${t}`, e)
    const lines = e.transitions.flatMap((x) => (x.guard ? [x.eventName, x.guard] : [x.eventName]))
    g.setEdge(s, t, { width: Math.min(260, Math.max(...lines.map((l) => textWidth(l) * 0.85)) + 12), height: lines.length * 15 + 6, labelpos: 'c' })
  }
  dagre.layout(g)
  for (const n of nodes.values()) {
    const l = g.node(n.id) as { x: number; y: number; width: number; height: number } | undefined
    if (!l) continue
    n.width = l.width
    n.height = l.height
    n.x = l.x - l.width / 2
    n.y = l.y - l.height / 2
  }
  for (const e of layoutEnds.values()) {
    const l = g.edge(e.source, e.target) as { points?: Array<{ x: number; y: number }>; x?: number; y?: number } | undefined
    if (l?.points?.length) e.points = l.points.map((p) => ({ x: p.x, y: p.y }))
    if (l && typeof l.x === 'number' && typeof l.y === 'number') e.label = { x: l.x, y: l.y }
  }
  // Room for the compound state's title above its children.
  for (const n of nodes.values()) {
    if (n.kind !== 'compound') continue
    n.y -= 24
    n.height += 24
  }
  const gl = g.graph() as { width?: number; height?: number }
  return { nodes: sortParentsFirst([...nodes.values()]), edges: [...edges.values()], width: gl.width ?? 0, height: gl.height ?? 0 }
}

/** xyflow wants a parent before its children. */
function sortParentsFirst(nodes: WfNode[]): WfNode[] {
  const depth = (n: WfNode) => (n.path === '*' || n.kind === 'missing' ? 0 : n.path.split('.').length)
  return [...nodes].sort((a, b) => depth(a) - depth(b))
}

/** A smooth SVG path through dagre's points (the B-spline d3's curveBasis draws). */
export function splinePath(points: Array<{ x: number; y: number }>): string {
  if (points.length === 0) return ''
  const f = (n: number) => Math.round(n * 10) / 10
  const p0 = points[0]!
  if (points.length < 3)
    return (
      `M${f(p0.x)},${f(p0.y)}` +
      points
        .slice(1)
        .map((p) => ` L${f(p.x)},${f(p.y)}`)
        .join('')
    )
  let d = `M${f(p0.x)},${f(p0.y)}`
  let [x0, y0, x1, y1] = [p0.x, p0.y, points[1]!.x, points[1]!.y]
  d += ` L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`
  const curve = (x: number, y: number) => {
    d += ` C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`
    ;[x0, y0, x1, y1] = [x1, y1, x, y]
  }
  for (const p of points.slice(2)) curve(p.x, p.y)
  curve(x1, y1)
  d += ` L${f(x1)},${f(y1)}`
  return d
}
