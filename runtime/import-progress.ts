/**
 * The progress of an import (`?progress=1` streams it as NDJSON lines): one declaration, outside
 * both layers that use it, as the layer rule wants — the import service (runtime/channels/import.ts)
 * reports it, the contract (runtime/server/contract/models.ts) names this schema for the route table.
 */
import { Type, type Static } from '@sinclair/typebox'

/** Outcome counts while an import runs: each row counted once its outcome is final. */
export const ImportProgressSchema = Type.Object(
  {
    rows: Type.Integer({ description: '文件的数据行数' }),
    done: Type.Integer({ description: '结果已确定的行数' }),
    created: Type.Integer(),
    duplicates: Type.Integer(),
    rejected: Type.Integer({ description: '被拒绝的行数（一行有多个问题只计一次）' }),
  },
  { additionalProperties: true },
)

export type ImportProgress = Static<typeof ImportProgressSchema>
