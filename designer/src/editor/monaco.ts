/**
 * Monaco, bundled locally (no CDN): the editor API, every editor contribution (hover, suggest,
 * folding, find…), the JSON language and its worker. Loaded lazily: only this chunk pulls Monaco.
 * Paths per monaco-editor 0.57's package exports ("./*" → "./esm/vs/*.js").
 */
import * as monaco from 'monaco-editor/editor/editor.api'
// Registers the editor contributions before any editor exists (the JSON mode would only load them
// lazily, after the first editor was created without hover and suggestions).
import 'monaco-editor/internal/common/workers'
import { jsonDefaults } from 'monaco-editor/language/json/monaco.contribution'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'
import { loader } from '@monaco-editor/react'

;(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker()
  },
}

loader.config({ monaco })

export { monaco, jsonDefaults }
