/**
 * The frame of every print page (the case prints, the reports, the duty roster and notice): the
 * toolbar above the sheets (back, print, a hint; not printed), the A4 sheet, the header of a
 * document, and what shows while its data loads or fails to. Styles: ./print.css.
 */
import { useEffect, type ReactNode } from 'react'
import { Button, Space, Spin } from 'antd'
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import { useI18n } from '../i18n'
import { LoadError } from '../components/Problem'
import './print.css'
import { useT as useA11yT } from '../a11y/messages'

/** Print mode for the whole document while the page is shown: the grey desk, no app chrome. */
export function usePrintingView(): void {
  useEffect(() => {
    document.body.classList.add('printing-view')
    return () => document.body.classList.remove('printing-view')
  }, [])
}

/**
 * A print page: the toolbar (back to `back`, print, `hint` — by default "A4 paper, portrait") above
 * its sheets.
 */
export function PrintPage({
  back,
  hint,
  testId,
  className,
  children,
}: {
  back: string
  hint?: string
  testId: string
  className?: string
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <div className={className ? `print-root ${className}` : 'print-root'} data-testid={testId}>
      <header className="print-toolbar no-print">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} href={back}>
            {t('common.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
            {t('print.button')}
          </Button>
          <span className="muted">{hint ?? t('print.hint')}</span>
        </Space>
      </header>
      <main>{children}</main>
    </div>
  )
}

/** One A4 sheet. */
export function Sheet({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={className ? `sheet ${className}` : 'sheet'} data-testid={testId}>
      {children}
    </section>
  )
}

/** A document's header: its title, and the line of details under it (each item a span). */
export function DocHead({ title, titleClassName, meta }: { title: ReactNode; titleClassName?: string; meta: ReactNode[] }) {
  return (
    <header className="doc-head">
      <h1 className={titleClassName}>{title}</h1>
      {meta.length ? (
        <div className="doc-meta">
          {meta.map((m, i) => (
            <span key={i}>{m}</span>
          ))}
        </div>
      ) : null}
    </header>
  )
}

/** A label and its value, underlined as on a form (an empty value leaves a blank to fill by hand). */
export function Filled({ label, value }: { label: ReactNode; value: ReactNode }) {
  return (
    <>
      {label}：<u>{value || '\u3000\u3000\u3000\u3000'}</u>
    </>
  )
}

/** The data of a print page failed to load (with a retry) … */
export function PrintLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const at = useA11yT()
  return (
    <div className="print-toolbar">
      {/* the page's heading, for screen readers (the message below says what failed) */}
      <h1 className="sr-only">{at('printFailed')}</h1>
      <LoadError error={error} onRetry={onRetry} />
    </div>
  )
}

/** … or is still on its way. */
export function PrintWaiting({ error, onRetry }: { error?: unknown; onRetry: () => void }) {
  if (error) return <PrintLoadError error={error} onRetry={onRetry} />
  return (
    <div className="center-pad">
      <Spin />
    </div>
  )
}
