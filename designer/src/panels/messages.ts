/**
 * Texts of the panels' issue #17 parts (recount after publishing, the fork dialog's version, the
 * deadline calculator's 暂定 mark), kept beside the panels so that the shared table (../i18n.tsx)
 * stays the lead's: `panelT(lang)('recountRun', { n: 3 })`.
 */
import type { Lang } from '../i18n'

const ZH = {
  // recount after publishing
  recountTitle: '在办案件的截止日期',
  recountStays: '发布新版本不会改动在办案件：它们仍按登记时的版本办理，截止日期不变。',
  recountImpactHint:
    '上表“应办结日期变化”是把已有案件按草稿重算时的结果。发布后，如要让在办案件改用新版本的时限和节假日日历，请在下方单独重算（逐案记入审计）。',
  recountOffer: '下列在办案件若按当前发布版本 {version} 重算，应办结日期会改变。勾选后可单独重算（逐案记入审计）；不重算的案件仍按原版本办理。',
  recountAfterPublish: '新版本 {version} 已发布。下列在办案件仍按原版本计时；若按新版本重算，应办结日期会改变：',
  recountNone: '没有在办案件需要重算：在办案件的截止日期与当前发布版本 {version} 一致。',
  recountLoading: '正在计算在办案件的截止日期……',
  recountFrom: '原版本',
  recountDue: '应办结日期（原 → 重算后）',
  recountClocks: '时限',
  recountDays: '{from} → {to} 天',
  recountRefused: '不能重算',
  recountRun: '重算选中的 {n} 件',
  recountConfirm: '把选中的 {n} 件在办案件迁到版本 {version}，并按其时限和日历重算截止日期？此操作记入审计。',
  recountOk: '确定重算',
  recountCancel: '取消',
  recountDone: '已重算 {n} 件，已迁到版本 {version}。',
  recountUnchanged: '{n} 件无需改动（已是最新版本且日期不变）。',
  recountRefusedN: '{n} 件不能重算：',
  recountRefresh: '刷新',
  recountClose: '完成',
  recountFailed: '重算失败：{msg}',
  // fork dialog
  forkIntroLive:
    '新方案复制本方案的最新发布版本（{version}，第 {seq} 版）并记下分支点，之后可在新方案中查看、合并本方案的后续更新。草稿中尚未发布的修改不会带入。新方案立即可用，您在本方案中的角色同样授予新方案。',
  forkVersionLoading: '正在读取最新发布版本……',
  // deadline calculator
  provisional: '暂定',
  provisionalHint: '{year} 年节假日安排尚未公布，此日期按暂定日历（仅法定节日，不含调休）计算，公布后以更新的日历为准',
}

type Key = keyof typeof ZH

const EN: Record<Key, string> = {
  recountTitle: 'Due dates of running cases',
  recountStays: 'Publishing a new version does not change running cases: they stay on the version they were registered under, with their due dates.',
  recountImpactHint:
    "The due date changes above are what recounting the existing cases under the draft would give. After publishing, recount running cases under the new version's time limits and holiday calendar below, as a separate step (audited per case).",
  recountOffer:
    'Recounted under the published version {version}, these running cases would get new due dates. Tick and recount them as a separate step (audited per case); cases not recounted stay on their version.',
  recountAfterPublish:
    'Version {version} is published. These running cases still count on their old version; recounted under the new one, their due dates would change:',
  recountNone: 'No running case needs a recount: their due dates agree with the published version {version}.',
  recountLoading: "Counting the running cases' due dates…",
  recountFrom: 'Version',
  recountDue: 'Due date (now → recounted)',
  recountClocks: 'Time limit',
  recountDays: '{from} → {to} days',
  recountRefused: 'Cannot recount',
  recountRun: 'Recount the {n} chosen',
  recountConfirm: 'Move the {n} chosen running cases onto version {version} and recount their due dates under its time limits and calendar? This is audited.',
  recountOk: 'Recount',
  recountCancel: 'Cancel',
  recountDone: 'Recounted {n}, now on version {version}.',
  recountUnchanged: '{n} unchanged (already on the latest version with the same dates).',
  recountRefusedN: '{n} could not be recounted:',
  recountRefresh: 'Refresh',
  recountClose: 'Done',
  recountFailed: 'Recount failed: {msg}',
  forkIntroLive:
    "The new scheme copies the latest published version of this one ({version}, #{seq}) and records the fork point, so this scheme's later changes can be reviewed and merged there. Unpublished changes in the draft are not copied. It is usable at once; your roles in this scheme are granted in the new one too.",
  forkVersionLoading: 'Reading the latest published version…',
  provisional: 'Provisional',
  provisionalHint: 'The {year} holiday schedule is not published yet: this date uses the provisional calendar (statutory days only, no 调休)',
}

export type PanelKey = Key
export const PANEL_MESSAGES: Record<Lang, Record<Key, string>> = { 'zh-CN': ZH, en: EN }

export function panelT(lang: Lang): (k: Key, p?: Record<string, string | number>) => string {
  const table = PANEL_MESSAGES[lang] ?? ZH
  return (k, p) => (table[k] ?? ZH[k]).replace(/\{(\w+)\}/g, (_m, n: string) => (p?.[n] === undefined ? `{${n}}` : String(p[n])))
}
