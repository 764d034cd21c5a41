/** The designer's header: the scheme, a fork's upstream badge, the views, the draft's state and the actions on it, the user and the language. */
import { useRef } from 'react'
import { Button, Dropdown, Layout, Menu, Select, Space, Tag, Tooltip, Typography } from 'antd'
import {
  CloudUploadOutlined,
  DownloadOutlined,
  UploadOutlined,
  SafetyCertificateOutlined,
  RollbackOutlined,
  SaveOutlined,
  TranslationOutlined,
  UserOutlined,
  LogoutOutlined,
  ForkOutlined,
  BranchesOutlined,
  UndoOutlined,
  RedoOutlined,
  MoreOutlined,
} from '@ant-design/icons'
import type { SchemeListItem, SessionInfo, UpstreamStatus } from '../api'
import type { I18n, Lang } from '../i18n'
import type { DraftHistory } from '../draft/history'
import type { DraftFiles } from '../visual/kit'
import { DraftSearch } from '../panels/DraftSearch'
import type { DraftMeta } from './useDraft'
import type { SaveState } from './useAutosave'

export type View = 'edit' | 'impact' | 'versions'

function DraftStatus({ meta, dirty, saveState, i18n }: { meta: DraftMeta; dirty: boolean; saveState: SaveState; i18n: I18n }) {
  const { t, lang } = i18n
  const savedBy =
    meta.updatedAt && meta.updatedBy
      ? t('savedBy', { who: meta.updatedBy, when: new Date(meta.updatedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) })
      : null
  return (
    <Space size={4} data-testid="draft-state">
      <Tooltip title={t('basedOn', { version: meta.baseVersion }) + (savedBy ? ' · ' + savedBy : '')}>
        {meta.pristine && !dirty ? <Tag color="green">{t('pristine')}</Tag> : <Tag color="orange">{t('modified')}</Tag>}
      </Tooltip>
      <Tooltip title={savedBy ?? t('basedOn', { version: meta.baseVersion })}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="draft-who" className="daiban-wide-only">
          {t('basedOn', { version: meta.baseVersion })}
          {meta.updatedAt && meta.updatedBy
            ? ` · ${meta.updatedBy} ${new Date(meta.updatedAt).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' })}`
            : ''}
        </Typography.Text>
      </Tooltip>
      {saveState.kind === 'saving' ? (
        <Tag color="processing">{t('saving')}</Tag>
      ) : saveState.kind === 'error' ? (
        <Tooltip title={saveState.msg}>
          <Tag color="error">{t('saveFailed', { msg: '' })}</Tag>
        </Tooltip>
      ) : dirty ? (
        <Tag color="warning" data-testid="unsaved">
          {t('unsaved')}
        </Tag>
      ) : (
        <Tag data-testid="saved">{t('saved')}</Tag>
      )}
    </Space>
  )
}

function UpstreamBadge({ upstream, onOpen, i18n }: { upstream: UpstreamStatus | null; onOpen(): void; i18n: I18n }) {
  const { t } = i18n
  if (!upstream?.forked) return null
  if (upstream.upstream === null)
    return (
      <Tag data-testid="upstream-badge" data-state="missing">
        {t('upstreamMissing', { id: upstream.forkPoint?.id ?? '' })}
      </Tag>
    )
  return upstream.hasChanges ? (
    <Tooltip title={t('upstreamHasTip', { id: upstream.upstream.id, version: upstream.upstream.version, from: upstream.forkPoint?.version ?? '' })}>
      <Tag
        color={upstream.mergedInDraft ? 'blue' : 'orange'}
        icon={<BranchesOutlined />}
        style={{ cursor: 'pointer' }}
        onClick={onOpen}
        data-testid="upstream-badge"
        data-state={upstream.mergedInDraft ? 'merged' : 'changes'}
      >
        {upstream.mergedInDraft ? t('upstreamInDraft') : t('upstreamHas')}
      </Tag>
    </Tooltip>
  ) : (
    <Tooltip title={t('upstreamNoneTip', { id: upstream.upstream.id, version: upstream.forkPoint?.version ?? '' })}>
      <Tag icon={<BranchesOutlined />} data-testid="upstream-badge" data-state="current">
        {t('upstreamNone')}
      </Tag>
    </Tooltip>
  )
}

export function AppHeader(p: {
  i18n: I18n
  setLang(l: Lang): void
  session: SessionInfo
  signOut(): void
  schemes: SchemeListItem[]
  schemeId: string
  setSchemeId(id: string): void
  upstream: UpstreamStatus | null
  openUpstream(): void
  view: View
  setView(v: View): void
  meta: DraftMeta | null
  dirty: boolean
  saveState: SaveState
  draftHistory: DraftHistory
  travel(dir: 'undo' | 'redo'): void
  save(): void
  files: DraftFiles['files']
  jumpTo(file: string, pointer: string): void
  validate(): void
  openPublish(): void
  openFork(): void
  discard(): void
  importFile(f: File): void
  exportDraft(): void
}) {
  const { i18n, session, draftHistory, meta } = p
  const { t, lang } = i18n
  const fileInput = useRef<HTMLInputElement>(null)
  return (
    <Layout.Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        padding: '0 16px',
        background: '#fff',
        borderBottom: '1px solid #f0f0f0',
        height: 52,
        lineHeight: '52px',
      }}
    >
      {/* the app's name, not a heading: each screen's <h1> is in <main> */}
      <Typography.Text strong style={{ whiteSpace: 'nowrap', fontSize: 17 }}>
        {t('appTitle')}
      </Typography.Text>
      <Select
        size="small"
        style={{ width: 150 }}
        value={p.schemeId || undefined}
        onChange={p.setSchemeId}
        options={p.schemes.map((s) => ({ value: s.id, label: `${s.name}` }))}
        aria-label={t('scheme')}
        data-testid="scheme-select"
      />
      <UpstreamBadge upstream={p.upstream} onOpen={p.openUpstream} i18n={i18n} />
      <Menu
        mode="horizontal"
        selectedKeys={[p.view]}
        onClick={(e) => p.setView(e.key as View)}
        style={{ flex: '0 0 auto', minWidth: 236, borderBottom: 'none', lineHeight: '50px' }}
        items={[
          { key: 'edit', label: t('tabEdit') },
          { key: 'impact', label: t('tabImpact') },
          { key: 'versions', label: t('tabVersions') },
        ]}
      />
      <div style={{ flex: 1, minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap' }}>
        {meta && <DraftStatus meta={meta} dirty={p.dirty} saveState={p.saveState} i18n={i18n} />}
      </div>
      <Space size={4} style={{ flex: '0 0 auto' }}>
        <Tooltip title={draftHistory.undoLabel ? t('histUndo', { what: draftHistory.undoLabel }) : t('histNothing')}>
          <Button
            size="small"
            icon={<UndoOutlined />}
            onClick={() => p.travel('undo')}
            disabled={!draftHistory.undoLabel}
            data-testid="undo"
            aria-label={t('histUndoShort')}
          />
        </Tooltip>
        <Tooltip title={draftHistory.redoLabel ? t('histRedo', { what: draftHistory.redoLabel }) : t('histNothing')}>
          <Button
            size="small"
            icon={<RedoOutlined />}
            onClick={() => p.travel('redo')}
            disabled={!draftHistory.redoLabel}
            data-testid="redo"
            aria-label={t('histRedoShort')}
          />
        </Tooltip>
        <Tooltip title={t('save')}>
          <Button size="small" icon={<SaveOutlined />} onClick={p.save} disabled={!p.dirty} aria-label={t('save')} />
        </Tooltip>
        {/* the header's 52 px line height would make the input as tall */}
        <span style={{ lineHeight: 'normal', display: 'inline-flex' }}>
          <DraftSearch files={p.files} lang={lang} onPick={(file, pointer) => p.jumpTo(file, pointer)} />
        </span>
        <Button size="small" icon={<SafetyCertificateOutlined />} onClick={p.validate}>
          {t('validate')}
        </Button>
        <Button size="small" type="primary" icon={<CloudUploadOutlined />} onClick={p.openPublish} data-testid="publish-open">
          {t('publish')}
        </Button>
        <Tooltip title={t('forkBtn')}>
          <Button
            size="small"
            icon={<ForkOutlined />}
            onClick={p.openFork}
            disabled={!p.schemes.some((s) => s.id === p.schemeId)}
            data-testid="fork-open"
            aria-label={t('forkBtn')}
          />
        </Tooltip>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'discard', icon: <RollbackOutlined />, label: t('discard'), danger: true, disabled: !!meta?.pristine && !p.dirty },
              { key: 'import', icon: <UploadOutlined />, label: t('importBtn') },
              { key: 'export', icon: <DownloadOutlined />, label: t('exportBtn') },
            ],
            onClick: ({ key }) => (key === 'discard' ? p.discard() : key === 'import' ? fileInput.current?.click() : p.exportDraft()),
          }}
        >
          <Button size="small" icon={<MoreOutlined />} data-testid="more-actions" aria-label={t('moreActions')} />
        </Dropdown>
        <Tooltip title={`${session.user.displayName || session.user.username} (${session.user.username})`}>
          <Typography.Text
            data-testid="designer-user"
            style={{ whiteSpace: 'nowrap', maxWidth: 80, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'middle' }}
          >
            <UserOutlined /> {session.user.displayName || session.user.username}
          </Typography.Text>
        </Tooltip>
        <Tooltip title={t('signOut')}>
          <Button size="small" icon={<LogoutOutlined />} onClick={p.signOut} data-testid="designer-logout" aria-label={t('signOut')} />
        </Tooltip>
        <Button size="small" icon={<TranslationOutlined />} onClick={() => p.setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
          {t('lang')}
        </Button>
      </Space>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        style={{ display: 'none' }}
        data-testid="import-input"
        onChange={(e) => {
          const f = e.target.files?.[0]
          e.target.value = ''
          if (f) p.importFile(f)
        }}
      />
    </Layout.Header>
  )
}
