/**
 * One mechanical change from the first edition of the definition format to the second
 * (`daiban migrate-scheme`). A step reads the scheme as loaded and plans text edits of its files;
 * it never changes what the scheme does. Steps are listed once, in order, in ./index.ts.
 */
import type { Origins } from '../origins'
import type { SchemeDefinitions } from '../types'
import type { Problem } from '../../util/problem'
import type { TextEdit } from './json-text'
import type { Edition } from '../edition'

/** What a step made or noticed, as data with its place: the file and the JSON pointer inside it. */
export interface MigrationChange {
  /** The step that made it (`roles`, `placeholders`, …). */
  step: string
  /** Stable code; ./messages.ts words it. */
  code: string
  file: string
  pointer: string
  params: Record<string, unknown>
}

export interface StepContext {
  /** The edition of the scheme as it was given, before any step ran (a step that only concerns the first edition asks this). */
  edition: Edition
  /** The merged definitions as written (placeholders unfilled). */
  defs: SchemeDefinitions
  origins: Origins
  /** What `validate` says of the scheme as it now is. */
  problems: readonly Problem[]
  /** The current text of a definition file (relative name), undefined for an unknown one. */
  text(file: string): string | undefined
}

export interface StepPlan {
  /** Edits per file (relative name). */
  edits: Array<{ file: string } & TextEdit>
  /** One entry per change, for the report. */
  changes: MigrationChange[]
  /** A choice made that a person should look at, or something left as it was and why. */
  notes: MigrationChange[]
}

export interface MigrationStep {
  id: string
  /** What the step does, for the README and `--help`. */
  title: string
  titleEn: string
  plan(ctx: StepContext): StepPlan
}

export const emptyPlan = (): StepPlan => ({ edits: [], changes: [], notes: [] })
