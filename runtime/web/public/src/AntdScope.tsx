/**
 * antd for the parts of the public page that use it (forms, status card, notice board, receipt):
 * loaded with them, not with the page's first screen. zh_CN is bundled here; en_US is loaded the
 * first time English is chosen.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { ConfigProvider } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCN from 'antd/locale/zh_CN'
import { useI18n } from './i18n'

const THEME = { token: { fontSize: 16 } }

export default function AntdScope({ children }: { children: ReactNode }) {
  const { lang } = useI18n()
  const [enLocale, setEnLocale] = useState<Locale | null>(null)
  useEffect(() => {
    if (lang === 'en' && !enLocale) void import('antd/locale/en_US').then((m) => setEnLocale(m.default))
  }, [lang, enLocale])
  return (
    <ConfigProvider locale={lang === 'en' && enLocale ? enLocale : zhCN} theme={THEME}>
      {children}
    </ConfigProvider>
  )
}
