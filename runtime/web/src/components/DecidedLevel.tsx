import type { Decision } from '../api'
import { useI18n } from '../i18n'

/**
 * The matter's level as decided (issue #16): when a rule set it — a collective petition handled at
 * the town level — the decided level with the one typed at registration and the rule, e.g.
 * "镇级层面办理（登记为嘎查村（社区）层面办理，依规则“集体访”）"; otherwise the level typed.
 */
export function DecidedLevel({
  decision,
  typed,
  levelName,
}: {
  decision: Decision | null | undefined
  typed: unknown
  levelName: (id: string | null) => string
}) {
  const { t } = useI18n()
  const name = (v: unknown) => levelName(typeof v === 'string' ? v : null)
  const derived = decision?.derived?.find((x) => x.role === 'level')
  if (!derived) return <>{name(typed)}</>
  const note =
    derived.typed === derived.value
      ? null
      : derived.typed === null || derived.typed === undefined
        ? t('case.levelDerivedNone', { rule: derived.ruleName })
        : t('case.levelDerived', { typed: name(derived.typed), rule: derived.ruleName })
  return (
    <span data-testid="case-level">
      {name(derived.value)}
      {note ? <span className="muted">{note}</span> : null}
    </span>
  )
}
