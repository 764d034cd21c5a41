/**
 * The visual editors, one per definition kind that has one, loaded when first shown. A kind
 * without an entry is edited in the JSON view only.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { VisualEditorProps } from './kit'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each editor takes its own kind's document type
type Editor = LazyExoticComponent<ComponentType<VisualEditorProps<any>>>

export const VISUAL_EDITORS: Readonly<Record<string, Editor>> = {
  forms: lazy(() => import('./forms/FormBuilder')),
  rules: lazy(() => import('./rules/RulesEditor')),
  deadlines: lazy(() => import('./deadlines/ClocksEditor')),
  calendar: lazy(() => import('./calendar/CalendarEditor')),
  scoring: lazy(() => import('./scoring/ScorecardEditor')),
  org: lazy(() => import('./org/OrgEditor')),
  workflow: lazy(() => import('./workflow/WorkflowEditor')),
}

export const hasVisualEditor = (kind: string | null): boolean => !!kind && kind in VISUAL_EDITORS
