/**
 * What a definition kind is, in one place: its JSON Schema and TypeScript type, how its files
 * merge, its checks, its compile step, how its changes read in a diff, and what the docs and the
 * designer say about it. Every kind is one folder under ./ exporting a `KindModule`; ./index.ts
 * lists them, and the loader, `validate`, diff/upgrade, the designer and the docs iterate that list.
 *
 * @example  a new kind "notices" (one folder, one line in ./index.ts):
 *   // kinds/notices/index.ts
 *   export const notices = defineKind<NoticesDefinition, 'notices'>({
 *     kind: 'notices', presence: 'optional', title: { zh: '公告', en: 'Notices' },
 *     schema: noticesSchema, lists: ['notices'],
 *     check(def, ctx) { … },
 *     docs: { files: '`notices.json`', holds: 'the notices on the public board' },
 *   })
 */
import type { Problem } from '../../util/problem'
import type { Origins } from '../origins'
import type { CompiledScheme } from '../compiled'
import type { SchemeDefinitions } from '../types'
import type { CheckContext } from './check-kit'
import type { DiffEntry, DiffWording } from './diff-kit'

/** The preview the designer shows beside a file of the kind. */
export type DesignerPreview = 'form' | 'rules' | 'workflow' | 'deadline' | 'scoring'

export interface KindModule<D = unknown> {
  /** The `kind` every file of this kind says. */
  kind: string
  /** `manifest`: the one scheme.json; `required`: every scheme has it; `optional`: a scheme may leave it out. */
  presence: 'manifest' | 'required' | 'optional'
  title: { zh: string; en: string }
  /** JSON Schema (2020-12) of one file of the kind; precompiled by `npm run gen:validators`. */
  schema: Record<string, unknown>
  /**
   * Merge keys. `lists`: the element lists that may be split across files, merged by `id` (two
   * elements with one id are a DUPLICATE_ID). `maps`: keyed objects merged by key (calendar years).
   */
  lists: readonly string[]
  maps?: readonly string[]
  /**
   * How diff and upgrade match elements of its lists: by `id` unless named here (list key → the
   * fields that key an element, e.g. grades by `name`); lists of plain values compared as sets;
   * values compared whole (a formula, a rule condition: a change inside one is a change of it).
   */
  elementKeys?: Record<string, readonly string[]>
  sets?: readonly string[]
  atomic?: readonly string[]
  /**
   * Compile step: build the kind's part of the compiled scheme (validators, rule engines, the
   * working-day table, lookup maps). Runs in registry order, so a kind may use what an earlier one
   * built. Returns the problems only compiling finds.
   */
  compile?(s: CompiledScheme, def: D, origins: Origins): Problem[]
  /** The kind's own checks: its references to other kinds and its internal consistency. */
  check?(def: D, ctx: CheckContext): void | Promise<void>
  /** How its changes read in `daiban diff` and the designer's upstream view. */
  diff?: DiffWording
  /** The README's table of kinds: the usual files, and what the kind holds. */
  docs: { files: string; holds: string }
  /** The designer: which preview follows a file of the kind, the element list the cursor picks from, the file opened first. */
  designer?: { preview?: DesignerPreview; element?: string; openFirst?: boolean }
}

/** Typed identity, so a kind's facets see its definition's type and the registry knows its name. */
export function defineKind<D, K extends string = string>(k: KindModule<D> & { kind: K }): KindModule<D> & { kind: K } {
  return k
}

/** The definition of a kind in the merged definitions (the manifest for `scheme`). */
export function definitionOf(defs: SchemeDefinitions, k: Pick<KindModule, 'kind' | 'presence'>): unknown {
  return k.presence === 'manifest' ? defs.manifest : (defs as unknown as Record<string, unknown>)[k.kind]
}

export type { CheckContext, DiffEntry, DiffWording }
