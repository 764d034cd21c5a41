/**
 * A scoring item's formula stays within its `max` (its full marks). The engine does not cap an
 * item (only sections are capped), so an item whose formula can exceed its max shows, say, 12 of
 * 10 points and takes the 2 points from its section's other items. Told by interval arithmetic
 * over the inputs' declared ranges (formula/bounds.ts): an item is refused when some inputs the
 * schema accepts would push it past its max; write `min(…, max)` to cap it. A formula `validate`
 * already refuses (an unknown variable or function) is not bounded.
 */
import type { CheckContext } from '../kinds/check-kit'
import type { CrossCheck } from '../checks'
import { formulaBounds, inputBounds } from '../../formula/bounds'
import { checkFormula } from '../../formula/formula'

export const itemsWithinMax: CrossCheck = { name: 'every scoring item stays within its max', kinds: ['scoring'], run: itemsStayWithinMax }

function itemsStayWithinMax({ s, at }: CheckContext): void {
  for (const sc of s.defs.scoring.scorings) {
    const vars = inputBounds(sc.inputs)
    for (const v of sc.variables) vars.set(v.id, formulaBounds(v.formula, vars))
    sc.sections.forEach((sec, si) => {
      sec.items.forEach((it, ii) => {
        // a formula with an unknown variable or function is reported as such, not bounded
        if (it.max === undefined || checkFormula(it.formula, new Set(vars.keys()), undefined, '').length) return
        const { hi } = formulaBounds(it.formula, vars)
        if (hi > it.max + 1e-9) {
          const upper = Number.isFinite(hi) ? String(Math.round(hi * 1e6) / 1e6) : null
          at(sc, `/sections/${si}/items/${ii}/formula`, 'SCORE_ABOVE_MAX', {
            item: it.id,
            max: it.max,
            upper: upper ? `最高 ${upper}` : '没有上限',
            upperEn: upper ? `up to ${upper}` : 'it has no upper limit',
          })
        }
      })
    })
  }
}
