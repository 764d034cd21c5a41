/** The organisation editor's texts (zh-CN first, English on request). */
import type { Messages } from '../kit'

export const MESSAGES: Messages<
  | 'villages'
  | 'units'
  | 'groups'
  | 'categories'
  | 'roles'
  | 'permissions'
  | 'levels'
  | 'channels'
  | 'staffing'
  | 'advanced'
  | 'advancedTip'
  | 'openJson'
  | 'id'
  | 'name'
  | 'nameEn'
  | 'description'
  | 'source'
  | 'type'
  | 'village'
  | 'parent'
  | 'leaderTitle'
  | 'leaderRole'
  | 'members'
  | 'categoryCount'
  | 'group'
  | 'category'
  | 'scope'
  | 'online'
  | 'public'
  | 'import'
  | 'inJson'
  | 'unitType'
  | 'role'
  | 'min'
  | 'add'
  | 'remove'
  | 'more'
  | 'addTitle'
  | 'ok'
  | 'cancel'
  | 'nameRequired'
  | 'inUseTitle'
  | 'inUseIntro'
  | 'inUseFix'
  | 'idUsedOutside'
  | 'idRenamedHere'
  | 'none'
  | 'addCategory'
  | 'categoryPlaceholder'
  | 'categoryExists'
  | 'permNotDeclared'
  | 'permAll'
  | 'permActions'
  | 'permTip'
  | 'permOn'
  | 'permOff'
  | 'hAdd'
  | 'hRemove'
  | 'hEdit'
  | 'hRename'
  | 'hMove'
  | 'hPerm'
  | 'hId'
  | 'noGroups'
  | 'listVillages'
  | 'listUnits'
  | 'listGroups'
  | 'listRoles'
  | 'listLevels'
  | 'listChannels'
  | 'listStaffing'
  | 'listCategories'
> = {
  'zh-CN': {
    villages: '嘎查村（社区）',
    units: '单位',
    groups: '代办专班组',
    categories: '事项类别',
    roles: '角色',
    permissions: '权限',
    levels: '事项层级',
    channels: '信访渠道',
    staffing: '人员配备',
    advanced: '显示标识（高级）',
    advancedTip: '标识是各文件互相引用的名字；一般不需要修改',
    openJson: '在 JSON 中查看',
    id: '标识',
    name: '名称',
    nameEn: '英文名称',
    description: '说明',
    source: '出处',
    type: '类型',
    village: '所在嘎查村（社区）',
    parent: '上级单位',
    leaderTitle: '组长职务',
    leaderRole: '组长角色',
    members: '成员单位',
    categoryCount: '代办范围',
    group: '所属专班组',
    category: '事项类别',
    scope: '可见范围',
    online: '计为网访',
    public: '群众网上提交',
    import: '文件导入',
    inJson: '在 JSON 中编辑',
    unitType: '单位类型',
    role: '角色',
    min: '最少人数',
    add: '新增',
    remove: '删除',
    more: '更多',
    addTitle: '新增{what}',
    ok: '确定',
    cancel: '取消',
    nameRequired: '请填写名称',
    inUseTitle: '不能删除「{name}」',
    inUseIntro: '它在以下 {n} 处被使用：',
    inUseFix: '请先修改这些地方，再删除。',
    idUsedOutside: '其他文件中 {n} 处使用旧标识，需要一并修改：',
    idRenamedHere: '本文件中的引用会随之修改。',
    none: '（无）',
    addCategory: '新增类别',
    categoryPlaceholder: '类别名称（按原文逐字填写）',
    categoryExists: '类别「{name}」已存在',
    permNotDeclared: '系统中没有操作需要此权限（保留原样）',
    permAll: '全部权限',
    permActions: '用于：{list}',
    permTip: '勾选角色可以做的事；每一列是系统声明的一项权限',
    permOn: '授予',
    permOff: '取消',
    hAdd: '新增{what}「{name}」',
    hRemove: '删除{what}「{name}」',
    hEdit: '修改{what}「{name}」的{field}',
    hRename: '修改{what}标识 {from} → {to}',
    hMove: '类别「{name}」移到「{group}」',
    hPerm: '{on}角色「{role}」的权限 {perm}',
    hId: '标识',
    noGroups: '请先新增代办专班组',
    listVillages: '嘎查村（社区）',
    listUnits: '单位',
    listGroups: '代办专班组',
    listRoles: '角色',
    listLevels: '事项层级',
    listChannels: '信访渠道',
    listStaffing: '人员配备要求',
    listCategories: '事项类别',
  },
  en: {
    villages: 'Villages',
    units: 'Units',
    groups: 'Task groups',
    categories: 'Categories',
    roles: 'Roles',
    permissions: 'Permissions',
    levels: 'Levels',
    channels: 'Channels',
    staffing: 'Staffing',
    advanced: 'Show ids (advanced)',
    advancedTip: 'Ids are how files refer to each other; usually left as they are',
    openJson: 'View in JSON',
    id: 'Id',
    name: 'Name',
    nameEn: 'English name',
    description: 'Description',
    source: 'Source',
    type: 'Type',
    village: 'Village',
    parent: 'Parent unit',
    leaderTitle: "Leader's post",
    leaderRole: 'Leader role',
    members: 'Member units',
    categoryCount: 'Scope',
    group: 'Task group',
    category: 'Category',
    scope: 'Jurisdiction',
    online: 'Counts as online',
    public: 'Online filing',
    import: 'File import',
    inJson: 'Edit in JSON',
    unitType: 'Unit type',
    role: 'Role',
    min: 'At least',
    add: 'Add',
    remove: 'Remove',
    more: 'More',
    addTitle: 'Add {what}',
    ok: 'OK',
    cancel: 'Cancel',
    nameRequired: 'Enter a name',
    inUseTitle: 'Cannot remove "{name}"',
    inUseIntro: 'It is used in {n} place(s):',
    inUseFix: 'Change these first, then remove it.',
    idUsedOutside: '{n} place(s) in other files use the old id and must change too:',
    idRenamedHere: 'References in this file follow.',
    none: '(none)',
    addCategory: 'Add category',
    categoryPlaceholder: 'Category (worded as the source)',
    categoryExists: 'Category "{name}" exists already',
    permNotDeclared: 'No action of the system needs this permission (kept as is)',
    permAll: 'Every permission',
    permActions: 'Used by: {list}',
    permTip: 'Tick what each role may do; every column is a permission the system declares',
    permOn: 'Grant',
    permOff: 'Withdraw',
    hAdd: 'Add {what} "{name}"',
    hRemove: 'Remove {what} "{name}"',
    hEdit: 'Change {field} of {what} "{name}"',
    hRename: 'Change {what} id {from} → {to}',
    hMove: 'Move category "{name}" to "{group}"',
    hPerm: '{on} permission {perm} of role "{role}"',
    hId: 'id',
    noGroups: 'Add a task group first',
    listVillages: 'village',
    listUnits: 'unit',
    listGroups: 'task group',
    listRoles: 'role',
    listLevels: 'level',
    listChannels: 'channel',
    listStaffing: 'staffing minimum',
    listCategories: 'category',
  },
}

/** Labels of schema enums and permissions; a value without one shows as itself. */
export const ENUM_LABELS: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    'unit.center': '旗中心',
    'unit.station': '镇服务站',
    'unit.department': '二级部门',
    'unit.point': '村（社区）服务点',
    'unit.external': '外部单位',
    'village.gacha': '嘎查',
    'village.community': '社区',
    'village.village': '村',
    'scope.all': '全部',
    'scope.village': '本村（社区）',
    'scope.unit': '本单位',
    'perm.case.read': '查阅案件',
    'perm.case.register': '登记案件',
    'perm.case.pii': '查看个人信息',
    'perm.case.handle': '办理案件',
    'perm.scheme.publish': '发布方案',
    'perm.scheme.edit': '编辑方案',
    'perm.report.read': '查看报表',
    'perm.assessment.enter': '录入考核',
    'perm.account.manage': '管理账号',
    'perm.audit.read': '查看审计',
    'perm.duty.read': '查看值班',
    'perm.duty.manage': '管理值班',
    'perm.duty.record': '登记值班记录',
    'perm.*': '全部权限',
  },
  en: {
    'unit.center': 'Banner centre',
    'unit.station': 'Town station',
    'unit.department': 'Department',
    'unit.point': 'Village point',
    'unit.external': 'External',
    'village.gacha': 'Gacha',
    'village.community': 'Community',
    'village.village': 'Village',
    'scope.all': 'All',
    'scope.village': 'Own village',
    'scope.unit': 'Own unit',
    'perm.case.read': 'Read cases',
    'perm.case.register': 'Register',
    'perm.case.pii': 'Personal data',
    'perm.case.handle': 'Handle',
    'perm.scheme.publish': 'Publish scheme',
    'perm.scheme.edit': 'Edit scheme',
    'perm.report.read': 'Reports',
    'perm.assessment.enter': 'Enter assessment',
    'perm.account.manage': 'Accounts',
    'perm.audit.read': 'Audit log',
    'perm.duty.read': 'Read duty',
    'perm.duty.manage': 'Manage duty',
    'perm.duty.record': 'Record duty',
    'perm.*': 'Everything',
  },
}

export const enumLabel = (lang: 'zh-CN' | 'en', group: string, value: string) => ENUM_LABELS[lang][`${group}.${value}`] ?? value
