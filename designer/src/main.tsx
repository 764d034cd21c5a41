import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import App from './App'
import { api, setCsrfToken, type SessionInfo } from './api'
import type { Lang } from './i18n'
import './style.css'

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
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif' } }}>
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
