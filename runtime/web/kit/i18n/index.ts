/** The apps' i18n core: one Lang, templates with plurals, typed tables, the remembered language. */
export { formatMessage, htmlLang, LANGS, messageArgs, MessageSyntaxError, parseMessage, toLang, type Lang, type Params } from './format'
export { defineMessages, missingKeys, registeredTables, type MessageTable } from './table'
export { langContext, rememberLang, storedLang, useLangState } from './react'
