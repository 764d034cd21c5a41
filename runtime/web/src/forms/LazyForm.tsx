/** The rjsf form, loaded on first use so the first screen stays small. */
import { lazy, Suspense } from 'react'
import { Skeleton } from 'antd'
import type { SchemaFormProps } from './SchemaForm'

const SchemaForm = lazy(() => import('./SchemaForm'))

export type { SchemaFormProps, Refusal } from './SchemaForm'

export function LazySchemaForm(props: SchemaFormProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <SchemaForm {...props} />
    </Suspense>
  )
}
