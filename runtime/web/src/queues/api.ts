/**
 * The intake routes as the staff app calls them (runtime/server/routes/intake.ts): the 工作台's
 * queues, and the 代办单's starting values when a petition is triaged.
 */
import { api } from '../data'
import type { ApiResponse } from '../../../server/contract/types'

/** GET /api/schemes/:id/queues */
export type Queues = ApiResponse<'get', '/api/schemes/:id/queues'>
export type Queue = Queues['queues'][number]
export type QueueId = Queue['id']
export type QueueItem = Queue['items'][number]

/** GET /api/cases/:caseId/triage */
export type TriageStart = ApiResponse<'get', '/api/cases/:caseId/triage'>

const r = () => api.client.request

export const queuesApi = {
  queues: (schemeId: string) => r()('get', '/api/schemes/:id/queues', { params: { id: schemeId } }),
  triageStart: (caseId: string) => r()('get', '/api/cases/:caseId/triage', { params: { caseId } }),
  /** The triage event, with the reason for a received date other than the submission's */
  triage: (caseId: string, body: { type: string; form: Record<string, unknown>; expectedVersion: number; reason?: string }) =>
    r()('post', '/api/cases/:caseId/events', { params: { caseId }, body }),
}
