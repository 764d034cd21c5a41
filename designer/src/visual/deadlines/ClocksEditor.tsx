// Placeholder until this kind's visual editor lands: the host shows the JSON view.
import type { VisualEditorProps } from '../kit'
export default function ClocksEditor(_props: VisualEditorProps) {
  return null
}
