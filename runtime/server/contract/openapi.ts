/**
 * The OpenAPI 3.1 document, generated from the route table and nothing else: one operation per
 * route with its operationId, parameters, request body, success schema, and every error status
 * the route can answer — derived from its access, body and rate limit, plus the ones it declares.
 */
import type { TSchema } from '@sinclair/typebox'
import { componentName, ErrorBody } from './schemas'
import { isFileResponse, isUpload, type AnyRoute, type ResponseSpec } from './route'
import { paramsSchema, pathParams } from './mount'

const ERROR_TEXT: Record<number, string> = {
  400: '请求无效（JSON 格式错误、嵌套过深）',
  401: '未登录',
  403: '没有权限（或缺少 CSRF 令牌）',
  404: '未找到（或不在您的方案与辖区内）',
  409: '冲突（版本过期、当前环节不允许）',
  413: '请求体过大',
  415: '请求体类型不支持',
  422: '内容有误（字段逐一列出）',
  429: '请求过于频繁',
  500: '内部错误',
  503: '数据存储暂不可用',
}

/** The areas of the API (OpenAPI tags) */
const TAGS: Record<string, string> = {
  system: '健康检查与本文档',
  auth: '登录、会话、初始化与密码',
  accounts: '账号与授权（需 account.manage）',
  audit: '审计日志（哈希链）',
  schemes: '方案：组织、表单、流程、判定与计分',
  cases: '案件：登记、列表、查看、操作、审计',
  tasks: '我的待办、提醒与调度',
  channels: '渠道：网上信访、导入、重复件、通知',
  public: '公众页面（无需登录，限流）',
  reports: '考核与报表',
  duty: '值班、培训与监督',
  designer: '设计器：草稿、校验、影响、发布、回滚、派生',
}

/** The error statuses a route can answer: derived from its declaration, plus the ones it names. */
export function errorStatuses(r: AnyRoute): number[] {
  const s = new Set<number>([500, 503, ...(r.errors ?? [])])
  const a = r.access
  if (a.kind !== 'public') s.add(401).add(403)
  if (a.kind === 'public' && a.rateLimit) s.add(429)
  if (a.kind === 'scheme' || a.kind === 'case' || pathParams(r.path).length) s.add(404)
  if (r.method !== 'get') {
    s.add(400).add(413).add(415)
  }
  // every route checks its query (no parameter it does not declare), params and body
  s.add(422)
  return [...s].sort()
}

function strip(schema: unknown, components: Map<string, unknown>, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((x) => strip(x, components, false))
  if (!schema || typeof schema !== 'object') return schema
  const name = componentName(schema)
  if (name && !root) {
    if (!components.has(name)) {
      components.set(name, null)
      components.set(name, strip(schema, components, true))
    }
    return { $ref: `#/components/schemas/${name}` }
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) {
    // titleEn is our annotation; keep it as an extension
    if (k === 'titleEn') out['x-title-en'] = v
    else if (k === 'properties' || k === 'patternProperties' || k === '$defs')
      out[k] = Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, strip(pv, components, false)]))
    else out[k] = strip(v, components, false)
  }
  return out
}

const schemaOf = (s: TSchema, components: Map<string, unknown>) => strip({ wrap: s }, components, true) as { wrap: unknown }

export function buildOpenApi(routes: AnyRoute[], info: { version: string }): Record<string, unknown> {
  const components = new Map<string, unknown>()
  const paths: Record<string, Record<string, unknown>> = {}
  const ref = (s: TSchema) => schemaOf(s, components).wrap
  ref(ErrorBody)
  const tags = new Set<string>()
  for (const r of routes) {
    tags.add(r.tag)
    const p = r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')
    const parameters: unknown[] = []
    const ps = paramsSchema(r) as { properties?: Record<string, TSchema> } | undefined
    for (const [name, s] of Object.entries(ps?.properties ?? {}))
      parameters.push({ name, in: 'path', required: true, schema: ref(s), ...(s.description ? { description: s.description } : {}) })
    const qs = r.query as { properties?: Record<string, TSchema>; required?: string[] } | undefined
    for (const [name, s] of Object.entries(qs?.properties ?? {}))
      parameters.push({
        name,
        in: 'query',
        required: qs?.required?.includes(name) ?? false,
        schema: ref(s),
        ...(s.description ? { description: s.description } : {}),
      })
    const op: Record<string, unknown> = { operationId: r.id, summary: r.summary, tags: [r.tag] }
    if (parameters.length) op.parameters = parameters
    if (r.body) {
      op.requestBody = isUpload(r.body)
        ? { required: true, content: Object.fromEntries(r.body.upload.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }
        : { required: true, content: { 'application/json': { schema: ref(r.body as TSchema) } } }
    }
    const responses: Record<string, unknown> = {}
    for (const [status, raw] of Object.entries(r.responses)) {
      const spec = raw as ResponseSpec | undefined
      if (!spec) continue
      if (isFileResponse(spec))
        responses[status] = { description: spec.description ?? '文件', content: { [spec.file]: { schema: { type: 'string', format: 'binary' } } } }
      else {
        const content: Record<string, unknown> = { 'application/json': { schema: ref(spec as TSchema) } }
        for (const [media, when] of Object.entries(r.alsoAs ?? {})) content[media] = { schema: { type: 'string', format: 'binary', description: `${when} 时` } }
        responses[status] = { description: (spec as TSchema).description ?? (status === '201' ? '已创建' : '成功'), content }
      }
    }
    for (const s of errorStatuses(r))
      responses[String(s)] = { description: ERROR_TEXT[s] ?? '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
    op.responses = responses
    if (r.access.kind === 'public') op.security = []
    else {
      const perm =
        r.access.kind === 'session'
          ? '任何已登录用户'
          : `需要权限 ${r.access.permission}${r.access.kind === 'scheme' ? '（在路径所指方案中）' : r.access.kind === 'case' ? '（对该案件，且案件在用户的方案与辖区内）' : '（在用户所在的某个方案中）'}`
      op.description = perm
      op['x-permission'] = r.access.kind === 'session' ? null : r.access.permission
      if (r.method !== 'get') op.security = [{ session: [], csrf: [] }]
    }
    ;(paths[p] ??= {})[r.method] = op
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Daiban API（信访代办）',
      version: info.version,
      description: '由路由表生成：每个接口的权限、参数、请求体与响应均在此声明。错误统一为 {code, message, fields?, requestId?}。',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    tags: [...tags].sort().map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'daiban_sid', description: '登录后的会话 Cookie（POST /api/auth/login）' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: '会话的 CSRF 令牌（登录响应的 csrfToken），所有写请求须带' },
      },
      schemas: Object.fromEntries([...components.entries()].sort(([a], [b]) => a.localeCompare(b))),
    },
  }
}
