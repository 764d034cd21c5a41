/**
 * The organisation (org.json) as tables, one tab per list: villages, units, task groups with their
 * member units, categories (kept in the groups' lists), roles and a role × permission matrix,
 * levels, channels, staffing minimums. New rows get generated ids (editable under "advanced");
 * a row used elsewhere in the draft is not removed, the places are named instead. Members the
 * editor does not show are kept: every write is a changed copy of the parsed file.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react'
import { Badge, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { ButtonProps } from 'antd'
import { CodeOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, edit, label, ptr, useControlLabel, useProblemsAt, useT, type VisualEditorProps, labelColumns, WrapTabs } from '../kit'
import { Help, SelectCell, TextCell } from './cells'
import { enumLabel, MESSAGES } from './messages'
import { Markers, nodePointers, useRevealHidden } from './reveal'
import {
  categoriesOf,
  listOf,
  moveCategory,
  newId,
  outside,
  permissionColumns,
  renameId,
  schemaEnum,
  togglePermission,
  usagesOf,
  usagesOfList,
  type IdList,
  type Obj,
  type OrgDoc,
  type Usage,
} from './model'

type Lang = 'zh-CN' | 'en'
type TabKey = IdList | 'categories' | 'permissions' | 'staffing'
type Row = { key: number; el: Obj; sig?: string }

const ID_LISTS: string[] = ['villages', 'units', 'groups', 'roles', 'levels', 'channels']
const TAB_ORDER: TabKey[] = ['villages', 'units', 'groups', 'categories', 'roles', 'permissions', 'levels', 'channels', 'staffing']
/** The list a tab's problems are under. */
const TAB_LIST: Record<TabKey, string> = {
  villages: 'villages',
  units: 'units',
  groups: 'groups',
  categories: 'groups',
  roles: 'roles',
  permissions: 'roles',
  levels: 'levels',
  channels: 'channels',
  staffing: 'staffing',
}
const LIST_NOUN = {
  villages: 'listVillages',
  units: 'listUnits',
  groups: 'listGroups',
  roles: 'listRoles',
  levels: 'listLevels',
  channels: 'listChannels',
  staffing: 'listStaffing',
  categories: 'listCategories',
} as const

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

export default function OrgEditor(props: VisualEditorProps<OrgDoc>) {
  const { doc, onChange, file, draft, i18n, openJson } = props
  const lang = i18n.lang as Lang
  const t = useT(MESSAGES, lang)
  const [tab, setTab] = useState<TabKey>('villages')
  const [advanced, setAdvanced] = useState(false)
  const [adding, setAdding] = useState<IdList | null>(null)
  const [modal, modalHolder] = Modal.useModal()
  const rootRef = useRef<HTMLDivElement>(null)
  useRevealHidden(
    rootRef,
    useCallback((g: string) => setTab(g as TabKey), []),
  )
  const markers = useMemo(() => tabPointers(doc), [doc])

  // Cells are re-rendered only when their row changes (shouldCellUpdate), so what they call reads the latest doc.
  const latest = useRef(doc)
  latest.current = doc
  const rows = (list: string): Row[] =>
    listOf(doc, list).map((el, key) => ({ key, el, sig: JSON.stringify(el) + (advanced && list === shownList ? `#${usedElsewhere[key]?.length ?? 0}` : '') }))
  const name = (el: Obj) => label(el as { name?: string }, lang) || str(el.id)
  const noun = (list: keyof typeof LIST_NOUN) => t(LIST_NOUN[list])

  const write = (fn: (d: OrgDoc) => void, what: string, key?: string) => onChange(edit(latest.current, fn), what, key ? { coalesceKey: key } : undefined)

  /** Set (or, for an emptied optional member, delete) `list[i].path…`. */
  const setMember = (list: string, i: number, path: string[], value: unknown, field: string, optional = false) => {
    const el = listOf(latest.current, list)[i]!
    write(
      (d) => {
        let o = (d[list] as Obj[])[i]!
        for (const k of path.slice(0, -1)) {
          if (!isObj(o[k])) o[k] = {}
          o = o[k] as Obj
        }
        const last = path[path.length - 1]!
        if (value === undefined || (optional && (value === '' || (Array.isArray(value) && !value.length)))) delete o[last]
        else o[last] = value
      },
      t('hEdit', { what: noun(list as keyof typeof LIST_NOUN), name: name(el), field }),
      ptr(list, i, ...path),
    )
  }

  const showUsages = (title: string, uses: Usage[]) => {
    modal.warning({
      title,
      width: 560,
      content: (
        <div data-testid="org-in-use">
          <div>{t('inUseIntro', { n: uses.length })}</div>
          <ul style={{ paddingInlineStart: 18, margin: '6px 0' }}>
            {uses.map((u, k) => (
              <li key={k} data-testid="org-usage" data-file={u.file} data-usage-pointer={u.pointer}>
                {lang === 'en' ? u.en : u.zh}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  （{u.file}）
                </Typography.Text>
              </li>
            ))}
          </ul>
          <div>{t('inUseFix')}</div>
        </div>
      ),
      okText: t('ok'),
    })
  }

  const remove = (list: IdList, i: number) => {
    const el = listOf(latest.current, list)[i]!
    const uses = usagesOf({ list, id: str(el.id), name: str(el.name) }, { file, doc: latest.current }, draft)
    if (uses.length) return showUsages(t('inUseTitle', { name: name(el) }), uses)
    write(
      (d) => {
        ;(d[list] as Obj[]).splice(i, 1)
      },
      t('hRemove', { what: noun(list), name: name(el) }),
    )
  }

  // ------------------------------------------------------------ shared columns
  const removeCol = (list: IdList): ColumnsType<Row>[number] => ({
    key: 'remove',
    width: 36,
    align: 'center',
    render: (_: unknown, r: Row) => (
      <Tooltip title={t('remove')}>
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={() => remove(list, r.key)}
          data-testid={`org-remove-${list}`}
          aria-label={t('remove')}
        />
      </Tooltip>
    ),
  })
  // Under "advanced": where each row of the shown list is used in other files (one pass per edit).
  const shownList = TAB_LIST[tab] as IdList
  const usedElsewhere = useMemo(
    () =>
      advanced && ID_LISTS.includes(shownList)
        ? usagesOfList(
            shownList,
            listOf(doc, shownList).map((e) => ({ id: str(e.id), name: str(e.name) })),
            { file, doc },
            draft,
          ).map((us) => outside(us, file))
        : [],
    [advanced, shownList, doc, draft, file],
  )
  const idCol = (list: IdList): ColumnsType<Row> =>
    advanced
      ? [
          {
            key: 'id',
            title: <Tooltip title={t('advancedTip')}>{t('id')}</Tooltip>,
            width: 130,
            render: (_: unknown, r: Row) => {
              const id = str(r.el.id)
              const elsewhere = (list === shownList ? usedElsewhere[r.key] : undefined) ?? []
              return (
                <>
                  <TextCell
                    pointer={ptr(list, r.key, 'id')}
                    value={id}
                    testid={`org-id-${list}`}
                    onChange={(v) =>
                      onChange(renameId(latest.current, list, r.key, v), t('hRename', { what: noun(list), from: id, to: v }), {
                        coalesceKey: ptr(list, r.key, 'id'),
                      })
                    }
                  />
                  {elsewhere.length > 0 && (
                    <Tooltip
                      title={
                        <>
                          {t('idUsedOutside', { n: elsewhere.length })}
                          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                            {elsewhere.map((u, k) => (
                              <li key={k}>{lang === 'en' ? u.en : u.zh}</li>
                            ))}
                          </ul>
                          {t('idRenamedHere')}
                        </>
                      }
                    >
                      <Tag color="orange" style={{ marginTop: 2, fontSize: 11 }}>
                        {elsewhere.length} ↗
                      </Tag>
                    </Tooltip>
                  )}
                </>
              )
            },
          },
        ]
      : []
  const nameCol = (list: IdList | 'staffing', width?: number): ColumnsType<Row>[number] => ({
    key: 'name',
    title: t('name'),
    width,
    render: (_: unknown, r: Row) => (
      <TextCell
        pointer={ptr(list, r.key, 'name')}
        value={r.el.name}
        testid={`org-name-${list}`}
        onChange={(v) => setMember(list, r.key, ['name'], v, t('name'))}
      />
    ),
  })
  /** The expanded row: the optional texts (English name, description, source) of an element. */
  const moreRow = (list: string, fields: Array<'nameEn' | 'description' | 'source'>, extra?: (r: Row) => ReactNode) => ({
    expandedRowRender: (r: Row) => (
      <Space orientation="vertical" style={{ width: '100%' }} size={4}>
        {fields.map((f) => (
          <div key={f} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <span style={{ width: 72, flex: '0 0 auto', color: '#595959', paddingTop: 2 }}>{t(f)}</span>
            <div style={{ flex: 1 }}>
              {f === 'description' ? (
                <DescriptionCell pointer={ptr(list, r.key, f)} value={r.el[f]} onChange={(v) => setMember(list, r.key, [f], v, t(f), true)} />
              ) : (
                <TextCell
                  pointer={ptr(list, r.key, f)}
                  value={r.el[f]}
                  testid={`org-${f}-${list}`}
                  onChange={(v) => setMember(list, r.key, [f], v, t(f), true)}
                />
              )}
            </div>
          </div>
        ))}
        {extra?.(r)}
      </Space>
    ),
    columnWidth: 28,
  })
  const table = (list: string, columns: ColumnsType<Row>, expandable?: ReturnType<typeof moreRow>, extra?: { scrollX?: number }) => (
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows(list)}
      columns={labelColumns(columns.map((c) => ({ ...c, shouldCellUpdate: (r: Row, prev: Row) => r.sig !== prev.sig || depsKey !== lastDeps.current })))}
      expandable={expandable}
      scroll={extra?.scrollX ? { x: extra.scrollX } : undefined}
      onRow={(r) => ({ 'data-pointer': ptr(list, r.key) }) as HTMLAttributes<HTMLElement>}
      data-testid={`org-table-${list}`}
    />
  )
  const addButton = (list: IdList) => (
    <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(list)} data-testid={`org-add-${list}`}>
      {t('add')}
    </Button>
  )

  // ------------------------------------------------------------ options
  const villageOpts = listOf(doc, 'villages').map((v) => ({ value: str(v.id), label: name(v), title: `${name(v)} ${str(v.id)}` }))
  const unitOpts = listOf(doc, 'units').map((u) => ({ value: str(u.id), label: name(u), title: `${name(u)} ${str(u.id)}` }))
  const roleOpts = listOf(doc, 'roles').map((r) => ({ value: str(r.id), label: name(r), title: `${name(r)} ${str(r.id)}` }))
  const groupOpts = listOf(doc, 'groups').map((g, i) => ({ value: String(i), label: name(g), title: name(g) }))
  // What every cell may show besides its row: the option lists, the language, "advanced"
  const depsKey = JSON.stringify([villageOpts, unitOpts, roleOpts, lang, advanced])
  const lastDeps = useRef(depsKey)
  useEffect(() => {
    lastDeps.current = depsKey
  })
  const enumOpts = (list: 'units' | 'villages' | 'roles' | 'staffing', member: string, group: string) =>
    schemaEnum(list, member).map((v) => ({ value: v, label: enumLabel(lang, group, v), title: `${enumLabel(lang, group, v)} ${v}` }))

  // ------------------------------------------------------------ tabs
  const villages = (
    <>
      <Toolbar>{addButton('villages')}</Toolbar>
      {table(
        'villages',
        [
          ...idCol('villages'),
          nameCol('villages'),
          {
            key: 'type',
            title: t('type'),
            width: 120,
            render: (_, r) => (
              <SelectCell
                pointer={ptr('villages', r.key, 'type')}
                value={str(r.el.type) || undefined}
                options={enumOpts('villages', 'type', 'village')}
                onChange={(v) => setMember('villages', r.key, ['type'], v, t('type'))}
                testid="org-village-type"
              />
            ),
          },
          removeCol('villages'),
        ],
        moreRow('villages', ['nameEn', 'description']),
      )}
    </>
  )

  const units = (
    <>
      <Toolbar>{addButton('units')}</Toolbar>
      {table(
        'units',
        [
          ...idCol('units'),
          nameCol('units'),
          {
            key: 'type',
            title: t('unitType'),
            width: 130,
            render: (_, r) => (
              <SelectCell
                pointer={ptr('units', r.key, 'type')}
                value={str(r.el.type) || undefined}
                options={enumOpts('units', 'type', 'unit')}
                onChange={(v) => setMember('units', r.key, ['type'], v, t('unitType'))}
              />
            ),
          },
          {
            key: 'village',
            title: t('village'),
            width: 140,
            render: (_, r) =>
              r.el.type === 'point' || r.el.village !== undefined ? (
                <SelectCell
                  pointer={ptr('units', r.key, 'village')}
                  value={str(r.el.village) || undefined}
                  options={villageOpts}
                  allowClear
                  onChange={(v) => setMember('units', r.key, ['village'], v ?? undefined, t('village'), true)}
                  testid="org-unit-village"
                />
              ) : null,
          },
          removeCol('units'),
        ],
        moreRow('units', ['nameEn', 'description'], (r) => (
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <span style={{ width: 72, flex: '0 0 auto', color: '#595959', paddingTop: 2 }}>{t('parent')}</span>
            <div style={{ flex: 1 }}>
              <SelectCell
                pointer={ptr('units', r.key, 'parent')}
                value={str(r.el.parent) || undefined}
                options={unitOpts.filter((o) => o.value !== r.el.id)}
                allowClear
                onChange={(v) => setMember('units', r.key, ['parent'], v ?? undefined, t('parent'), true)}
              />
            </div>
          </div>
        )),
      )}
    </>
  )

  const groups = (
    <>
      <Toolbar>{addButton('groups')}</Toolbar>
      {table(
        'groups',
        [
          ...idCol('groups'),
          nameCol('groups', 130),
          {
            key: 'leader',
            title: t('leaderTitle'),
            width: 120,
            render: (_, r) => (
              <TextCell
                pointer={ptr('groups', r.key, 'leader', 'title')}
                value={isObj(r.el.leader) ? r.el.leader.title : ''}
                onChange={(v) => setMember('groups', r.key, ['leader', 'title'], v, t('leaderTitle'))}
              />
            ),
          },
          {
            key: 'members',
            title: t('members'),
            render: (_, r) => (
              <SelectCell<string[]>
                pointer={ptr('groups', r.key, 'units')}
                mode="multiple"
                value={Array.isArray(r.el.units) ? (r.el.units as string[]) : []}
                options={unitOpts}
                onChange={(v) => setMember('groups', r.key, ['units'], v, t('members'))}
                testid="org-group-units"
                wrap
              />
            ),
          },
          {
            key: 'cats',
            title: t('categoryCount'),
            width: 56,
            render: (_, r) => (
              <At pointer={ptr('groups', r.key, 'categories')}>
                <CategoryCount
                  pointer={ptr('groups', r.key, 'categories')}
                  n={Array.isArray(r.el.categories) ? r.el.categories.length : 0}
                  onClick={() => setTab('categories')}
                />
              </At>
            ),
          },
          removeCol('groups'),
        ],
        moreRow('groups', ['nameEn', 'description', 'source'], (r) => (
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <span style={{ width: 72, flex: '0 0 auto', color: '#595959', paddingTop: 2 }}>{t('leaderRole')}</span>
            <div style={{ flex: 1 }}>
              <SelectCell
                pointer={ptr('groups', r.key, 'leader', 'role')}
                value={isObj(r.el.leader) ? str(r.el.leader.role) || undefined : undefined}
                options={roleOpts}
                allowClear
                onChange={(v) => setMember('groups', r.key, ['leader', 'role'], v ?? undefined, t('leaderRole'), true)}
              />
            </div>
          </div>
        )),
      )}
    </>
  )

  const roles = (
    <>
      <Toolbar>{addButton('roles')}</Toolbar>
      {table(
        'roles',
        [
          ...idCol('roles'),
          nameCol('roles'),
          {
            key: 'scope',
            title: t('scope'),
            width: 120,
            render: (_, r) => (
              <SelectCell
                pointer={ptr('roles', r.key, 'scope')}
                value={str(r.el.scope) || undefined}
                options={enumOpts('roles', 'scope', 'scope')}
                onChange={(v) => setMember('roles', r.key, ['scope'], v, t('scope'))}
              />
            ),
          },
          {
            key: 'perms',
            title: t('permissions'),
            width: 64,
            render: (_, r) => (
              <Tag style={{ cursor: 'pointer' }} onClick={() => setTab('permissions')}>
                {Array.isArray(r.el.permissions) ? r.el.permissions.length : 0}
              </Tag>
            ),
          },
          removeCol('roles'),
        ],
        moreRow('roles', ['nameEn', 'description']),
      )}
    </>
  )

  const levels = (
    <>
      <Toolbar>{addButton('levels')}</Toolbar>
      {table('levels', [...idCol('levels'), nameCol('levels'), removeCol('levels')], moreRow('levels', ['nameEn', 'description']))}
    </>
  )

  const channels = (
    <>
      <Toolbar>{addButton('channels')}</Toolbar>
      {table(
        'channels',
        [
          ...idCol('channels'),
          nameCol('channels'),
          {
            key: 'online',
            title: t('online'),
            width: 80,
            align: 'center',
            render: (_, r) => (
              <At pointer={ptr('channels', r.key, 'online')}>
                <Switch
                  size="small"
                  aria-label={t('online')}
                  checked={r.el.online === true}
                  onChange={(v) => setMember('channels', r.key, ['online'], v, t('online'))}
                  data-testid="org-channel-online"
                />
                <Help pointer={ptr('channels', r.key, 'online')} />
              </At>
            ),
          },
          {
            key: 'more',
            title: '',
            width: 150,
            render: (_, r) => (
              <Space size={2} wrap>
                {(['public', 'import'] as const)
                  .filter((k) => r.el[k] !== undefined)
                  .map((k) => (
                    <Tooltip key={k} title={t('inJson')}>
                      <Tag style={{ cursor: 'pointer' }} icon={<CodeOutlined />} onClick={() => openJson(ptr('channels', r.key, k), t('inJson'))}>
                        {t(k)}
                      </Tag>
                    </Tooltip>
                  ))}
              </Space>
            ),
          },
          removeCol('channels'),
        ],
        moreRow('channels', ['nameEn', 'description']),
      )}
    </>
  )

  const staffing = (
    <>
      <Toolbar>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="org-add-staffing"
          onClick={() =>
            write(
              (d) => {
                d.staffing = [...listOf(d, 'staffing'), { unitType: schemaEnum('staffing', 'unitType')[0], role: str(listOf(d, 'roles')[0]?.id), min: 1 }]
              },
              t('hAdd', { what: noun('staffing'), name: '' }),
            )
          }
        >
          {t('add')}
        </Button>
      </Toolbar>
      {table(
        'staffing',
        [
          {
            key: 'unitType',
            title: t('unitType'),
            width: 140,
            render: (_, r) => (
              <SelectCell
                pointer={ptr('staffing', r.key, 'unitType')}
                value={str(r.el.unitType) || undefined}
                options={enumOpts('staffing', 'unitType', 'unit')}
                onChange={(v) => setMember('staffing', r.key, ['unitType'], v, t('unitType'))}
              />
            ),
          },
          {
            key: 'role',
            title: t('role'),
            render: (_, r) => (
              <SelectCell
                pointer={ptr('staffing', r.key, 'role')}
                value={str(r.el.role) || undefined}
                options={roleOpts}
                onChange={(v) => setMember('staffing', r.key, ['role'], v, t('role'))}
              />
            ),
          },
          {
            key: 'min',
            title: t('min'),
            width: 90,
            render: (_, r) => (
              <NumberCell pointer={ptr('staffing', r.key, 'min')} value={r.el.min} onChange={(v) => setMember('staffing', r.key, ['min'], v, t('min'))} />
            ),
          },
          {
            key: 'remove',
            width: 36,
            align: 'center',
            render: (_, r) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('remove')}
                onClick={() =>
                  write(
                    (d) => {
                      ;(d.staffing as Obj[]).splice(r.key, 1)
                    },
                    t('hRemove', { what: noun('staffing'), name: `${str(r.el.unitType)} ${str(r.el.role)}` }),
                  )
                }
              />
            ),
          },
        ],
        moreRow('staffing', ['source']),
      )}
    </>
  )

  const tabs = {
    villages,
    units,
    groups,
    roles,
    levels,
    channels,
    staffing,
    categories: <CategoriesTab {...props} t={t} groupOpts={groupOpts} showUsages={showUsages} />,
    permissions: <PermissionsTab {...props} t={t} />,
  }

  return (
    <div data-testid="org-editor" ref={rootRef}>
      {modalHolder}
      {TAB_ORDER.filter((k) => k !== tab).map((k) => (
        <Markers key={k} group={k} pointers={markers[k]} />
      ))}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
        <Tooltip title={t('advancedTip')}>
          <Space size={4}>
            <Switch size="small" checked={advanced} onChange={setAdvanced} data-testid="org-advanced" aria-label={t('advanced')} />
            <span style={{ fontSize: 12 }}>{t('advanced')}</span>
          </Space>
        </Tooltip>
        <span style={{ flex: 1 }} />
        <Button size="small" type="link" icon={<CodeOutlined />} onClick={() => openJson(ptr(TAB_LIST[tab]))}>
          {t('openJson')}
        </Button>
      </div>
      <WrapTabs<TabKey>
        active={tab}
        onChange={setTab}
        items={TAB_ORDER.map((k) => ({
          key: k,
          label: (
            <TabLabel
              list={TAB_LIST[k]}
              text={t(k)}
              n={k === 'categories' ? categoriesOf(doc).length : k === 'permissions' ? undefined : listOf(doc, TAB_LIST[k]).length}
              testid={`org-tab-${k}`}
            />
          ),
        }))}
      >
        {tabs[tab]}
      </WrapTabs>
      {adding && (
        <AddModal
          list={adding}
          doc={doc}
          t={t}
          lang={lang}
          advanced={advanced}
          roleOpts={roleOpts}
          villageOpts={villageOpts}
          enumOpts={enumOpts}
          onCancel={() => setAdding(null)}
          onAdd={(el) => {
            const list = adding
            setAdding(null)
            write(
              (d) => {
                d[list] = [...listOf(d, list), el]
              },
              t('hAdd', { what: noun(list), name: str(el.name) }),
            )
          }}
        />
      )}
    </div>
  )
}

/** The pointers each tab edits (categories and permissions are inside groups and roles), for its hidden markers. */
function tabPointers(doc: OrgDoc): Record<TabKey, string[]> {
  const out = {} as Record<TabKey, string[]>
  for (const k of TAB_ORDER) {
    const list = TAB_LIST[k]
    const all = nodePointers(doc[list], '/' + list)
    out[k] =
      k === 'categories'
        ? all.filter((p) => /^\/groups\/\d+\/categories\/\d+$/.test(p))
        : k === 'groups'
          ? all.filter((p) => !/^\/groups\/\d+\/categories\/\d+$/.test(p))
          : k === 'permissions'
            ? all.filter((p) => /^\/roles\/\d+\/permissions(\/\d+)?$/.test(p))
            : k === 'roles'
              ? all.filter((p) => !/^\/roles\/\d+\/permissions(\/\d+)?$/.test(p))
              : all
  }
  return out
}

function Toolbar({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', gap: 8, marginBottom: 6 }}>{children}</div>
}

function TabLabel({ list, text, n, testid }: { list: string; text: string; n?: number; testid: string }) {
  const { problems } = useProblemsAt('/' + list, true)
  return (
    <span data-testid={testid}>
      {text}
      {n !== undefined ? <span style={{ color: '#595959', marginInlineStart: 2 }}>{n}</span> : null}
      {problems.length > 0 && <Badge count={problems.length} size="small" style={{ marginInlineStart: 4 }} />}
    </span>
  )
}

function CategoryCount({ pointer, n, onClick }: { pointer: string; n: number; onClick(): void }) {
  const { help } = useProblemsAt(pointer, true)
  return (
    <Tooltip title={help}>
      <Tag color={help ? 'error' : undefined} style={{ cursor: 'pointer' }} onClick={onClick}>
        {n}
      </Tag>
    </Tooltip>
  )
}

function DescriptionCell({ pointer, value, onChange }: { pointer: string; value: unknown; onChange(v: string): void }) {
  const { validateStatus } = useProblemsAt(pointer)
  return (
    <At pointer={pointer}>
      <Input.TextArea
        size="small"
        autoSize={{ minRows: 1, maxRows: 4 }}
        value={str(value)}
        status={validateStatus}
        onChange={(e) => onChange(e.target.value)}
        aria-label={useControlLabel()}
      />
      <Help pointer={pointer} />
    </At>
  )
}

function NumberCell({ pointer, value, onChange }: { pointer: string; value: unknown; onChange(v: number): void }) {
  const { validateStatus } = useProblemsAt(pointer)
  return (
    <At pointer={pointer}>
      <InputNumber
        size="small"
        min={0}
        precision={0}
        value={typeof value === 'number' ? value : null}
        status={validateStatus}
        aria-label={useControlLabel()}
        onChange={(v) => {
          if (typeof v === 'number') onChange(v)
        }}
        style={{ width: '100%' }}
      />
      <Help pointer={pointer} />
    </At>
  )
}

type T = (k: keyof (typeof MESSAGES)['zh-CN'], p?: Record<string, string | number>) => string

/** Categories live in the groups' lists: one row each, with the group it belongs to (pick another to move it). */
function CategoriesTab({
  doc,
  onChange,
  file,
  draft,
  i18n,
  t,
  groupOpts,
  showUsages,
}: VisualEditorProps<OrgDoc> & { t: T; groupOpts: Array<{ value: string; label: string }>; showUsages(title: string, uses: Usage[]): void }) {
  const lang = i18n.lang as Lang
  const [text, setText] = useState('')
  const [group, setGroup] = useState<string | undefined>(undefined)
  const [err, setErr] = useState<string | null>(null)
  const cats = categoriesOf(doc)
  const groups = listOf(doc, 'groups')
  const gName = (i: number) => label((groups[i] ?? {}) as { name?: string }, lang)
  const add = () => {
    const c = text.trim()
    const g = Number(group ?? '0')
    if (!c) return
    if (!groups.length) return setErr(t('noGroups'))
    if (cats.some((x) => x.category === c)) return setErr(t('categoryExists', { name: c }))
    setErr(null)
    setText('')
    onChange(
      edit(doc, (d) => {
        const target = (d.groups as Obj[])[g]!
        target.categories = [...(Array.isArray(target.categories) ? (target.categories as string[]) : []), c]
      }),
      t('hAdd', { what: t('listCategories'), name: c }),
    )
  }
  const remove = (row: (typeof cats)[number]) => {
    const uses = usagesOf({ list: 'categories', id: row.category }, { file, doc }, draft)
    if (uses.length) return showUsages(t('inUseTitle', { name: row.category }), uses)
    onChange(
      edit(doc, (d) => {
        ;((d.groups as Obj[])[row.group]!.categories as string[]).splice(row.index, 1)
      }),
      t('hRemove', { what: t('listCategories'), name: row.category }),
    )
  }
  return (
    <>
      <div style={{ display: 'flex', gap: 6, marginBottom: 6, flexWrap: 'wrap' }}>
        <Input
          size="small"
          style={{ width: 220 }}
          value={text}
          placeholder={t('categoryPlaceholder')}
          aria-label={t('categoryPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={add}
          data-testid="org-new-category"
          status={err ? 'error' : undefined}
        />
        <Select
          size="small"
          style={{ width: 170 }}
          value={group ?? (groupOpts.length ? '0' : undefined)}
          options={groupOpts}
          onChange={setGroup}
          data-testid="org-new-category-group"
          aria-label={t('group')}
        />
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="org-add-category">
          {t('addCategory')}
        </Button>
        {err && (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {err}
          </Typography.Text>
        )}
      </div>
      <Table
        size="small"
        rowKey={(r) => `${r.group}/${r.index}`}
        pagination={false}
        dataSource={cats}
        data-testid="org-table-categories"
        onRow={(r) => ({ 'data-pointer': ptr('groups', r.group, 'categories', r.index) }) as HTMLAttributes<HTMLElement>}
        columns={labelColumns<(typeof cats)[number]>([
          {
            key: 'c',
            title: t('category'),
            render: (_, r) => (
              <TextCell
                pointer={ptr('groups', r.group, 'categories', r.index)}
                value={r.category}
                testid="org-category-name"
                onChange={(v) =>
                  onChange(
                    edit(doc, (d) => {
                      ;((d.groups as Obj[])[r.group]!.categories as string[])[r.index] = v
                    }),
                    t('hEdit', { what: t('listCategories'), name: r.category, field: t('name') }),
                    { coalesceKey: ptr('groups', r.group, 'categories', r.index) },
                  )
                }
              />
            ),
          },
          {
            key: 'g',
            title: t('group'),
            width: 200,
            render: (_, r) => (
              <Select
                size="small"
                style={{ width: '100%' }}
                value={String(r.group)}
                options={groupOpts}
                data-testid="org-category-group"
                aria-label={t('group')}
                onChange={(v) => onChange(moveCategory(doc, r.group, r.index, Number(v)), t('hMove', { name: r.category, group: gName(Number(v)) }))}
              />
            ),
          },
          {
            key: 'x',
            width: 36,
            align: 'center',
            render: (_, r) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('remove')}
                onClick={() => remove(r)}
                data-testid="org-remove-category"
              />
            ),
          },
        ])}
      />
    </>
  )
}

/** Role × permission: the permissions the runtime declares (and any others the roles hold, marked). */
function PermissionsTab({ doc, onChange, i18n, t }: VisualEditorProps<OrgDoc> & { t: T }) {
  const lang = i18n.lang as Lang
  const cols = permissionColumns(doc)
  const roles = listOf(doc, 'roles')
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {t('permTip')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        bordered
        data-testid="org-permissions"
        dataSource={roles.map((el, key) => ({ key, el }))}
        scroll={{ x: 140 + cols.length * 62 }}
        onRow={(r) => ({ 'data-pointer': ptr('roles', r.key, 'permissions') }) as HTMLAttributes<HTMLElement>}
        columns={labelColumns<{ key: number; el: Obj }>([
          {
            key: 'role',
            title: t('role'),
            fixed: 'left',
            width: 140,
            render: (_, r) => <span style={{ fontSize: 12 }}>{label(r.el as { name?: string }, lang) || str(r.el.id)}</span>,
          },
          ...cols.map((c) => ({
            key: c.id,
            width: 62,
            align: 'center' as const,
            title: (
              <Tooltip
                title={
                  <>
                    {c.id}
                    {c.actions.length ? <div>{t('permActions', { list: c.actions.join('、') })}</div> : null}
                    {!c.declared ? <div>{t('permNotDeclared')}</div> : null}
                  </>
                }
              >
                <span style={{ fontSize: 11, lineHeight: '13px', display: 'inline-block', color: c.declared ? undefined : '#d48806' }} data-perm={c.id}>
                  {enumLabel(lang, 'perm', c.id)}
                  {!c.declared ? ' ⚠' : ''}
                </span>
              </Tooltip>
            ),
            render: (_: unknown, r: Row) => {
              const has = Array.isArray(r.el.permissions) && r.el.permissions.includes(c.id)
              return (
                <Checkbox
                  checked={has}
                  data-testid="org-perm"
                  data-role={str(r.el.id)}
                  data-perm={c.id}
                  aria-label={`${label(r.el as { name?: string }, lang)} · ${enumLabel(lang, 'perm', c.id)}`}
                  onChange={(e) =>
                    onChange(
                      edit(doc, (d) => {
                        ;(d.roles as Obj[])[r.key]!.permissions = togglePermission(r.el, c.id, e.target.checked)
                      }),
                      t('hPerm', { on: t(e.target.checked ? 'permOn' : 'permOff'), role: label(r.el as { name?: string }, lang), perm: c.id }),
                    )
                  }
                />
              )
            },
          })),
        ])}
      />
    </>
  )
}

/** Asks for what a new element needs (name, and its type, scope…); the id is generated. */
function AddModal({
  list,
  doc,
  t,
  advanced,
  roleOpts,
  villageOpts,
  enumOpts,
  onCancel,
  onAdd,
}: {
  list: IdList
  doc: OrgDoc
  t: T
  lang: Lang
  advanced: boolean
  roleOpts: Array<{ value: string; label: string }>
  villageOpts: Array<{ value: string; label: string }>
  enumOpts(list: 'units' | 'villages' | 'roles' | 'staffing', member: string, group: string): Array<{ value: string; label: string }>
  onCancel(): void
  onAdd(el: Obj): void
}) {
  const [form] = Form.useForm()
  const siblings = listOf(doc, list)
  const last = siblings[siblings.length - 1]
  const initial: Obj = { id: newId(doc, list) }
  if (list === 'villages') initial.type = str(last?.type) || schemaEnum('villages', 'type')[0]
  if (list === 'units') initial.type = str(last?.type) || schemaEnum('units', 'type')[0]
  if (list === 'roles') initial.scope = schemaEnum('roles', 'scope')[0]
  if (list === 'channels') initial.online = false
  const typeWatch = Form.useWatch('type', form) as string | undefined
  const noun = t(LIST_NOUN[list])
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>
    const text = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined)
    // Members in the order the shipped definitions write them.
    const el: Obj = { id: text('id') ?? initial.id, name: text('name') }
    if (text('nameEn')) el.nameEn = text('nameEn')
    if (list === 'villages') el.type = v.type
    if (list === 'units') {
      el.type = v.type
      if (v.type === 'point' && text('village')) el.village = text('village')
    }
    if (list === 'groups') {
      el.leader = { title: text('leaderTitle') ?? '', ...(text('leaderRole') ? { role: text('leaderRole') } : {}) }
      el.units = []
      el.categories = []
    }
    if (list === 'roles') {
      el.scope = v.scope
      el.permissions = []
    }
    if (list === 'channels') el.online = v.online === true
    onAdd(el)
  }
  return (
    <Modal
      open
      title={t('addTitle', { what: noun })}
      onCancel={onCancel}
      onOk={() => void submit().catch(() => {})}
      okText={t('ok')}
      cancelText={t('cancel')}
      okButtonProps={{ 'data-testid': 'org-new-ok' } as ButtonProps}
      destroyOnHidden
      width={440}
    >
      <Form form={form} layout="vertical" size="small" initialValues={initial} data-testid="org-new-form">
        <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}>
          <Input autoFocus data-testid="org-new-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('nameEn')}>
          <Input data-testid="org-new-name-en" />
        </Form.Item>
        {list === 'villages' && (
          <Form.Item name="type" label={t('type')}>
            <Select options={enumOpts('villages', 'type', 'village')} data-testid="org-new-type" />
          </Form.Item>
        )}
        {list === 'units' && (
          <Form.Item name="type" label={t('unitType')}>
            <Select options={enumOpts('units', 'type', 'unit')} data-testid="org-new-type" />
          </Form.Item>
        )}
        {list === 'units' && typeWatch === 'point' && (
          <Form.Item name="village" label={t('village')}>
            <Select allowClear options={villageOpts} />
          </Form.Item>
        )}
        {list === 'groups' && (
          <Form.Item name="leaderTitle" label={t('leaderTitle')} rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}>
            <Input data-testid="org-new-leader" />
          </Form.Item>
        )}
        {list === 'groups' && (
          <Form.Item name="leaderRole" label={t('leaderRole')}>
            <Select allowClear options={roleOpts} />
          </Form.Item>
        )}
        {list === 'roles' && (
          <Form.Item name="scope" label={t('scope')}>
            <Select options={enumOpts('roles', 'scope', 'scope')} />
          </Form.Item>
        )}
        {list === 'channels' && (
          <Form.Item name="online" label={t('online')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {advanced && (
          <Form.Item name="id" label={t('id')} extra={t('advancedTip')}>
            <Input data-testid="org-new-id" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
