/**
 * Service errors carry a stable code and, for input problems, the located problems. The HTTP
 * layer maps codes to statuses in one table; the CLI prints them. Messages are Chinese.
 */
import type { Problem } from '../../engine'

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `未找到${what} / not found`)
