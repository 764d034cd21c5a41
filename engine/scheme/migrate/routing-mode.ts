/**
 * Routing by priority (issue #16 §3). The first edition routed by every matching rule whatever the
 * rule set's `mode` said (`"first"` was accepted and ignored: exactly one group had to match); the
 * second edition honours `"first"` — the matching rule of the highest priority decides. A
 * first-edition routing rule set written `"first"` therefore becomes `"all"`, which routes as it did.
 * Rule sets that produce anything else always took the highest-priority match, as `"first"` does now.
 */
import { replaceValue } from './json-text'
import { emptyPlan, type MigrationStep } from './step'

export const routingModeStep: MigrationStep = {
  id: 'routing-mode',
  title: '第一版的分流规则集 mode "first" 改为 "all"（第一版分流忽略 mode；分流结果不变）',
  titleEn: 'a first-edition routing rule set\'s mode "first" becomes "all" (the first edition ignored it; routing stays as it was)',
  plan({ edition, defs, origins, text }) {
    const plan = emptyPlan()
    if (edition !== 1) return plan
    for (const rs of defs.rules.ruleSets) {
      if (rs.produces !== 'group' || rs.mode !== 'first') continue
      const at = origins.get(rs)
      const t = at && text(at.file)
      const pointer = `${at?.pointer ?? ''}/mode`
      const edit = t === undefined ? undefined : replaceValue(t, pointer, 'all')
      if (!at || !edit) {
        plan.notes.push({ step: 'routing-mode', code: 'ROUTING_MODE_NOT_WRITTEN', file: at?.file ?? '?', pointer, params: { ruleSet: rs.id } })
        continue
      }
      plan.edits.push({ file: at.file, ...edit })
      plan.changes.push({ step: 'routing-mode', code: 'ROUTING_MODE', file: at.file, pointer, params: { ruleSet: rs.id } })
    }
    return plan
  },
}
