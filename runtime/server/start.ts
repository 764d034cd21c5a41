/**
 * The compiled server's entry (dist/server.js: `npm start`, the systemd unit's ExecStart):
 * `daiban serve` with the same flags (--port, --host, --data, --definitions).
 */
import { main } from '../cli/main'

process.exitCode = await main(['serve', ...process.argv.slice(2)])
