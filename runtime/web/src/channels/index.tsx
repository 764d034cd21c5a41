/** Import and repeat-petition area (routes under /intake). Placeholder until built. */
import type { Location } from '../router'

export default function ChannelsArea(_: { loc: Location }) {
  return null
}
