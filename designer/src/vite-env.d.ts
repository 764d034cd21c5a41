/// <reference types="vite/client" />

declare module 'monaco-editor/language/json/monaco.contribution' {
  export * from 'monaco-editor/languages/features/json/register'
}
declare module 'ajv-i18n/localize/zh' {
  import type { ErrorObject } from 'ajv'
  const localize: (errors?: null | ErrorObject[]) => void
  export default localize
}
