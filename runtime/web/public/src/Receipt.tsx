/** The receipt after a petition is filed: the tracking code to keep, what happens next (loaded with antd, when shown). */
import { useState } from 'react'
import { Alert, Button, Result } from 'antd'
import type { Receipt } from './api'
import { useI18n } from './i18n'
import { useFocusOnShow } from './a11y'

export default function ReceiptView({ receipt, onLookup, onAnother }: { receipt: Receipt; onLookup: () => void; onAnother: () => void }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  // the petition went in: focus the receipt's heading (a screen reader reads "submitted")
  const heading = useFocusOnShow<HTMLHeadingElement>()
  return (
    <div className="pub-receipt" data-testid="receipt">
      <Result
        status="success"
        title={
          <h2 ref={heading} tabIndex={-1} className="pub-result-title" data-testid="receipt-title">
            {t('receipt.title')}
          </h2>
        }
        subTitle={t('receipt.sub', { number: receipt.number, date: receipt.receivedOn })}
      />
      <div className="pub-code-label">{t('receipt.codeLabel')}</div>
      <div className="pub-code" data-testid="tracking-code">
        {receipt.trackingCode}
      </div>
      <div className="pub-code-actions">
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(receipt.trackingCode).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }}
        >
          {t(copied ? 'receipt.copied' : 'receipt.copy')}
        </Button>
      </div>
      <Alert type="warning" showIcon title={t('receipt.keep')} />
      <div className="pub-next">
        <div className="pub-limits-title">{t('receipt.next')}</div>
        <ol>
          <li>{t('receipt.next1')}</li>
          <li>{t('receipt.next2')}</li>
          <li>{t('receipt.next3')}</li>
          <li>{t('receipt.next4')}</li>
        </ol>
      </div>
      <div className="pub-actions">
        <Button type="primary" size="large" block onClick={onLookup} data-testid="go-status">
          {t('receipt.lookup')}
        </Button>
        <Button size="large" block onClick={onAnother}>
          {t('receipt.another')}
        </Button>
      </div>
    </div>
  )
}
