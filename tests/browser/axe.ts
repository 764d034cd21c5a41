/**
 * axe-core in the browser suites (issue #19): runs axe on the page as it is and reports each
 * violation as rule, impact, the elements' selectors and a snippet of their HTML, so a failure says
 * what to fix. Critical and serious violations fail a suite; moderate and minor are counted.
 * Used by the staff app's and the public page's suites and by the designer's (tests/browser-designer).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type { AxeResults, ImpactValue, Result } from 'axe-core'

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let axeSource: string | undefined

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor'
export const BLOCKING: readonly Impact[] = ['critical', 'serious']

export interface Violation {
  rule: string
  impact: Impact
  help: string
  /** one entry per element: its selector and the start of its HTML */
  nodes: Array<{ target: string; html: string; summary?: string }>
}

export interface AxeReport {
  /** every violation, whatever its impact */
  violations: Violation[]
  /** critical and serious only: what fails a suite */
  blocking: Violation[]
  /** elements in violation per impact */
  counts: Record<Impact, number>
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s)

/**
 * Runs axe-core on the whole document of `page` (injected once per document).
 * @param opts.exclude CSS selectors left out of the check (say why at the call)
 * @param opts.disable rule ids not run (say why at the call)
 */
export async function runAxe(page: Page, opts: { exclude?: string[]; disable?: string[] } = {}): Promise<AxeReport> {
  // colours measured mid-transition (a button turning ghost, a tag fading in) are not the page's: let finite animations end
  await page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => {})
  // evaluated through the DevTools protocol: the apps' CSP refuses an inline <script> (addScriptTag)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${(axeSource ??= readFileSync(AXE_PATH, 'utf8'))}\n;true`)
  const raw = await page.evaluate(
    async ({ exclude, disable }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<AxeResults> } }).axe
      const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document
      const rules = Object.fromEntries(disable.map((r) => [r, { enabled: false }]))
      const r = await axe.run(context, { resultTypes: ['violations'], rules })
      return r.violations
    },
    { exclude: opts.exclude ?? [], disable: opts.disable ?? [] },
  )
  const violations: Violation[] = raw.map((v: Result) => ({
    rule: v.id,
    impact: (v.impact ?? 'minor') as Impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(' '),
      html: clip(n.html.replace(/\s+/g, ' '), 160),
      ...(n.failureSummary ? { summary: clip(n.failureSummary.replace(/\s+/g, ' '), 220) } : {}),
    })),
  }))
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 }
  for (const v of violations) counts[v.impact] += v.nodes.length
  return { violations, blocking: violations.filter((v) => BLOCKING.includes(v.impact)), counts }
}

/** The violations as lines a failure message can show: `[serious] color-contrast: … — selector  <html>  (why)`. */
export function formatViolations(vs: Violation[], maxNodes = 6): string {
  const out: string[] = []
  for (const v of vs) {
    out.push(`[${v.impact}] ${v.rule}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`)
    for (const n of v.nodes.slice(0, maxNodes)) out.push(`    ${n.target}  ${n.html}${n.summary ? `\n      ${n.summary}` : ''}`)
    if (v.nodes.length > maxNodes) out.push(`    … and ${v.nodes.length - maxNodes} more`)
  }
  return out.join('\n')
}

/** One line of counts: `critical 0 · serious 2 · moderate 1 · minor 0`. */
export const formatCounts = (c: Record<Impact, number>) => (['critical', 'serious', 'moderate', 'minor'] as const).map((k) => `${k} ${c[k]}`).join(' · ')

/** Fails (with the formatted list) when the page has a critical or serious violation; returns the report. */
export async function expectAccessible(page: Page, where: string, opts?: Parameters<typeof runAxe>[1]): Promise<AxeReport> {
  const r = await runAxe(page, opts)
  if (r.blocking.length) throw new Error(`axe: ${where} has ${r.blocking.length} critical/serious violation(s):\n${formatViolations(r.blocking)}`)
  return r
}

export type { ImpactValue }
