/** The header's notification bell. Placeholder until built. */
export default function NotificationBell() {
  return null
}
