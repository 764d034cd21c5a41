/**
 * An ECharts canvas (loaded with the dashboard only; tree-shaken: bar and line charts, grid,
 * tooltip and legend, the canvas renderer — nothing from a CDN). A click on a bar or point whose
 * data item carries a `link` calls `onPick` with it.
 */
import { useEffect, useRef } from 'react'
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { EChartsCoreOption } from 'echarts/core'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = EChartsCoreOption

export default function Chart({
  option,
  onPick,
  height = 300,
  testId,
}: {
  option: ChartOption
  onPick?: (link: string) => void
  height?: number
  testId?: string
}) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const pick = useRef(onPick)
  pick.current = onPick

  useEffect(() => {
    const node = el.current
    if (!node) return
    const c = echarts.init(node, undefined, { renderer: 'canvas' })
    chart.current = c
    c.on('click', (p) => {
      const link = (p.data as { link?: unknown } | null)?.link
      if (typeof link === 'string') pick.current?.(link)
    })
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(node)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} className="report-chart" />
}
