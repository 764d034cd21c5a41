/**
 * Walking an XState JSON config: every state path, every transition with its resolved target.
 * Used by the scheme check (unknown targets, guards, actions, events) and the machine builder
 * (which injects the bookkeeping actions with the statically known target).
 */
export interface StateNodeInfo {
  path: string[]
  /** JSON pointer of the node inside the machine config */
  pointer: string
  node: Record<string, unknown>
}

export interface TransitionInfo {
  source: string[]
  event: string
  /** Pointer of the transition object */
  pointer: string
  transition: Record<string, unknown>
  /** Resolved target path, null for a targetless (self) transition, undefined when unresolvable */
  target: string[] | null | undefined
  targetText?: string
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

export function walkStates(config: Record<string, unknown>, base = '/config'): StateNodeInfo[] {
  const out: StateNodeInfo[] = []
  const visit = (node: Record<string, unknown>, path: string[], pointer: string) => {
    out.push({ path, pointer, node })
    const states = node.states
    if (states && typeof states === 'object') {
      for (const [k, child] of Object.entries(states as Record<string, unknown>)) {
        if (child && typeof child === 'object') visit(child as Record<string, unknown>, [...path, k], `${pointer}/states/${esc(k)}`)
      }
    }
  }
  visit(config, [], base)
  return out
}

export function pathKey(path: string[]): string {
  return path.join('.')
}

export function resolveTarget(states: Map<string, StateNodeInfo>, ids: Map<string, string[]>, source: string[], target: string): string[] | undefined {
  let path: string[]
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.')
    const base = ids.get(id!)
    if (!base) return undefined
    path = [...base, ...rest]
  } else if (target.startsWith('.')) {
    path = [...source, ...target.slice(1).split('.')]
  } else {
    path = [...source.slice(0, -1), ...target.split('.')]
  }
  return states.has(pathKey(path)) ? path : undefined
}

/** Follow `initial` down from a path: the leaf state actually entered. */
export function enterLeaf(states: Map<string, StateNodeInfo>, path: string[]): string[] {
  let cur = path
  for (let i = 0; i < 20; i++) {
    const info = states.get(pathKey(cur))
    const initial = info?.node.initial
    if (typeof initial !== 'string' || !info?.node.states) return cur
    cur = [...cur, initial]
  }
  return cur
}

export function collectTransitions(
  config: Record<string, unknown>,
  base = '/config',
): { states: Map<string, StateNodeInfo>; ids: Map<string, string[]>; transitions: TransitionInfo[] } {
  const list = walkStates(config, base)
  const states = new Map(list.map((s) => [pathKey(s.path), s]))
  const ids = new Map<string, string[]>()
  for (const s of list) if (typeof s.node.id === 'string') ids.set(s.node.id, s.path)
  const transitions: TransitionInfo[] = []
  for (const s of list) {
    const on = s.node.on
    if (!on || typeof on !== 'object') continue
    for (const [event, value] of Object.entries(on as Record<string, unknown>)) {
      const items = Array.isArray(value) ? value : [value]
      items.forEach((t, i) => {
        const pointer = `${s.pointer}/on/${esc(event)}${Array.isArray(value) ? `/${i}` : ''}`
        const tr = (typeof t === 'string' ? { target: t } : (t ?? {})) as Record<string, unknown>
        let target: string[] | null | undefined = null
        let targetText: string | undefined
        if (typeof tr.target === 'string') {
          targetText = tr.target
          target = resolveTarget(states, ids, s.path, tr.target)
        } else if (Array.isArray(tr.target)) {
          targetText = String(tr.target[0])
          target = typeof tr.target[0] === 'string' ? resolveTarget(states, ids, s.path, tr.target[0]) : undefined
        }
        const info: TransitionInfo = { source: s.path, event, pointer, transition: tr, target }
        if (targetText !== undefined) info.targetText = targetText
        transitions.push(info)
      })
    }
  }
  return { states, ids, transitions }
}

/** Does a state path equal or lie inside `prefix` ("closed" contains "closed.excluded")? */
export function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '.')
}
