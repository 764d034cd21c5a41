/** Further CLI commands, one entry each (the server, case migration, …), registered by name. */
import type { Locale } from '../../engine'
import type { ParsedArgs } from './io'
import type { CliIO } from './main'

export interface Command {
  usage: string
  run: (args: ParsedArgs, io: CliIO, locale: Locale) => Promise<number>
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'daiban serve [--port 3000] [--data ./data]           启动服务器（npm start）',
    run: async (args) => {
      const { serve } = await import('../server/main')
      const o: { port?: number; dataDir?: string } = {}
      if (typeof args.flags.port === 'string') o.port = Number(args.flags.port)
      if (typeof args.flags.data === 'string') o.dataDir = args.flags.data
      return serve(o)
    },
  },
}
