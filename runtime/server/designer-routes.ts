/**
 * The designer's API: drafts, validation, publishing, history, diffs, rollback, impact preview,
 * import and export; forks (a new town's scheme from this one) and a fork's upstream changes.
 * Every route is about the scheme in its path: the access table checks the permission there. Writes are for administrators; until accounts exist they are accepted only
 * from this machine (loopback) unless DAIBAN_DESIGNER_REMOTE=1 says otherwise.
 */
import { Router, type Request, type Response, type NextFunction } from 'express'
import type { DraftService } from '../drafts/service'
import type { ForkService } from '../drafts/forks'
import { ServiceError } from '../cases/errors'
import { HttpError } from './errors'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function designerRouter(drafts: DraftService, opts: { allowRemote: boolean; actorOf: (req: Request) => { id: string }; forks?: ForkService }): Router {
  const r = Router()
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next)
  const adminOnly = (req: Request, _res: Response, next: NextFunction) => {
    if (!opts.allowRemote && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      next(new HttpError('FORBIDDEN', '只有管理员可以修改和发布方案；未启用账号前仅允许本机访问（设置 DAIBAN_DESIGNER_REMOTE=1 放开）'))
      return
    }
    next()
  }
  const id = (req: Request) => String(req.params.id)
  const body = (req: Request) => {
    const b = req.body as Record<string, unknown> | undefined
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw new HttpError('BAD_REQUEST', '请求体应为 JSON 对象')
    return b
  }

  r.get('/api/designer/schemes/:id/draft', wrap(async (req, res) => {
    const draft = await drafts.get(id(req))
    const { problems } = await drafts.validate(id(req))
    res.json({ ...draft, problems })
  }))
  r.put('/api/designer/schemes/:id/draft/files/:file', adminOnly, wrap(async (req, res) => {
    const b = body(req)
    if (typeof b.text !== 'string') throw new ServiceError('INVALID_INPUT', '缺少 text', [{ code: 'REQUIRED', pointer: '/text', message: '缺少 text' }])
    res.json(await drafts.putFile(id(req), String(req.params.file), b.text, opts.actorOf(req).id))
  }))
  r.delete('/api/designer/schemes/:id/draft/files/:file', adminOnly, wrap(async (req, res) => {
    res.json(await drafts.deleteFile(id(req), String(req.params.file), opts.actorOf(req).id))
  }))
  r.put('/api/designer/schemes/:id/draft', adminOnly, wrap(async (req, res) => {
    res.json(await drafts.replace(id(req), body(req).files as never, opts.actorOf(req).id))
  }))
  r.delete('/api/designer/schemes/:id/draft', adminOnly, wrap(async (req, res) => {
    res.json(await drafts.discard(id(req), opts.actorOf(req).id))
  }))
  r.post('/api/designer/schemes/:id/draft/validate', wrap(async (req, res) => {
    const { problems } = await drafts.validate(id(req))
    res.json({ ok: problems.length === 0, problems })
  }))
  r.post('/api/designer/schemes/:id/draft/publish', adminOnly, wrap(async (req, res) => {
    res.status(201).json(await drafts.publish(id(req), String(body(req).note ?? ''), opts.actorOf(req).id))
  }))
  r.post('/api/designer/schemes/:id/draft/impact', wrap(async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    const o: { from?: string; to?: string } = {}
    if (typeof b.from === 'string') o.from = b.from
    if (typeof b.to === 'string') o.to = b.to
    res.json(await drafts.impact(id(req), o))
  }))
  r.get('/api/designer/schemes/:id/versions/:ref/files', wrap(async (req, res) => {
    res.json(await drafts.versionFiles(id(req), String(req.params.ref)))
  }))
  r.get('/api/designer/schemes/:id/diff', wrap(async (req, res) => {
    const from = typeof req.query.from === 'string' ? req.query.from : 'latest'
    const to = typeof req.query.to === 'string' ? req.query.to : 'draft'
    res.json({ from, to, files: await drafts.diff(id(req), from, to) })
  }))
  r.post('/api/designer/schemes/:id/rollback', adminOnly, wrap(async (req, res) => {
    const b = body(req)
    if (typeof b.to !== 'string') throw new ServiceError('INVALID_INPUT', '缺少 to（要回滚到的版本）', [{ code: 'REQUIRED', pointer: '/to', message: '缺少 to' }])
    res.status(201).json(await drafts.rollback(id(req), b.to, typeof b.note === 'string' ? b.note : '', opts.actorOf(req).id))
  }))

  const forks = opts.forks
  if (forks) {
    r.post('/api/designer/schemes/:id/fork', adminOnly, wrap(async (req, res) => {
      const b = body(req)
      const extra = Object.keys(b).filter((k) => !['id', 'town', 'prefix'].includes(k))
      if (extra.length) throw new ServiceError('INVALID_INPUT', `未知字段：${extra.join('、')}`, extra.map((k) => ({ code: 'UNKNOWN_FIELD', pointer: `/${k}`, message: `未知字段 "${k}"` })))
      if (!req.principal) throw new HttpError('UNAUTHENTICATED', '请先登录')
      res.status(201).json(await forks.fork(id(req), { id: b.id, town: b.town, prefix: b.prefix }, req.principal))
    }))
    r.get('/api/designer/schemes/:id/upstream', wrap(async (req, res) => {
      res.json(await forks.upstream(id(req)))
    }))
    r.post('/api/designer/schemes/:id/upstream/merge', adminOnly, wrap(async (req, res) => {
      res.json(await forks.mergeIntoDraft(id(req), opts.actorOf(req).id))
    }))
  }
  return r
}
