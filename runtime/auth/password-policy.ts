/**
 * What a password must be (issue #15, finding 10): at least 10 characters, and not guessable —
 * zxcvbn's estimate (with its common-password and word lists, and the user's own name and the
 * server's scheme names as words an attacker would try first) must reach score 3 of 4
 * ("safely unguessable": about 10^8 guesses). `password12` and `Password1!` are refused.
 *
 * The estimator and its dictionaries (a few MB) are loaded once, on the first password checked.
 */
import type { Problem } from '../../engine'

export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200
/** zxcvbn score (0–4) a password must reach */
export const MIN_PASSWORD_SCORE = 3

export interface PasswordProblem {
  reason: 'missing' | 'short' | 'long' | 'guessable'
  zh: string
  en: string
}

const TEXT: Record<PasswordProblem['reason'], { zh: string; en: string }> = {
  missing: { zh: '请输入密码', en: 'Enter a password' },
  short: { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `The password needs at least ${MIN_PASSWORD_LENGTH} characters` },
  long: { zh: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`, en: `The password may have at most ${MAX_PASSWORD_LENGTH} characters` },
  guessable: {
    zh: '密码太容易被猜到（常见密码、单词、姓名、日期、键盘顺序或与用户名相近），请换一个更长、更不规则的密码，例如几个不相关的词加上数字或符号',
    en: 'The password is too easy to guess (a common password, word, name, date, keyboard pattern or close to the user name); choose a longer, less predictable one, e.g. several unrelated words with digits or symbols',
  },
}

type Score = (password: string, userInputs: string[]) => number
let estimator: Promise<Score> | null = null

/** The zxcvbn estimator with the common dictionaries, built on first use. */
function loadEstimator(): Promise<Score> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
    const z = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })
    return (password, userInputs) => z.check(password, userInputs).score
  })()
  return estimator
}

/**
 * Why a password may not be used, or null when it may.
 * @param userInputs words tied to the account (user name, display name, scheme ids): a password
 *   built from them counts as guessable
 * @example await passwordProblem('Password1!', ['li']) // { reason: 'guessable', … }
 */
export async function passwordProblem(pw: unknown, userInputs: string[] = []): Promise<PasswordProblem | null> {
  const refuse = (reason: PasswordProblem['reason']): PasswordProblem => ({ reason, ...TEXT[reason] })
  if (typeof pw !== 'string' || pw === '') return refuse('missing')
  if ([...pw].length < MIN_PASSWORD_LENGTH) return refuse('short')
  if (pw.length > MAX_PASSWORD_LENGTH) return refuse('long')
  const score = (await loadEstimator())(
    pw,
    userInputs.filter((w) => typeof w === 'string' && w.length > 0),
  )
  return score < MIN_PASSWORD_SCORE ? refuse('guessable') : null
}

/**
 * The located problem of a refused password, for a `{code, pointer, message}` field error: code
 * WEAK_PASSWORD, its message in Chinese, in English through the message table.
 */
export function passwordFieldProblem(p: PasswordProblem, pointer: string): Problem {
  return { code: 'WEAK_PASSWORD', pointer, message: p.zh, params: { reason: p.reason, detail: p.zh, detailEn: p.en } }
}
