/** Words of the accessibility helpers (skip link, landmarks). */
import { areaMessages } from '../i18n'

export const useT = areaMessages(
  'a11y',
  {
    skip: '跳到主要内容',
    nav: '主菜单',
  },
  {
    skip: 'Skip to main content',
    nav: 'Main menu',
  },
)
