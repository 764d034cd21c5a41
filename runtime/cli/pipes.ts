/**
 * A reader that stops early (`daiban diff … | head`) closes the pipe: the command stops quietly,
 * no stack trace. The server keeps running when whatever reads its log goes away.
 */
export function quietOnClosedPipes(argv: readonly string[]): void {
  if (argv[0] === 'serve') return
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw e
    })
  }
}
