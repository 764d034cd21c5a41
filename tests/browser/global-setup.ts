/** Builds the staff web app first when it is missing or older than its sources. */
import { spawnSync } from 'node:child_process'

export default function setup() {
  const r = spawnSync(process.execPath, ['bin/build-web.js'], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('building the web app failed')
}
