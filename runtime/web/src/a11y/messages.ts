/** Words of the accessibility helpers (skip link, landmarks). */
import { areaMessages } from '../i18n'

export const useT = areaMessages(
  'a11y',
  {
    skip: '跳到主要内容',
    nav: '主菜单',
    printFailed: '无法打印：数据未能加载',
  },
  {
    skip: 'Skip to main content',
    nav: 'Main menu',
    printFailed: 'Cannot print: the data did not load',
  },
)
