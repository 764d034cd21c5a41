/** `npm start`: the server with the schemes in definitions/ and the embedded store in ./data. */
import path from 'node:path'
import { createRuntime } from './deps'
import { createApp } from './app'
import { StoreUnavailableError } from '../store'
import { createLogger } from '../log'

export async function serve(opts: { port?: number; dataDir?: string; definitionsDir?: string } = {}): Promise<number> {
  const root = process.cwd()
  const port = opts.port ?? Number(process.env.PORT ?? 3000)
  const dataDir = path.resolve(opts.dataDir ?? process.env.DAIBAN_DATA_DIR ?? './data')
  const definitionsDir = path.resolve(opts.definitionsDir ?? process.env.DAIBAN_DEFINITIONS_DIR ?? './definitions')
  const logger = createLogger()
  let rt
  try {
    rt = await createRuntime({ dataDir, definitionsDir, logger })
  } catch (e) {
    if (e instanceof StoreUnavailableError) {
      logger.fatal({ err: e }, e.message)
      return 1
    }
    throw e
  }
  const ids = await rt.schemes.schemeIds()
  if (!ids.length) {
    logger.fatal({ definitionsDir }, `没有可用的方案：${definitionsDir} 下没有通过校验的方案目录 / no valid scheme`)
    await rt.close()
    return 1
  }
  const app = createApp({
    ...rt,
    defaultScheme: ids.includes('galutu') ? 'galutu' : ids[0]!,
    secureCookies: process.env.DAIBAN_SECURE_COOKIES === '1',
    trustProxy: Number(process.env.DAIBAN_TRUST_PROXY ?? 0),
    staticDirs: [
      { mount: '/designer', dir: path.join(root, 'designer/dist') },
      { mount: '/', dir: path.join(root, 'runtime/web/dist') },
    ],
  })
  const token = await rt.accounts.setupToken()
  if (token) {
    // The operator reads the one-time token from the server's output; it is spent by the first setup.
    logger.warn(`尚无账号。首次使用请打开 http://localhost:${port}/#/setup 用一次性初始化令牌创建管理员：${token}（或运行 npx daiban user add <用户名> --admin）`)
  }
  rt.duty.start()
  rt.scheduler.start(Number(process.env.DAIBAN_SCHEDULER_MS ?? 60_000))
  const server = app.listen(port, () => {
    logger.info({ port, dataDir, schemes: ids }, `Daiban 已启动：http://localhost:${port}  （数据目录 ${dataDir}，方案 ${ids.join('、')}）`)
  })
  server.on('error', (e) => {
    logger.fatal({ err: e, port }, `无法监听端口 ${port}：${(e as NodeJS.ErrnoException).code ?? e.message}`)
    process.exit(1)
  })
  const shutdown = async () => {
    server.close()
    await rt.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
  return new Promise<number>(() => {})
}
