/** Duty and supervision area (routes under /duty, print pages under /print/duty). Placeholder until built. */
import type { Location } from '../router'

export default function DutyArea(_: { loc: Location }) {
  return null
}
export function DutyPrint(_: { loc: Location }) {
  return null
}
