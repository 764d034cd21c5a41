/** 公示: the notice board on a phone, with a print button for the A4 poster hung at each service point. */
import { Alert, Button, Skeleton } from 'antd'
import { PrinterOutlined } from '@ant-design/icons'
import type { Notice } from './api'
import NoticeView from './NoticeView'
import { useI18n } from './i18n'

export default function NoticeTab({ notice, error, onRetry }: { notice: Notice | null; error: string | null; onRetry: () => void }) {
  const { t } = useI18n()
  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={onRetry}>{t('common.retry')}</Button>} />
  if (!notice) return <Skeleton active paragraph={{ rows: 10 }} />
  return (
    <div className="pub-notice-board" data-testid="notice-board">
      <div className="pub-print-bar pn-screen-only">
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="notice-print">
          {t('notice.print')}
        </Button>
      </div>
      <NoticeView notice={notice} complainHref="#complaint" publicUrl={`${location.origin}${location.pathname}`} titleAs="h2" />
    </div>
  )
}
