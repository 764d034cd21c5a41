/** A screen the role may not open: its heading (every screen has one <h1>) and why it is empty. */
import { Alert } from 'antd'

export function NoAccess({ title, message, testId }: { title: string; message: string; testId?: string }) {
  return (
    <>
      <div className="page-title">
        <h1>{title}</h1>
      </div>
      <Alert type="warning" showIcon title={message} {...(testId ? { 'data-testid': testId } : {})} />
    </>
  )
}
