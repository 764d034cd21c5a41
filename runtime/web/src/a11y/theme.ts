/**
 * The staff app's antd theme, with text colours that pass WCAG AA (4.5:1) on white and on the
 * page's grey: antd's defaults for tertiary text (#8c8c8c, 3.36:1), links and info (#1677ff, 4.1:1),
 * placeholders (#bfbfbf), the error red (#ff4d4f) and the tags' text (green, gold, orange, cyan…
 * 2.7–3.5:1 on their tints) do not. Checked by axe-core in the browser suites (tests/browser/axe.ts).
 */
import type { ThemeConfig } from 'antd'

/** 6.1:1 on white, 5.6:1 on #f3f5f8 */
export const PRIMARY = '#1d5fbf'
/** 8.2:1 on white */
const HOVER = '#174c99'
/** secondary text (.muted, descriptions): 5.3:1 on #f3f5f8 */
export const TEXT_MUTED = '#5f6673'
/** 5.6:1 on white */
const ERROR = '#cf1322'

export const THEME: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    // hovered links and buttons go darker, not lighter (antd's lighter hover blue is 3.4:1)
    colorLinkHover: HOVER,
    colorPrimaryHover: HOVER,
    colorInfo: PRIMARY,
    colorError: ERROR,
    borderRadius: 4,
    colorTextTertiary: TEXT_MUTED,
    colorTextDescription: TEXT_MUTED,
    colorTextPlaceholder: '#6b7280',
  },
  components: {
    // a tag's text is its colour's 7th shade (status tags: the status colour) on the 1st: darker shades
    Tag: {
      colorSuccess: '#237804',
      colorWarning: '#ad4e00',
      colorError: ERROR,
      colorInfo: PRIMARY,
      green7: '#237804',
      gold7: '#874d00',
      orange7: '#ad4e00',
      volcano7: '#ad2102',
      cyan7: '#006d75',
      lime7: '#3f6600',
      yellow7: '#614700',
    },
  },
}
