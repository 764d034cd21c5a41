import { Alert, Button, Result } from 'antd'
import { ApiError } from '../api'
import { useI18n } from '../i18n'

export function errorMessage(e: unknown, fallback: string): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return fallback
}

/** A failed load, with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n()
  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title={error.message} />
  }
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error, t('error.generic'))}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  )
}
