/**
 * `migrateScheme(files)`: a first-edition scheme rewritten to the second edition of the definition
 * format (issue #16, "schemes already written keep working"). Each step (./step.ts) is one
 * mechanical change with a first-edition equivalent; the steps run in order on the files' text,
 * each on the scheme as the previous left it, and touch only the values they change, so a
 * migrated file keeps its layout. Nothing is decided differently: the migrated scheme's
 * definitions, once its placeholders are filled, are the old ones plus the role annotations, and
 * every role resolves to the same field.
 *
 * Running it on a migrated (or second-edition) scheme changes nothing.
 *
 * @example
 *   const r = await migrateScheme(files)
 *   if (!r.refused.length && !r.problems.length) for (const f of r.files) if (f.changed) write(f.file, f.text)
 */
import { loadScheme } from '../load'
import { schemeEdition, type Edition } from '../edition'
import type { Problem } from '../../util/problem'
import { applyEdits } from './json-text'
import { routingModeStep } from './routing-mode'
import { rolesStep } from './roles'
import { placeholdersStep } from './placeholders'
import type { MigrationChange, MigrationStep } from './step'

export type { MigrationChange, MigrationStep, StepContext, StepPlan } from './step'
export { describeChange } from './messages'
export { spanAt, insertFirst, replaceValue, applyEdits, type Span, type TextEdit } from './json-text'

/** The steps, in the order they run. Adding one is a module and a line here. */
export const MIGRATION_STEPS: readonly MigrationStep[] = [routingModeStep, rolesStep, placeholdersStep]

export interface MigrationResult {
  /** Every file, as it is after the migration; `changed` when its text differs. */
  files: Array<{ file: string; text: string; changed: boolean }>
  /** What was changed, step by step, each with its file and pointer. */
  changes: MigrationChange[]
  /** Choices a person should check, and what a step could not change, with file and pointer. */
  notes: MigrationChange[]
  /** Why nothing could be migrated: the scheme's files do not parse or fit their kinds' schemas. */
  refused: Problem[]
  /** What `validate` says of the migrated scheme (none when it loads). */
  problems: Problem[]
}

export async function migrateScheme(input: ReadonlyArray<{ file: string; text: string }>): Promise<MigrationResult> {
  const texts = new Map(input.map((f) => [f.file, f.text]))
  const current = () => [...texts].map(([file, text]) => ({ file, text }))
  const changes: MigrationChange[] = []
  const notes: MigrationChange[] = []
  const result = (refused: Problem[], problems: Problem[]): MigrationResult => ({
    files: input.map((f) => ({ file: f.file, text: texts.get(f.file)!, changed: texts.get(f.file) !== f.text })),
    changes,
    notes,
    refused,
    problems,
  })

  let edition: Edition | undefined
  for (const step of MIGRATION_STEPS) {
    const loaded = await loadScheme(current(), { quick: true })
    if (loaded.definitions) edition ??= schemeEdition(loaded.definitions)
    if (!loaded.definitions) {
      // Only the scheme as given can be unreadable: each step's edits leave valid JSON of the same kinds.
      if (step === MIGRATION_STEPS[0]) return result(loaded.problems, [])
      throw new Error(
        `migration step before "${step.id}" left the scheme unreadable: ${loaded.problems.map((p) => `${p.file} ${p.pointer} ${p.code}`).join('; ')}`,
      )
    }
    const plan = step.plan({ edition: edition!, defs: loaded.definitions, origins: loaded.origins, problems: loaded.problems, text: (file) => texts.get(file) })
    const byFile = new Map<string, typeof plan.edits>()
    for (const e of plan.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e])
    for (const [file, edits] of byFile) texts.set(file, applyEdits(texts.get(file)!, edits))
    changes.push(...plan.changes)
    notes.push(...plan.notes)
  }
  const final = await loadScheme(current())
  return result([], final.problems)
}
