/** Runs the `daiban` CLI in-process and collects what it printed. */
import { main } from '../../runtime/cli/main'

export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), stdin: async () => '' })
  return { code, out, err }
}
