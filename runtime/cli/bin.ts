/**
 * The `daiban` command's entry: bin/daiban.js runs it compiled (dist/daiban.js) or through tsx.
 * `--version` answers before the engine and the commands are loaded.
 */
import { quietOnClosedPipes } from './pipes'

const argv = process.argv.slice(2)
quietOnClosedPipes(argv)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version')) {
  const { packageVersion } = await import('../paths')
  process.stdout.write(`daiban ${packageVersion()}\n`)
} else {
  const { main } = await import('./main')
  process.exitCode = await main(argv)
}
