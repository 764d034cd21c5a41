import { Alert } from 'antd'
import type { ReactNode } from 'react'
import { ApiError, type JsonSchema } from '../api'
import { toErrorSchema } from '../fieldErrors'
import { useI18n } from '../i18n'

/**
 * What the server said about a refused submission: its message, and the problems that belong to no
 * field of the form (the others are shown against their fields).
 */
export function RefusalAlert({ error, schema, action }: { error: unknown; schema: JsonSchema | undefined; action?: ReactNode }) {
  const { t } = useI18n()
  if (!error) return null
  const api = error instanceof ApiError ? error : null
  const formErrors = api && schema ? toErrorSchema(api.fields, schema).formErrors.filter((m) => m !== api.message) : []
  const hasFieldErrors = !!api && !!schema && toErrorSchema(api.fields, schema).errorSchema !== undefined
  return (
    <Alert
      type={api?.isConflict ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="refusal"
      title={api ? api.message : error instanceof Error ? error.message : t('error.generic')}
      description={
        formErrors.length || hasFieldErrors ? (
          <>
            {formErrors.length ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {formErrors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
            {hasFieldErrors ? <div>{t('form.fixFields')}</div> : null}
          </>
        ) : undefined
      }
      action={action}
    />
  )
}
