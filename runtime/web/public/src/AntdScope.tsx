/**
 * antd for the parts of the public page that use it (forms, status card, notice board, receipt):
 * loaded with them, not with the page's first screen. zh_CN is bundled here; en_US is loaded the
 * first time English is chosen.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { ConfigProvider, type ThemeConfig } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCN from 'antd/locale/zh_CN'
import { useI18n } from './i18n'

/** Text colours at WCAG AA (4.5:1) on white: antd's defaults (#1677ff 4.1:1, tertiary #8c8c8c 3.36:1, error #ff4d4f 3.3:1, the warning tag's text) do not pass. */
const THEME: ThemeConfig = {
  token: {
    fontSize: 16,
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorLinkHover: '#003eb3',
    colorTextTertiary: '#666666',
    colorTextDescription: '#666666',
    colorError: '#cf1322',
  },
  components: { Tag: { colorWarning: '#ad4e00' } },
}

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
