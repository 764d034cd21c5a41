import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import App from './App'
import { api, setCsrfToken, type SessionInfo } from './api'
import type { Lang } from './i18n'
import './style.css'

/**
 * Preset-colour tags write in the palette's 7th shade on its 1st; the defaults are below 4.5:1 at
 * tag size, so one shade darker. antd keeps each shade twice (`green7` and the legacy `green-7`),
 * and both become the one CSS variable `--ant-green-7`: the legacy key won when only `green7` was
 * set, so both are set.
 */
const TAG_TEXT: Record<string, string> = {
  green: '#237804',
  orange: '#ad4e00',
  blue: '#003eb3',
  red: '#a8071a',
  gold: '#874d00',
  purple: '#391085',
  cyan: '#006d75',
  magenta: '#9e1068',
  volcano: '#ad2102',
  geekblue: '#10239e',
  lime: '#3f6600',
  yellow: '#876800',
}

/**
 * antd's defaults give small text below WCAG AA contrast (4.5:1) on white: the primary blue #1677ff
 * (4.1:1), secondary text at 45% black (3.4:1), the status and preset tags' text. Darker values, checked by axe
 * in the designer suite (tests/browser-designer/axe.test.ts).
 */
const THEME: ThemeConfig = {
  token: {
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    // status tags and messages: text on the status's light background
    colorSuccess: '#237804',
    colorWarning: '#874d00',
    colorError: '#cf1322',
    // the light backgrounds antd derives from these darker seeds are grey-green and grey-brown
    // (the text on them fell to ~3:1): antd's default light ones instead
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    ...Object.fromEntries(
      Object.entries(TAG_TEXT).flatMap(([c, v]) => [
        [`${c}7`, v],
        [`${c}-7`, v],
      ]),
    ),
  },
}

function Root({ session }: { session: SessionInfo }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const q = new URLSearchParams(location.search).get('lang')
    if (q === 'en' || q === 'zh-CN') return q
    try {
      return localStorage.getItem('daiban.designer.lang') === 'en' ? 'en' : 'zh-CN'
    } catch {
      return 'zh-CN'
    }
  })
  const setLang = (l: Lang) => {
    setLangState(l)
    try {
      localStorage.setItem('daiban.designer.lang', l)
    } catch {
      /* ignore */
    }
  }
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
    document.documentElement.lang = lang
    document.title = lang === 'en' ? 'Daiban · Scheme designer' : '代办 · 方案设计器'
  }, [lang])
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <App lang={lang} setLang={setLang} session={session} />
      </AntApp>
    </ConfigProvider>
  )
}

// Signed in first: a 401 sends the browser to the staff app's sign-in, which comes back here.
api.me().then(
  (session) => {
    setCsrfToken(session.csrfToken)
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <Root session={session} />
      </StrictMode>,
    )
  },
  (e: unknown) => {
    const el = document.getElementById('root')!
    el.textContent = e instanceof Error ? e.message : String(e)
  },
)
