/**
 * 组织机构: the scheme's villages, units, task groups (member units, categories) and roles, read
 * from its org definition, with the accounts holding each role (by display name). Read-only: a
 * link opens the designer on the scheme to change it.
 */
import { Alert, Button, Card, Skeleton, Space, Table, Tag } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { api, loadSchemeSummary, useAsync, useSchemeId } from '../data'
import { useI18n } from '../i18n'
import { LoadError } from '../components/Problem'
import type { Named } from '../api'
import { adminApi, designerUrl, type Account, type OrgRole, type OrgWithRoles } from './api'
import { grantIn } from './shared'
import { useT, type AdminKey } from './messages'

type Holder = { name: string; disabled: boolean; village?: string; unit?: string }

export default function Org() {
  const t = useT()
  const { label } = useI18n()
  const schemeId = useSchemeId()
  const data = useAsync(async () => {
    const [scheme, list, me] = await Promise.all([loadSchemeSummary(schemeId), adminApi.accounts(), api.me()])
    return { scheme, org: scheme.org as OrgWithRoles, accounts: list.items, defaultScheme: me.defaultScheme }
  }, [schemeId])
  if (data.error && !data.data) return <LoadError error={data.error} onRetry={data.reload} />
  if (!data.data) return <Skeleton active />
  const { org, accounts, scheme, defaultScheme } = data.data

  /** Who holds a role in this scheme (a `*` grant holds it everywhere), with their village or unit. */
  const holdersOf = (role: string): Holder[] => {
    const out: Holder[] = []
    for (const a of accounts as Account[])
      for (const g of a.grants)
        if (g.role === role && (g.scheme === '*' || grantIn(g, schemeId, defaultScheme)))
          out.push({ name: a.displayName, disabled: a.disabled, ...(g.village ? { village: g.village } : {}), ...(g.unit ? { unit: g.unit } : {}) })
    return out
  }
  const byName = (xs: Holder[]) =>
    xs.length ? (
      <Space size={[4, 4]} wrap>
        {xs.map((h, i) => (
          <Tag key={i} color={h.disabled ? 'default' : 'blue'}>
            {h.disabled ? t('org.holderDisabled', { name: h.name }) : h.name}
          </Tag>
        ))}
      </Space>
    ) : (
      <span className="muted">{t('org.noHolder')}</span>
    )
  const unitName = (id: string) =>
    label(
      org.units.find((u) => u.id === id),
      id,
    )
  const villageName = (name: string) =>
    label(
      org.villages.find((v) => v.name === name || v.id === name),
      name,
    )
  const place = (h: Holder) => (h.village ? villageName(h.village) : h.unit ? unitName(h.unit) : '')
  const everyHolder = accounts.length ? org.roles.flatMap((r) => holdersOf(r.id).map((h) => ({ ...h, role: r }))) : []

  return (
    <div data-testid="org">
      <div className="page-title">
        <h1>{t('org.title')}</h1>
        <Button icon={<EditOutlined />} href={designerUrl(schemeId, 'org.json')} data-testid="org-designer-link">
          {t('org.designer')}
        </Button>
      </div>
      <Alert type="info" showIcon title={t('org.intro', { scheme: label(scheme, scheme.name) })} style={{ marginBottom: 12 }} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('org.groups')} data-testid="org-groups">
          <Table<OrgWithRoles['groups'][number]>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={org.groups}
            scroll={{ x: 800 }}
            columns={[
              { key: 'name', title: t('org.col.name'), width: 160, render: (_: unknown, g) => label(g, g.id) },
              {
                key: 'members',
                title: t('org.col.members'),
                width: 300,
                render: (_: unknown, g) => (
                  <Space size={[4, 4]} wrap>
                    {(g.units ?? []).map((u) => (
                      <Tag key={u}>{unitName(u)}</Tag>
                    ))}
                  </Space>
                ),
              },
              { key: 'categories', title: t('org.col.categories'), render: (_: unknown, g) => g.categories.join('、') },
            ]}
          />
        </Card>
        <Card size="small" title={t('org.roles')} data-testid="org-roles">
          <Table<OrgRole>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={org.roles}
            scroll={{ x: 700 }}
            onRow={(r) => ({ 'data-testid': `org-role-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'name', title: t('org.col.name'), width: 220, render: (_: unknown, r) => label(r, r.id) },
              { key: 'scope', title: t('org.col.scope'), width: 130, render: (_: unknown, r) => t(`org.scope.${r.scope}` as AdminKey) },
              {
                key: 'holders',
                title: t('org.col.holders'),
                render: (_: unknown, r) => {
                  const hs = holdersOf(r.id)
                  return hs.length ? (
                    <Space size={[4, 4]} wrap>
                      {hs.map((h, i) => (
                        <Tag
                          key={i}
                          color={h.disabled ? 'default' : 'blue'}
                        >{`${h.disabled ? t('org.holderDisabled', { name: h.name }) : h.name}${place(h) ? ` · ${place(h)}` : ''}`}</Tag>
                      ))}
                    </Space>
                  ) : (
                    <span className="muted">{t('org.noHolder')}</span>
                  )
                },
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('org.villages')} data-testid="org-villages">
          <Table<Named>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={org.villages}
            columns={[
              { key: 'name', title: t('org.col.name'), width: 220, render: (_: unknown, v) => label(v, v.name) },
              {
                key: 'holders',
                title: t('org.col.holdersHere'),
                render: (_: unknown, v) => byName(everyHolder.filter((h) => h.village === v.name || h.village === v.id)),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('org.units')} data-testid="org-units">
          <Table<OrgWithRoles['units'][number]>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={org.units}
            columns={[
              { key: 'name', title: t('org.col.name'), width: 260, render: (_: unknown, u) => label(u, u.id) },
              { key: 'type', title: t('org.col.type'), width: 140, render: (_: unknown, u) => (u.type ? t(`org.unitType.${u.type}` as AdminKey) : '') },
              { key: 'holders', title: t('org.col.holdersUnit'), render: (_: unknown, u) => byName(everyHolder.filter((h) => h.unit === u.id)) },
            ]}
          />
        </Card>
      </Space>
    </div>
  )
}
