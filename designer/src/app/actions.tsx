/**
 * The header's actions on the draft: validate on the server, discard, export the draft or a version
 * as a bundle file, import a bundle (checked first, then confirmed).
 */
import { Modal, message } from 'antd'
import { api, problemsOf, type Draft } from '../api'
import type { I18n } from '../i18n'
import { makeBundle, bundleFileName, parseBundle } from '../lib/bundle'
import { ProblemList } from '../panels/ProblemList'
import type { Texts } from './useDraft'
import type { RefObject } from 'react'

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function draftActions(o: {
  schemeId: string
  i18n: I18n
  orderRef: RefObject<string[]>
  textsRef: RefObject<Texts>
  flush(): Promise<void>
  cancelAutosave(): void
  applyDraft(d: Draft): void
  jumpTo(file: string, pointer: string): void
}) {
  const { schemeId, i18n, orderRef, textsRef, flush, cancelAutosave, applyDraft, jumpTo } = o
  const { t, lang } = i18n
  const validate = async () => {
    try {
      await flush()
      const r = await api.validate(schemeId)
      if (r.ok) message.success(t('validateOk'))
      else {
        Modal.error({
          title: t('validateProblems', { n: r.problems.length }),
          width: 760,
          content: (
            <ProblemList
              problems={r.problems}
              i18n={i18n}
              onJump={(f, p) => {
                Modal.destroyAll()
                jumpTo(f, p)
              }}
            />
          ),
        })
      }
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const discard = () => {
    Modal.confirm({
      title: t('discard'),
      content: t('discardConfirm'),
      okText: t('discard'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        cancelAutosave()
        const d = await api.discard(schemeId)
        applyDraft(d)
        message.success(t('discarded'))
      },
    })
  }
  const exportDraft = async () => {
    try {
      await flush()
      const b = makeBundle(
        schemeId,
        orderRef.current.map((f) => ({ file: f, text: textsRef.current[f] ?? '' })),
        'draft',
      )
      download(bundleFileName(b), JSON.stringify(b, null, 2))
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const exportVersion = async (ref: string, label: string) => {
    try {
      const r = await api.versionFiles(schemeId, ref)
      const b = makeBundle(schemeId, r.files, label)
      download(bundleFileName(b), JSON.stringify(b, null, 2))
    } catch (e) {
      message.error(t('error', { msg: (e as Error).message }))
    }
  }
  const importFile = async (f: File) => {
    const text = await f.text()
    const r = parseBundle(text, schemeId)
    const pick = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh)
    if (!r.bundle) {
      Modal.error({
        title: t('importRefused'),
        content: (
          <ul data-testid="import-errors">
            {r.errors.map((e, i) => (
              <li key={i}>{pick(e)}</li>
            ))}
          </ul>
        ),
      })
      return
    }
    const bundle = r.bundle
    Modal.confirm({
      title: t('importTitle'),
      width: 620,
      content: (
        <div>
          <p>{t('importConfirm', { n: bundle.files.length })}</p>
          <p style={{ fontFamily: 'monospace', fontSize: 12 }}>{bundle.files.map((x) => x.file).join('  ')}</p>
          {r.warnings.length > 0 && (
            <>
              <b>{t('importWarnings')}</b>
              <ul>
                {r.warnings.map((w, i) => (
                  <li key={i}>{pick(w)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ),
      okText: t('importBtn'),
      cancelText: t('cancel'),
      onOk: async () => {
        try {
          cancelAutosave()
          await flush().catch(() => {})
          const res = await api.replaceDraft(schemeId, bundle.files)
          applyDraft(res.draft)
          message.success(t('importOk', { n: bundle.files.length }))
        } catch (e) {
          message.error(
            t('error', {
              msg:
                (e as Error).message +
                (problemsOf(e).length
                  ? ` (${problemsOf(e)
                      .map((p) => p.message)
                      .join('; ')})`
                  : ''),
            }),
          )
        }
      },
    })
  }
  return { validate, discard, exportDraft, exportVersion, importFile }
}
