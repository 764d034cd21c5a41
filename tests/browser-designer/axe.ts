/**
 * axe-core in the designer suite (same shape as the staff suite's helper): node_modules/axe-core is
 * evaluated in the page (CDP evaluation, so the server's CSP does not block it), axe.run checks the
 * document, and the critical and serious violations come back as one line per rule with its nodes.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'

export interface AxeViolation {
  id: string
  impact: string
  help: string
  /** The failing nodes: CSS selector, the start of the element's HTML */
  nodes: string[]
  /** axe's summary of the first node */
  summary: string
}

let source: Promise<string> | undefined
const AXE = () => (source ??= readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'))

/** Impacts that fail the suite. */
export const FAILING = ['critical', 'serious']

/**
 * The critical and serious violations on the page now. `exclude`: CSS selectors left out of the
 * check (each use says why).
 */
export async function axeViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await AXE())
  return page.evaluate(
    async ({ exclude, failing }) => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: unknown,
              o: unknown,
            ): Promise<{
              violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }> }>
            }>
          }
        }
      ).axe
      const ctx = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document
      const r = await axe.run(ctx, { resultTypes: ['violations'] })
      return r.violations
        .filter((v) => failing.includes(v.impact ?? ''))
        .map((v) => ({
          id: v.id,
          impact: v.impact ?? '',
          help: v.help,
          nodes: v.nodes.map((n) => `${n.target.map(String).join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`),
          summary: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
        }))
    },
    { exclude: opts.exclude ?? [], failing: FAILING },
  )
}

/** One line per violation, for an assertion message. */
export const formatViolations = (vs: AxeViolation[]): string =>
  vs
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.nodes.length}): ${v.help}\n    ${v.nodes.slice(0, 6).join('\n    ')}${v.nodes.length > 6 ? `\n    … ${v.nodes.length - 6} more` : ''}\n    ${v.summary}`,
    )
    .join('\n')
