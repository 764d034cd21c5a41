/**
 * The `daiban` command's entry: bin/daiban.js runs it compiled (dist/daiban.js) or through tsx.
 * `--version` answers before the engine and the commands are loaded.
 */
const argv = process.argv.slice(2)

// A reader that stops early (`daiban diff … | head`) closes the pipe: stop quietly, no stack trace.
// The server keeps running when whatever reads its log goes away.
if (argv[0] !== 'serve') {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw e
    })
  }
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version')) {
  const { packageVersion } = await import('../paths')
  process.stdout.write(`daiban ${packageVersion()}\n`)
} else {
  const { main } = await import('./main')
  process.exitCode = await main(argv)
}

export {}
