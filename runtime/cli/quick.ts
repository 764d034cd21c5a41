/**
 * The entry of the compiled CLI's quick path, dist/daiban-quick.cjs: the commands that read a
 * scheme and answer (bin/quick-loader.js: QUICK_COMMANDS), compiled to one CommonJS file so that
 * bin/quick-loader.js can run it with V8's code cache — most of such a command's start was
 * parsing and compiling the same JavaScript on every run. Every other command runs dist/daiban.js.
 */
import { knownBuildInfo } from './checked-cache'
import { main } from './main'
import { quietOnClosedPipes } from './pipes'

/** `buildInfo`: dist/build-info.json as bin/daiban.js read it to find dist/ current (not read again). */
export async function run(argv: string[], buildInfo?: unknown): Promise<number> {
  quietOnClosedPipes(argv)
  if (buildInfo !== undefined) knownBuildInfo(buildInfo)
  return main(argv)
}
