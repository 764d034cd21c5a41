/**
 * The entry of the compiled CLI's quick path, dist/daiban-quick.cjs: the commands that read a
 * scheme and answer (bin/daiban.js: QUICK_COMMANDS), compiled to one CommonJS file so that
 * bin/quick-loader.js can run it with V8's code cache — most of such a command's start was
 * parsing and compiling the same JavaScript on every run. Every other command runs dist/daiban.js.
 */
import { main } from './main'
import { quietOnClosedPipes } from './pipes'

export async function run(argv: string[]): Promise<number> {
  quietOnClosedPipes(argv)
  return main(argv)
}
