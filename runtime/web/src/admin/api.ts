/**
 * The account routes (runtime/server/routes/auth.ts) as the administration screens call them, with
 * the shapes the contract declares.
 */
import { api } from '../data'
import type { ApiResponse } from '../../../server/contract/types'
import type { Named, Org } from '../api'

export type Account = ApiResponse<'get', '/api/accounts'>['items'][number]
export type Grant = Account['grants'][number]
export type AccountSession = ApiResponse<'get', '/api/accounts/:username/sessions'>['items'][number]

/** A role of the org definition, with its scope (which of village and unit it takes). */
export interface OrgRole extends Named {
  scope: 'all' | 'village' | 'unit'
  permissions: string[]
  description?: string
}

/** The org as the scheme route sends it, roles included. */
export type OrgWithRoles = Org & { roles: OrgRole[] }

const r = () => api.client.request

export const adminApi = {
  accounts: () => r()('get', '/api/accounts'),
  create: (b: { username: string; displayName?: string; password: string; grants: Grant[] }) => r()('post', '/api/accounts', { body: b }),
  update: (username: string, b: { displayName?: string; grants?: Grant[]; disabled?: boolean }) =>
    r()('patch', '/api/accounts/:username', { params: { username }, body: b }),
  resetLink: (username: string) => r()('post', '/api/accounts/:username/reset-link', { params: { username } }),
  sessions: (username: string) => r()('get', '/api/accounts/:username/sessions', { params: { username } }),
  endSession: (username: string, handle: string) => r()('delete', '/api/accounts/:username/sessions/:handle', { params: { username, handle } }),
  checkReset: (token: string) => r()('post', '/api/auth/reset/check', { body: { token } }),
  reset: (token: string, password: string) => r()('post', '/api/auth/reset', { body: { token, password } }),
}

/** The link the account manager hands over: the staff app's reset page, the token in the hash (never sent to a server). */
export function resetUrl(token: string, loc: Pick<Location, 'origin' | 'pathname'> = window.location): string {
  return `${loc.origin}${loc.pathname}#/reset?token=${encodeURIComponent(token)}`
}

/** The designer on this server, opened on a scheme (and the file to show). */
export function designerUrl(schemeId: string, file?: string): string {
  const q = new URLSearchParams({ scheme: schemeId, ...(file ? { file } : {}) })
  return `/designer/?${q.toString()}`
}
