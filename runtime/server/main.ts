/**
 * `daiban serve` (npm start, dist/server.js): the server with the schemes of a definitions folder
 * (default: the package's definitions/) and a store (default: the file store in ./data, or
 * PostgreSQL with DAIBAN_DATABASE_URL). The web apps are served from the package's build folders,
 * wherever the server is started from.
 *
 * SIGTERM / SIGINT: stop accepting connections, let requests in flight finish (at most
 * DAIBAN_SHUTDOWN_MS, then their connections are closed), stop the scheduler and the duty passes
 * after the pass in flight, close the store (the file store's journal marked clean, the lock
 * released), exit 0. A second signal exits at once (1).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createRuntime } from './deps'
import { createApp } from './app'
import { StoreUnavailableError } from '../store'
import { SchemeRegistryError } from '../schemes/registry'
import { createLogger } from '../log'
import { checkEnv, envValue } from '../env'
import { bundledDefinitions, webDirs } from '../paths'

export interface ServeOptions {
  port?: number
  host?: string
  dataDir?: string
  definitionsDir?: string
}

/** Resolves with an exit code when the server could not start; runs until a signal otherwise. */
export async function serve(opts: ServeOptions = {}): Promise<number> {
  const problems = checkEnv('server')
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${p.zh}\n${p.en}\n`)
    return 2
  }
  const port = opts.port ?? envValue('PORT')
  const host = opts.host ?? (envValue('DAIBAN_HOST') || undefined)
  const dataDir = path.resolve(opts.dataDir ?? envValue('DAIBAN_DATA_DIR'))
  const definitionsDir = path.resolve(opts.definitionsDir ?? (envValue('DAIBAN_DEFINITIONS_DIR') || bundledDefinitions()))
  const logger = createLogger()
  let rt
  try {
    rt = await createRuntime({ dataDir, definitionsDir, logger })
  } catch (e) {
    if (e instanceof StoreUnavailableError) {
      logger.fatal({ err: e }, e.message)
      return 1
    }
    // a published version this build cannot load (one a newer build published): what and where, no stack
    if (e instanceof SchemeRegistryError && e.words) {
      const first = e.problems[0]
      logger.fatal({ problem: first && { file: first.file, pointer: first.pointer, code: first.code }, problems: e.problems.length }, e.message)
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
  let stopping = false
  const app = createApp({
    ...rt,
    defaultScheme: ids.includes('galutu') ? 'galutu' : ids[0]!,
    secureCookies: envValue('DAIBAN_SECURE_COOKIES'),
    trustProxy: envValue('DAIBAN_TRUST_PROXY'),
    staticDirs: webDirs(),
    stopping: () => stopping,
  })
  const server = http.createServer(app)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    logger.fatal({ err: e, port, host }, `无法监听 ${host ?? ''}:${port}：${code ?? (e as Error).message} / cannot listen`)
    await rt.close()
    return 1
  }
  const bound = (server.address() as AddressInfo).port
  const shown = host && host !== '0.0.0.0' && host !== '::' ? (host.includes(':') ? `[${host}]` : host) : 'localhost'
  const token = await rt.accounts.setupToken()
  if (token) {
    // The operator reads the one-time token from the server's output; it is spent by the first setup.
    logger.warn(
      `尚无账号。首次使用请打开 http://${shown}:${bound}/#/setup 用一次性初始化令牌创建管理员：${token}（或运行 npx daiban user add <用户名> --admin）`,
    )
  }
  rt.duty.start()
  rt.scheduler.start(envValue('DAIBAN_SCHEDULER_MS'))
  logger.info(
    { port: bound, host: host ?? null, dataDir, definitionsDir, schemes: ids },
    `Daiban 已启动：http://${shown}:${bound}  （数据目录 ${dataDir}，方案 ${ids.join('、')}）`,
  )

  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, '再次收到信号，立即退出 / second signal: exiting now')
      process.exit(1)
    }
    stopping = true
    const t0 = Date.now()
    logger.info({ signal }, `收到 ${signal}，正在停止：不再接受连接，等待进行中的请求 / shutting down`)
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // keep-alive connections between requests would hold close() open: end them as they go idle
    const idle = setInterval(() => server.closeIdleConnections(), 100)
    server.closeIdleConnections()
    const limit = envValue('DAIBAN_SHUTDOWN_MS')
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), limit)))])
    clearTimeout(timer)
    clearInterval(idle)
    if (timedOut) {
      logger.warn({ waitedMs: limit }, `进行中的请求 ${limit} 毫秒内未完成，强制断开 / requests still in flight after the wait: connections closed`)
      server.closeAllConnections()
    }
    try {
      await rt.close()
    } catch (err) {
      logger.error({ err }, '关闭存储失败 / closing the store failed')
      process.exit(1)
    }
    logger.info({ ms: Date.now() - t0 }, '已停止 / stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  return new Promise<number>(() => {})
}
