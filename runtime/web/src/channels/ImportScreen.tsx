/**
 * 批量导入 (`#/intake`): cases from the 12345 hotline and the online platforms. The officer picks the
 * source (the channels with import settings in the scheme's org definition, whose column mapping is
 * shown), a CSV or .xlsx file, and either checks it (nothing created) or imports it. The result
 * counts created cases, rows skipped by the source's own id and rows refused; the refused rows are
 * listed by row and column and download as an error report the server writes. While a file runs,
 * the rows processed and the counts so far show as the server streams them (./importStream.ts).
 */
import { useMemo, useState } from 'react'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Progress,
  Radio,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons'
import type { FormDef } from '../api'
import { loadScheme, useAsync, useSchemeId } from '../data'
import { areaMessages, useI18n } from '../i18n'
import { href } from '../router'
import { fieldTitle } from '../schemaUtil'
import { errorMessage, LoadError } from '../components/Problem'
import { channelsApi, MAX_IMPORT_MB, saveBlob, type ImportResult } from './api'
import { importChannels, importCounts, importFileKind, templateCsv, type ImportChannel } from './logic'
import { useT } from './messages'
import { importWithProgress, type ImportProgress } from './importStream'

const useProgressT = areaMessages(
  {
    'progress.importing': '正在导入…',
    'progress.checking': '正在校验…',
    'progress.rows': '已处理 {done} / {rows} 行',
    'progress.created': '已新建',
    'progress.wouldCreate': '可新建',
    'progress.duplicates': '重复（跳过）',
    'progress.rejected': '有误',
    'progress.reading': '正在读取文件…',
    'progress.incomplete': '导入的响应不完整：请在案件列表中查看已导入的案件，再重新导入该文件（已导入的行不会重复建案）',
  },
  {
    'progress.importing': 'Importing…',
    'progress.checking': 'Checking…',
    'progress.rows': '{done} of {rows} rows processed',
    'progress.created': 'Created',
    'progress.wouldCreate': 'Would create',
    'progress.duplicates': 'Duplicates (skipped)',
    'progress.rejected': 'With errors',
    'progress.reading': 'Reading the file…',
    'progress.incomplete':
      'The import’s answer was cut short: look for the imported cases in the case list, then import the file again (rows already imported are not created twice)',
  },
)

const caseLink = (number: string) => href(`/cases/${encodeURIComponent(number)}`)
/** Duplicates within one file name the earlier row, not a case number. */
const looksLikeNumber = (s: string) => /^[A-Z]{2,8}-/.test(s)

export default function ImportScreen() {
  const t = useT()
  const i18n = useI18n()
  const { message } = App.useApp()
  const schemeId = useSchemeId()
  const bundle = useAsync(() => loadScheme(schemeId), [schemeId])
  const sources = useMemo(() => importChannels(bundle.data?.scheme.org), [bundle.data])
  const [channelId, setChannelId] = useState<string | null>(null)
  const source = sources.find((s) => s.id === channelId) ?? sources[0]
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [dryRun, setDryRun] = useState(false)
  const [busy, setBusy] = useState<'run' | 'report' | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [result, setResult] = useState<{ r: ImportResult; dryRun: boolean; file: File; channel: string } | null>(null)
  const [progress, setProgress] = useState<{ p: ImportProgress | null; dryRun: boolean } | null>(null)
  const pt = useProgressT()

  if (bundle.error) return <LoadError error={bundle.error} onRetry={bundle.reload} />
  if (!bundle.data) return <Skeleton active />
  if (!source) return <Alert type="info" showIcon title={t('import.noSources')} data-testid="import-no-sources" />
  const form = bundle.data.forms.find((f) => f.id === source.import.form)

  const pick = (f: File) => {
    setResult(null)
    setError(null)
    if (!importFileKind(f.name)) {
      setFile(null)
      setFileError(t('import.badType'))
    } else if (f.size > MAX_IMPORT_MB * 1024 * 1024) {
      setFile(null)
      setFileError(t('import.tooLarge', { mb: MAX_IMPORT_MB }))
    } else {
      setFile(f)
      setFileError(null)
    }
  }

  const run = async (check: boolean) => {
    if (!file) return
    setBusy('run')
    setError(null)
    setProgress({ p: null, dryRun: check })
    try {
      const r = await importWithProgress(schemeId, source.id, file, check, (p) => setProgress({ p, dryRun: check }), pt('progress.incomplete'))
      setResult({ r, dryRun: check, file, channel: source.id })
      if (!check) {
        const n = importCounts(r)
        void message.success(t('import.done', { created: n.created, dup: n.duplicates, bad: n.rejected }))
      }
    } catch (e) {
      setResult(null)
      setError(e)
    } finally {
      setBusy(null)
      setProgress(null)
    }
  }

  const downloadReport = async () => {
    if (!result) return
    setBusy('report')
    try {
      const blob = await channelsApi.errorReport(schemeId, result.channel, result.file)
      saveBlob(blob, t('import.reportName', { channel: i18n.label(sources.find((s) => s.id === result.channel)) || result.channel }))
    } catch (e) {
      void message.error(errorMessage(e, String(e)))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div data-testid="import-screen">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" className="section" title={t('tab.import')}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <div>
                <div className="muted" style={{ marginBottom: 4 }}>
                  {t('import.source')}
                </div>
                <Radio.Group
                  value={source.id}
                  onChange={(e) => {
                    setChannelId(e.target.value as string)
                    setResult(null)
                    setError(null)
                  }}
                  optionType="button"
                  buttonStyle="solid"
                  data-testid="import-source"
                  options={sources.map((s) => ({ value: s.id, label: <span data-testid={`import-source-${s.id}`}>{i18n.label(s)}</span> }))}
                />
              </div>
              <div>
                <div className="muted" style={{ marginBottom: 4 }}>
                  {t('import.file')}
                </div>
                <Upload
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  maxCount={1}
                  showUploadList={false}
                  beforeUpload={(f) => {
                    pick(f)
                    return false
                  }}
                  data-testid="import-upload"
                >
                  <Button icon={<UploadOutlined />}>{t('import.choose')}</Button>
                </Upload>
                {file ? (
                  <Tag icon={<FileExcelOutlined />} style={{ marginLeft: 8 }} data-testid="import-file-name">
                    {file.name}
                  </Tag>
                ) : null}
                <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
                  {t('import.fileHint', { mb: MAX_IMPORT_MB })}
                </div>
                {fileError ? <Alert type="error" showIcon title={fileError} style={{ marginTop: 8 }} data-testid="import-file-error" /> : null}
              </div>
              <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
                {t('import.dryRun')}
              </Checkbox>
              <Space wrap>
                <Button type="primary" disabled={!file} loading={busy === 'run'} onClick={() => void run(dryRun)} data-testid="import-run">
                  {dryRun ? t('import.check') : t('import.run')}
                </Button>
              </Space>
              {progress ? <ProgressView progress={progress.p} dryRun={progress.dryRun} /> : null}
              {error ? <LoadError error={error} /> : null}
            </Space>
          </Card>
          {result ? (
            <ResultView
              key={`${result.channel}:${result.dryRun}:${result.r.rows}`}
              result={result}
              busy={busy}
              onRun={() => void run(false)}
              onReport={() => void downloadReport()}
            />
          ) : null}
        </Col>
        <Col xs={24} lg={10}>
          <Mapping source={source} form={form} />
        </Col>
      </Row>
    </div>
  )
}

/** The rows processed and the outcome counts so far, as the server streams them. */
function ProgressView({ progress, dryRun }: { progress: ImportProgress | null; dryRun: boolean }) {
  const t = useProgressT()
  const p = progress
  return (
    <div data-testid="import-progress" role="status" aria-live="polite">
      <div className="muted" style={{ marginBottom: 4 }}>
        {dryRun ? t('progress.checking') : t('progress.importing')}{' '}
        {p ? <span data-testid="import-progress-rows">{t('progress.rows', { done: p.done, rows: p.rows })}</span> : t('progress.reading')}
      </div>
      <Progress percent={p && p.rows ? Math.floor((p.done / p.rows) * 100) : 0} status="active" size="small" />
      {p ? (
        <Space size={16} wrap style={{ marginTop: 4 }}>
          <span data-testid="import-progress-created">
            {dryRun ? t('progress.wouldCreate') : t('progress.created')} <b>{dryRun ? Math.max(0, p.done - p.duplicates - p.rejected) : p.created}</b>
          </span>
          <span data-testid="import-progress-duplicates">
            {t('progress.duplicates')} <b>{p.duplicates}</b>
          </span>
          <span data-testid="import-progress-rejected">
            {t('progress.rejected')} <b style={{ color: p.rejected ? '#cf1322' : undefined }}>{p.rejected}</b>
          </span>
        </Space>
      ) : null}
    </div>
  )
}

function Mapping({ source, form }: { source: ImportChannel; form: FormDef | undefined }) {
  const t = useT()
  const i18n = useI18n()
  const cfg = source.import
  const rows = Object.entries(cfg.columns).map(([field, column]) => ({ field, column, title: fieldTitle(form?.schema, field), values: cfg.values?.[field] }))
  const template = () => saveBlob(new Blob([templateCsv(cfg)], { type: 'text/csv;charset=utf-8' }), `${i18n.label(source)}.csv`)
  return (
    <Card
      size="small"
      className="section"
      title={t('import.mapping')}
      data-testid="import-mapping"
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={template} data-testid="import-template">
          {t('import.template')}
        </Button>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        {t('import.mappingHint')}
      </p>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'id', label: t('import.idColumn'), children: <Typography.Text code>{cfg.idColumn}</Typography.Text> },
          ...(form ? [{ key: 'form', label: t('import.formName'), children: i18n.label(form) }] : []),
        ]}
      />
      <Table
        size="small"
        style={{ marginTop: 8 }}
        pagination={false}
        rowKey="field"
        dataSource={rows}
        columns={[
          { title: t('import.column'), dataIndex: 'column', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('import.field'), dataIndex: 'title', render: (title: string, r) => (title === r.field ? title : <span title={r.field}>{title}</span>) },
          {
            title: t('import.values'),
            dataIndex: 'values',
            render: (v?: Record<string, string>) =>
              v ? (
                <span className="muted" style={{ fontSize: 12 }}>
                  {Object.entries(v)
                    .map(([a, b]) => `${a} → ${b}`)
                    .join('；')}
                </span>
              ) : null,
          },
        ]}
      />
    </Card>
  )
}

function ResultView({
  result,
  busy,
  onRun,
  onReport,
}: {
  result: { r: ImportResult; dryRun: boolean; file: File }
  busy: 'run' | 'report' | null
  onRun: () => void
  onReport: () => void
}) {
  const t = useT()
  const { r, dryRun } = result
  const n = importCounts(r)
  return (
    <Card
      size="small"
      className="section"
      title={dryRun ? t('import.preview') : t('import.result')}
      data-testid="import-result"
      data-dry-run={dryRun ? '1' : '0'}
    >
      <Row gutter={[12, 12]}>
        <Col xs={12} sm={6}>
          <Statistic title={t('import.rows')} value={n.rows} data-testid="import-count-rows" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic
            title={dryRun ? t('import.wouldCreate') : t('import.created')}
            value={dryRun ? n.valid : n.created}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="import-count-created"
          />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('import.duplicates')} value={n.duplicates} data-testid="import-count-duplicates" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic
            title={t('import.rejected')}
            value={n.rejected}
            styles={{ content: { color: n.rejected ? '#cf1322' : undefined } }}
            data-testid="import-count-rejected"
          />
        </Col>
      </Row>
      {dryRun && n.valid > 0 ? (
        <Button type="primary" style={{ marginTop: 12 }} loading={busy === 'run'} onClick={onRun} data-testid="import-run-now">
          {t('import.runNow')}
        </Button>
      ) : null}

      <div style={{ marginTop: 16 }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <strong>{t('import.errors')}</strong>
          {r.errors.length ? (
            <Button size="small" icon={<DownloadOutlined />} loading={busy === 'report'} onClick={onReport} data-testid="import-error-report">
              {t('import.errorReport')}
            </Button>
          ) : null}
        </Space>
        {r.errors.length ? (
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey={(e) => `${e.row}:${e.field}:${e.message}`}
            dataSource={r.errors}
            pagination={r.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            data-testid="import-errors"
            columns={[
              { title: t('import.col.row'), dataIndex: 'row', width: 70 },
              { title: t('import.col.column'), dataIndex: 'column' },
              { title: t('import.col.message'), dataIndex: 'message' },
            ]}
          />
        ) : (
          <p className="muted">{t('import.allGood')}</p>
        )}
      </div>

      {r.created.length ? (
        <div style={{ marginTop: 16 }}>
          <strong>{t('import.createdList')}</strong>
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey="row"
            dataSource={r.created}
            pagination={r.created.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            data-testid="import-created"
            columns={[
              { title: t('import.col.row'), dataIndex: 'row', width: 70 },
              { title: t('import.col.sourceId'), dataIndex: 'sourceId' },
              {
                title: t('import.col.number'),
                dataIndex: 'number',
                render: (num: string) => (
                  <a href={caseLink(num)} data-testid={`import-created-${num}`}>
                    {num}
                  </a>
                ),
              },
            ]}
          />
        </div>
      ) : null}

      {r.duplicates.length ? (
        <div style={{ marginTop: 16 }}>
          <strong>{t('import.duplicateList')}</strong>
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey="row"
            dataSource={r.duplicates}
            pagination={r.duplicates.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            data-testid="import-duplicates"
            columns={[
              { title: t('import.col.row'), dataIndex: 'row', width: 70 },
              { title: t('import.col.sourceId'), dataIndex: 'sourceId' },
              {
                title: t('import.col.existing'),
                dataIndex: 'number',
                render: (num: string) => (looksLikeNumber(num) ? <a href={caseLink(num)}>{num}</a> : <span className="muted">{num}</span>),
              },
            ]}
          />
        </div>
      ) : null}
      {!r.rows ? <Empty /> : null}
    </Card>
  )
}
