/** The public API (no sign-in): scheme info, the challenge, filing a petition, status lookup. */

export const SCHEME = 'galutu'

export interface JsonSchema {
  type?: string
  title?: string
  required?: string[]
  properties?: Record<string, JsonSchema>
  [k: string]: unknown
}

export interface PublicInfo {
  town: string
  scheme: string
  channel: string
  notice: string
  timeLimits: Array<{ id: string; name: string; days: number; unit: 'workday' | 'calendar' | string; source?: string | null }>
  form: { id: string; name: string; schema: JsonSchema; uiSchema: Record<string, unknown> }
}

export interface Receipt {
  trackingCode: string
  number: string
  receivedOn: string
  message: string
}

export interface Status {
  number: string
  receivedOn: string
  stage: string
  outcome: { name: string; reasons: string[] } | null
  handledBy: string | null
  units: string[]
  dueDate: string | null
  workdaysLeft: number | null
  concluded: { on: string; result: string } | null
  followUp: { on: string } | null
  done: boolean
}

export interface FieldProblem {
  field: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message)
  }
}

/** "中文 / english" → "中文" (the server adds an English gloss for logs) */
export const zhOnly = (m: string) => m.split(' / ')[0]!.trim()

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, '网络连接失败，请检查网络后重试')
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const fallback = res.status === 429 ? '请求过于频繁，请稍后再试' : `请求失败（${res.status}），请稍后再试`
    const msg = typeof data.message === 'string' ? zhOnly(data.message) : fallback
    const fields = Array.isArray(data.fields) ? (data.fields as FieldProblem[]).filter((f) => f && typeof f.field === 'string') : []
    throw new ApiError(res.status, msg, fields)
  }
  return data as T
}

export const getInfo = () => call<PublicInfo>('GET', `/api/public/${SCHEME}/info`)
export const getChallenge = () => call<{ token: string; difficulty: number; expiresAt: string }>('GET', '/api/public/challenge')
export const submitPetition = (body: { form: Record<string, unknown>; challenge: string; solution: string; submissionId: string }) =>
  call<Receipt>('POST', `/api/public/${SCHEME}/petitions`, body)
export const lookupStatus = (code: string, phoneLast4: string) => call<Status>('POST', '/api/public/status', { code, phoneLast4 })

/** 8–64 characters of [A-Za-z0-9_-], made once per form fill so a retry is not filed twice */
export function newSubmissionId(): string {
  const bytes = new Uint8Array(18)
  crypto.getRandomValues(bytes)
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return Array.from(bytes, (b) => abc[b & 63]).join('')
}

/** The fields the server fills itself: never shown, never sent */
export const SYSTEM_FIELDS = ['channel', 'receivedOn', 'sourceId']

/** The public notice board (GET /api/public/:id/notice): definitions, officers' names and office phones, how to complain. */
export interface Notice {
  town: string
  date: string
  scheme: { name: string; source: string | null }
  intro: string | null
  system: {
    roster: { unit: string; shifts: Array<{ name: string; perWorkday: number; role: string }>; source: string | null } | null
    gridAttendance: { minDaysPerWeek: number; source: string | null } | null
    obligations: Array<{ name: string; cadence: string; scope: string; source: string | null }>
  }
  process: Array<{ name: string; nameEn?: string; description: string | null }>
  workflow: string | null
  timeLimits: Array<{ name: string; days: number; unit: string; source: string | null }>
  scope: {
    proxied: Array<{ name: string; description: string | null }>
    notProxied: Array<{ name: string; description: string | null; when: Array<{ name: string; reason: string }> }>
    groups: Array<{ name: string; leader: string; categories: string[] }>
  }
  servicePoints: Array<{ name: string; type: string; village: string | null; officers: Array<{ name: string; role: string; officePhone: string | null }> }>
  onDutyToday: Array<{ name: string; people: string[] }> | null
  complain: {
    ways: string[]
    phone: string | null
    mailbox: string | null
    replyWithin: { days: number; unit: string } | null
    online: { notice: string | null; form: JsonSchema } | null
    source: string | null
  } | null
}

export interface ComplaintReceipt {
  number: string
  receivedOn: string
  replyBy: string | null
  message: string
}

export const getNotice = (scheme: string = SCHEME) => call<Notice>('GET', `/api/public/${encodeURIComponent(scheme)}/notice`)
export const submitComplaint = (body: { form: Record<string, unknown>; challenge: string; solution: string; submissionId: string }) =>
  call<ComplaintReceipt>('POST', `/api/public/${SCHEME}/complaints`, body)
