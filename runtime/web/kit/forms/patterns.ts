/**
 * Form patterns in the browser run on the engine's linear-time RE2 (engine/validate/regexp.ts,
 * review finding 3), never on JavaScript's RegExp: a scheme's pattern that backtracks for seconds
 * would freeze the page as it froze the server. The engine module is the one place patterns are
 * configured; re2js is about 46 KB gzipped, so it comes as its own chunk when a form is shown
 * (`loadPatterns`), not with the app. Until it has arrived a pattern is not checked here: the
 * server checks every pattern again, on the same engine.
 *
 * Used by the staff app's forms, the public page and the designer's previews.
 */
type Linear = typeof import('../../../../engine/validate/regexp')

let linear: Linear | null = null
let loading: Promise<void> | null = null

/** Start loading the linear engine (once); resolves when patterns are checked. */
export function loadPatterns(): Promise<void> {
  return (loading ??= import('../../../../engine/validate/regexp').then(
    (m) => {
      linear = m
    },
    () => {
      // offline or a stale chunk: try again next time; the server still checks
      loading = null
    },
  ))
}

/**
 * Whether `value` matches `pattern` (anywhere, as JSON Schema's `pattern`), in linear time; null
 * when it cannot be told here: the engine has not arrived yet, or the pattern has no RE2 form
 * (validate refuses such schemes, so the server never serves one).
 */
export function patternMatches(pattern: string, value: string): boolean | null {
  if (!linear) {
    void loadPatterns()
    return null
  }
  return linear.linearTest(pattern, value)
}

/**
 * ajv's `code.regExp` for rjsf's validators (`ajvOptionsOverrides: { code: { regExp } }`): each
 * pattern is looked up when tested, so one compiled form checks its patterns once the engine is
 * there; a pattern not known here passes.
 */
export const lazyLinearRegExp = Object.assign(
  (pattern: string, flags: string) => ({
    test: (s: string) => patternMatches(pattern, s) ?? true,
    // ajv keys compiled patterns by toString(): it must tell patterns apart, as RegExp's does.
    toString: () => `/${pattern}/${flags}`,
  }),
  { code: 'lazyLinearRegExp' },
)

/** rjsf's validator options with patterns on the linear engine. */
export const LINEAR_PATTERNS = { ajvOptionsOverrides: { code: { regExp: lazyLinearRegExp } } }
