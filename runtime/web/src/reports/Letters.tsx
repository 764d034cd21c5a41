/**
 * 三函一约谈: the letters the scoring definition calls for in a period, per village, each printable
 * as a formal A4 letter (`#/print/reports/letters/<period>/<village>`); and the definition's own
 * list of letters with their triggers, so staff see why a letter is (or is not) due.
 */
import { Button, Card, Collapse, Empty, List, Skeleton, Space, Tag } from 'antd'
import { PrinterOutlined } from '@ant-design/icons'
import { useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { LoadError } from '../components/Problem'
import { reportsApi, type LetterItem } from './api'
import { pts } from './format'
import { GradeTag, loadDefinition, PeriodPicker, usePeriodName } from './shared'
import { useT } from './messages'

export default function LettersScreen({ period, onPeriod }: { period: string; onPeriod: (p: string) => void }) {
  const t = useT()
  const i18n = useI18n()
  const scheme = useSchemeId()
  const periodName = usePeriodName()
  const data = useAsync((signal) => reportsApi.letters(scheme, period, signal), [scheme, period])
  const def = useAsync(() => loadDefinition(scheme), [scheme])
  const byVillage = new Map<string, LetterItem[]>()
  for (const l of data.data?.items ?? []) byVillage.set(l.village, [...(byVillage.get(l.village) ?? []), l])
  const enc = encodeURIComponent

  return (
    <div data-testid="report-letters">
      <div className="report-toolbar">
        <PeriodPicker value={period} onChange={onPeriod} />
        <Button icon={<PrinterOutlined />} href={`#/print/reports/letters/${period}`} disabled={!byVillage.size} data-testid="letters-print-all">
          {t('letters.printAll')}
        </Button>
      </div>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {!data.data && !data.error ? <Skeleton active /> : null}
      {data.data && (
        <Card size="small" title={`${t('letters.title')}（${periodName(period)}）`} className="section">
          {byVillage.size === 0 ? (
            <Empty description={t('letters.none')} />
          ) : (
            <List
              data-testid="letters-list"
              dataSource={[...byVillage]}
              renderItem={([village, items]) => (
                <List.Item
                  data-testid={`letters-${village}`}
                  actions={[
                    <Button
                      key="p"
                      size="small"
                      icon={<PrinterOutlined />}
                      href={`#/print/reports/letters/${period}/${enc(village)}`}
                      data-testid={`letters-print-${village}`}
                    >
                      {t('letters.print')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={6}>
                        <b>{village}</b>
                        <span>{pts(items[0]!.total)}</span>
                        <GradeTag grade={items[0]!.grade} total={items[0]!.total} def={def.data} />
                      </Space>
                    }
                    description={
                      <Space orientation="vertical" size={2}>
                        {items.map((l) => (
                          <Space key={l.letter} wrap size={6}>
                            <Tag color="volcano">{l.letter}</Tag>
                            <span>{l.name}</span>
                            <span className="muted">{t('letters.count', { n: l.count })}</span>
                            <a href={`#/print/reports/letters/${period}/${enc(village)}?letter=${enc(l.letter)}`}>{t('letters.print')}</a>
                          </Space>
                        ))}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {def.data && (
        <Collapse
          size="small"
          items={[
            {
              key: 'defs',
              label: t('letters.defs'),
              children: (
                <List
                  size="small"
                  dataSource={def.data.letters}
                  renderItem={(l) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <Space wrap size={6}>
                          <Tag>{l.letter}</Tag>
                          <span>{i18n.label(l)}</span>
                        </Space>
                        <span className="muted">
                          {t('letters.trigger')}：<code>{l.when}</code>
                        </span>
                        {l.description && <span className="muted">{l.description}</span>}
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
    </div>
  )
}
