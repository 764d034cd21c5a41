/** The previews beside the editor, one tab each, loaded when first shown. */
import { lazy, Suspense } from 'react'
import { Spin, Tabs } from 'antd'
import type { PreviewTab } from '../lib/kinds'
import type { PreviewProps } from '../panels/ctx'

const FormPreview = lazy(() => import('../panels/FormPreview'))
const RuleTester = lazy(() => import('../panels/RuleTester'))
const WorkflowDiagram = lazy(() => import('../panels/WorkflowDiagram'))
const DeadlineCalc = lazy(() => import('../panels/DeadlineCalc'))
const ScoringSim = lazy(() => import('../panels/ScoringSim'))
export const spin = (
  <div style={{ padding: 16 }}>
    <Spin />
  </div>
)

export function PreviewPane({
  tab,
  setTab,
  preview,
  cursorFormId,
  cursorMachineId,
}: {
  tab: PreviewTab
  setTab(t: PreviewTab): void
  preview: PreviewProps
  cursorFormId: string | null
  cursorMachineId: string | null
}) {
  const { t } = preview.i18n
  return (
    <div style={{ height: '100%', display: 'flex', flexDirection: 'column', background: '#fff' }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as PreviewTab)}
        size="small"
        style={{ padding: '0 12px', flex: '0 0 auto' }}
        items={[
          { key: 'form', label: t('pvForm') },
          { key: 'rules', label: t('pvRules') },
          { key: 'workflow', label: t('pvWorkflow') },
          { key: 'deadline', label: t('pvDeadline') },
          { key: 'scoring', label: t('pvScoring') },
        ]}
      />
      <div style={{ flex: 1, minHeight: 0, overflow: tab === 'workflow' ? 'hidden' : 'auto', padding: '0 12px 12px' }} data-testid="preview">
        <Suspense fallback={spin}>
          {tab === 'form' && <FormPreview {...preview} cursorFormId={cursorFormId} />}
          {tab === 'rules' && <RuleTester {...preview} />}
          {tab === 'workflow' && <WorkflowDiagram {...preview} cursorMachineId={cursorMachineId} />}
          {tab === 'deadline' && <DeadlineCalc {...preview} />}
          {tab === 'scoring' && <ScoringSim {...preview} />}
        </Suspense>
      </div>
    </div>
  )
}
