/**
 * Moved to runtime/errors.ts (#19): this re-export stays for one release, for importers not yet
 * updated. `notFound` here keeps its old signature (a Chinese name; English says "not found").
 */
import { ServiceError } from '../errors'

export { ServiceError }
export const notFound = (what: string) => new ServiceError('NOT_FOUND', { zh: `未找到${what}`, en: 'Not found' })
