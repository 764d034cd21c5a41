/** Assessment and reports area (routes under /reports, print pages under /print/reports). Placeholder until built. */
import type { Location } from '../router'

export default function ReportsArea(_: { loc: Location }) {
  return null
}
export function ReportsPrint(_: { loc: Location }) {
  return null
}
