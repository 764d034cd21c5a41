/** rjsf's own strings (buttons, labels) in the page's language: the table the staff app and the designer use too. */
import { rjsfTranslator } from '../../kit/forms/rjsfZh'
import type { Lang } from './lang'

export const translatorFor = (lang: Lang) => rjsfTranslator(lang)
