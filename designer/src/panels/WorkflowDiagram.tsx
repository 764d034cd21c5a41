/** The workflow drawn from its JSON: states, transitions labelled with event names and guards (dagre layout). */
import { memo, useMemo, useState } from 'react'
import { Alert, Empty, Select, Space, Tag, Typography } from 'antd'
import {
  ReactFlow,
  Background,
  Controls,
  Handle,
  Position,
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  MarkerType,
  type Node,
  type Edge,
  type NodeProps,
  type EdgeProps,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { splinePath, workflowToGraph, type WfNode, type WfTransitionLabel } from '../lib/workflow-graph'
import { localName, type PreviewProps } from './ctx'

type StateData = { node: WfNode; internalTitle: string; onOpen(pointer: string): void }
type EdgeData = { transitions: WfTransitionLabel[]; points?: Array<{ x: number; y: number }>; label?: { x: number; y: number }; onOpen(pointer: string): void }

const StateNode = memo(function StateNode({ data }: NodeProps<Node<StateData>>) {
  const n = data.node
  const border = n.kind === 'missing' ? '#ff4d4f' : n.kind === 'final' ? '#595959' : n.initial ? '#1677ff' : '#8c8c8c'
  return (
    <div
      onDoubleClick={() => data.onOpen(n.pointer)}
      title={n.path}
      style={{
        width: n.width,
        height: n.height,
        boxSizing: 'border-box',
        border: `${n.kind === 'final' ? 3 : 1.5}px ${n.kind === 'final' ? 'double' : 'solid'} ${border}`,
        borderRadius: 8,
        background: n.kind === 'missing' ? '#fff1f0' : n.initial ? '#e6f4ff' : '#fff',
        padding: '4px 8px',
        fontSize: 12,
        lineHeight: '16px',
        overflow: 'hidden',
      }}
    >
      <Handle type="target" position={Position.Top} style={{ opacity: 0 }} />
      <div style={{ fontWeight: 600, fontSize: 13 }}>
        {n.initial ? '▶ ' : ''}
        {n.label}
      </div>
      <div style={{ color: '#595959', fontFamily: 'monospace', fontSize: 11 }}>{n.path}</div>
      {n.internal.length > 0 && (
        <div style={{ marginTop: 4, borderTop: '1px dashed #d9d9d9', paddingTop: 2, color: '#595959', fontSize: 11 }}>
          {n.internal.map((x, i) => (
            <div key={i} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              · {x}
            </div>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} />
    </div>
  )
})

const GroupNode = memo(function GroupNode({ data }: NodeProps<Node<StateData>>) {
  const n = data.node
  return (
    <div
      onDoubleClick={() => data.onOpen(n.pointer)}
      style={{
        width: n.width,
        height: n.height,
        border: '1.5px dashed #722ed1',
        borderRadius: 10,
        background: 'rgba(249, 240, 255, 0.5)',
        boxSizing: 'border-box',
      }}
    >
      <Handle type="target" position={Position.Top} style={{ opacity: 0 }} />
      <div style={{ padding: '4px 10px', fontWeight: 600, color: '#531dab', fontSize: 13 }}>
        {n.label} <span style={{ fontFamily: 'monospace', fontWeight: 400, color: '#595959', fontSize: 11 }}>{n.path}</span>
      </div>
      <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} />
    </div>
  )
})

function TransitionEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<Edge<EdgeData>>) {
  // dagre's own route and label place when it laid the edge out; otherwise a plain curve.
  const [bPath, bx, by] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })
  const path = data?.points ? splinePath(data.points) : bPath
  const lx = data?.label?.x ?? bx
  const ly = data?.label?.y ?? by
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: '#8c8c8c', strokeWidth: 1.3 }} />
      <EdgeLabelRenderer>
        <div
          className="nodrag nopan"
          style={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)`,
            pointerEvents: 'all',
            background: 'rgba(255,255,255,0.92)',
            border: '1px solid #f0f0f0',
            borderRadius: 4,
            padding: '1px 4px',
            fontSize: 11,
            lineHeight: '14px',
            maxWidth: 260,
          }}
        >
          {data?.transitions.map((x, i) => (
            <div key={i} onDoubleClick={() => data.onOpen(x.pointer)} style={{ cursor: 'pointer' }} data-testid="wf-edge-label">
              <span style={{ color: '#1d39c4' }}>{x.eventName}</span>
              {x.guard && <div style={{ color: '#595959', fontFamily: 'monospace', fontSize: 10 }}>[{x.guard}]</div>}
            </div>
          ))}
        </div>
      </EdgeLabelRenderer>
    </>
  )
}

const nodeTypes = { state: StateNode, stateGroup: GroupNode }
const edgeTypes = { transition: TransitionEdge }

export default function WorkflowDiagram({ load, i18n, jumpTo, cursorMachineId }: PreviewProps & { cursorMachineId: string | null }) {
  const { t, lang } = i18n
  const machines = load?.info?.machines ?? []
  const [picked, setPicked] = useState<string | null>(null)
  const id = (cursorMachineId && machines.some((m) => m.id === cursorMachineId) ? cursorMachineId : picked) ?? machines[0]?.id ?? null
  const machine = machines.find((m) => m.id === id) ?? null
  const graph = useMemo(() => {
    if (!machine) return null
    try {
      return { ok: true as const, g: workflowToGraph(machine, lang) }
    } catch (e) {
      return { ok: false as const, error: (e as Error).message }
    }
  }, [machine, lang])
  const { nodes, edges } = useMemo(() => {
    if (!graph?.ok || !machine) return { nodes: [] as Node[], edges: [] as Edge[] }
    const open = (pointer: string) => jumpTo(machine.file, machine.pointer + pointer)
    const byId = new Map(graph.g.nodes.map((n) => [n.id, n]))
    const nodes: Node[] = graph.g.nodes.map((n) => {
      const parent = n.parent ? byId.get(n.parent) : undefined
      return {
        id: n.id,
        type: n.kind === 'compound' ? 'stateGroup' : 'state',
        position: parent ? { x: n.x - parent.x, y: n.y - parent.y } : { x: n.x, y: n.y },
        ...(parent ? { parentId: parent.id } : {}),
        data: { node: n, internalTitle: t('internalEvents'), onOpen: open },
        style: { width: n.width, height: n.height },
        ...(n.kind === 'compound' ? { zIndex: -1 } : {}),
      }
    })
    const edges: Edge[] = graph.g.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'transition',
      data: { transitions: e.transitions, onOpen: open, ...(e.points ? { points: e.points } : {}), ...(e.label ? { label: e.label } : {}) },
      markerEnd: { type: MarkerType.ArrowClosed, color: '#595959' },
    }))
    return { nodes, edges }
  }, [graph, machine, jumpTo, t])
  if (!load?.info) return <Empty description={t('noScheme')} />
  return (
    <div data-testid="workflow-diagram" style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('machine')}</span>
        <Select
          style={{ width: 260 }}
          aria-label={t('machine')}
          value={id}
          onChange={setPicked}
          options={machines.map((m) => ({ value: m.id, label: `${localName(m, lang)}（${m.id}）` }))}
        />
        <Tag color="blue">▶ {t('legendInitial')}</Tag>
        <Tag>◎ {t('legendFinal')}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {lang === 'en' ? 'Double-click a state or label to open it in the editor' : '双击状态或转移标签可在编辑器中定位'}
        </Typography.Text>
      </Space>
      {load.infoStale && <Alert type="warning" showIcon title={t('staleInfo')} style={{ marginBottom: 8 }} />}
      {graph && !graph.ok && <Alert type="error" title={graph.error} />}
      <div style={{ flex: 1, minHeight: 420, border: '1px solid #f0f0f0', borderRadius: 6 }}>
        <ReactFlow
          key={id ?? ''}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          fitViewOptions={{ padding: 0.05 }}
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
          nodesConnectable={false}
          nodesDraggable={false}
          zoomOnDoubleClick={false}
        >
          <Background gap={16} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </div>
  )
}
