/**
 * Form patterns on a linear-time engine: RE2 (re2js). A form's JSON Schema `pattern` is written
 * by a scheme author and runs on values typed by anyone, the public included. On a backtracking
 * engine (JavaScript's RegExp) a pattern as plain as `^1\d*\d*\d*\d*\d*\d*\d*\d*$` takes seconds
 * on 40 characters, and the server answers nobody meanwhile (review finding 3). RE2 matches in
 * time linear in the value, whatever the pattern; the ReDoS check in `redos.ts` only gives an
 * earlier, clearer refusal of the classic shapes.
 *
 * Patterns keep JavaScript's syntax and meaning (ECMA-262 with the `u` flag, as ajv and browsers
 * read them): `toRe2` translates them, including where RE2 means something else by the same text
 * (`\s`, `.`, `[]`, `[^]`, `[[:…:]]`, `\b` in a class). What RE2 cannot run — backreferences,
 * lookahead, lookbehind — has no translation: `patternRefusal` says why, and `validate` refuses the
 * scheme with the file and JSON pointer of the pattern.
 *
 * This module is the one place the engine is configured: the engine's `Validator` (server, CLI,
 * designer worker) passes `linearRegExp` to ajv, and the browser forms load this module on demand.
 *
 * @example
 *   const ajv = new Ajv2020({ code: { regExp: linearRegExp } })
 *   patternRefusal('^(?=.*\\d).{8,}$') // → { reason: '含前瞻断言 (?= …)', … }
 */
import { RE2JS } from 're2js'
import { unsafePattern } from './redos'

/** Why a pattern cannot run on RE2, in both languages. */
export interface PatternRefusal {
  reason: string
  reasonEn: string
}

/** Thrown by {@link linearRegExp} (so by ajv's compile) for a pattern with no RE2 form. */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly refusal: PatternRefusal,
  ) {
    super(`Regular expression "${pattern}" cannot run on the linear-time engine: ${refusal.reasonEn}`)
    this.name = 'UnsupportedPatternError'
  }
}

/** ajv's `code.regExp` option: `(pattern, flags) => { test }`, with `code` naming it in generated code. */
export interface RegExpEngine {
  (pattern: string, flags: string): { test(s: string): boolean }
  code: string
}

// JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262 §12.2, §12.3), as class contents.
const SPACE = '\\x{9}-\\x{d}\\x{20}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}'
// …and its complement, so that \S works inside a class too.
const NOT_SPACE =
  '\\x{0}-\\x{8}\\x{e}-\\x{1f}\\x{21}-\\x{9f}\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}\\x{202a}-\\x{202e}\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{fefe}\\x{ff00}-\\x{10ffff}'
// JavaScript's `.` without the s flag: anything but a line terminator.
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]'
const ANY = '[\\x{0}-\\x{10ffff}]'
const NOTHING = '[^\\x{0}-\\x{10ffff}]'

const refuse = (reason: string, reasonEn: string) => ({ refused: { reason, reasonEn } })
const hex = (n: number) => `\\x{${n.toString(16)}}`

/**
 * The RE2 source of a JavaScript pattern with the same meaning, or why there is none.
 * Expects a pattern `new RegExp(pattern, 'u')` accepts (`patternRefusal` checks that first).
 */
export function toRe2(pattern: string): { source: string } | { refused: PatternRefusal } {
  let out = ''
  let inClass = false
  const p = pattern
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!
    if (ch === '\\') {
      const c = p[i + 1] ?? ''
      i++
      if (/[1-9]/.test(c)) return refuse(`含反向引用 \\${c}`, `it has a backreference \\${c}`)
      if (c === 'k') return refuse('含命名反向引用 \\k<…>', 'it has a named backreference \\k<…>')
      if (c === 's') out += inClass ? SPACE : `[${SPACE}]`
      else if (c === 'S') out += inClass ? NOT_SPACE : `[${NOT_SPACE}]`
      else if (c === 'b' && inClass) out += hex(8)
      else if (c === 'c') {
        out += hex(p.charCodeAt(i + 1) % 32)
        i++
      } else if (c === '0') out += hex(0)
      else if (c === 'u') {
        // \u{…}, \uXXXX, or a surrogate pair \uD83D\uDE00 written as two escapes: one code point.
        let cp: number
        if (p[i + 1] === '{') {
          const end = p.indexOf('}', i)
          cp = parseInt(p.slice(i + 2, end), 16)
          i = end
        } else {
          cp = parseInt(p.slice(i + 1, i + 5), 16)
          i += 4
          const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(p.slice(i + 1))
          if (cp >= 0xd800 && cp <= 0xdbff && low) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00)
            i += 6
          }
        }
        out += hex(cp)
      } else if ((c === 'p' || c === 'P') && p[i + 1] === '{') {
        // RE2 names scripts and categories without the `Script=` / `General_Category=` prefix.
        const end = p.indexOf('}', i)
        const name = p.slice(i + 2, end).replace(/^(Script|sc|General_Category|gc)=/, '')
        if (name.includes('='))
          return refuse(`RE2 不支持 Unicode 属性 \\${c}{${p.slice(i + 2, end)}}`, `RE2 has no Unicode property \\${c}{${p.slice(i + 2, end)}}`)
        out += `\\${c}{${name}}`
        i = end
      } else out += `\\${c}`
      continue
    }
    if (inClass) {
      if (ch === ']') inClass = false
      // A literal `[` in a class: RE2 would read `[:alpha:]` as a POSIX class.
      out += ch === '[' ? '\\[' : ch
      continue
    }
    if (ch === '[') {
      if (p.startsWith('[]', i)) {
        out += NOTHING
        i += 1
      } else if (p.startsWith('[^]', i)) {
        out += ANY
        i += 2
      } else {
        inClass = true
        out += ch
        if (p[i + 1] === '^') out += p[++i]
      }
      continue
    }
    if (ch === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2)
      if (rest.startsWith('=') || rest.startsWith('!')) return refuse(`含前瞻断言 (?${rest[0]} …)`, `it has a lookahead (?${rest[0]} …)`)
      if (rest.startsWith('<=') || rest.startsWith('<!')) return refuse(`含后顾断言 (?${rest.slice(0, 2)} …)`, `it has a lookbehind (?${rest.slice(0, 2)} …)`)
      // Inline modifiers (?i: …): newer JavaScript has them, RE2 reads `.` and `\s` in them its own way.
      if (/^-?[ims]/.test(rest)) return refuse('含内联修饰符 (?i: …)', 'it has an inline modifier (?i: …)')
      if (rest.startsWith('<')) {
        out += '(?P<'
        i += 2
        continue
      }
    }
    out += ch === '.' ? DOT : ch
  }
  return { source: out }
}

const compiled = new Map<string, RE2JS | PatternRefusal>()

function compileOrRefuse(pattern: string): RE2JS | PatternRefusal {
  let r = compiled.get(pattern)
  if (r) return r
  try {
    new RegExp(pattern, 'u')
    const t = toRe2(pattern)
    if ('refused' in t) r = t.refused
    else {
      try {
        r = RE2JS.compile(t.source)
      } catch (e) {
        const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e)
        r = { reason: `RE2 无法运行它（${why}）`, reasonEn: `RE2 cannot run it (${why})` }
      }
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    r = { reason: `不是有效的正则表达式（${why}）`, reasonEn: `it is not a valid regular expression (${why})` }
  }
  // Patterns come from definitions, so there are few; the bound only stops a runaway caller.
  if (compiled.size > 2000) compiled.clear()
  compiled.set(pattern, r)
  return r
}

/**
 * ajv's `code.regExp` for the kind schemas' own patterns (engine/scheme/schemas, precompiled by
 * generate.ts): written in the code, not by a scheme's author. Those the ReDoS check passes run on
 * JavaScript's engine — compiling them to RE2 on every start was 5 % of a CLI decision — and any
 * other on RE2, as a form's pattern does.
 */
export const kindRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    if (unsafePattern(pattern) !== null) return linearRegExp(pattern, flags)
    const re = new RegExp(pattern, flags)
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` }
  },
  { code: 'kindRegExp' },
)

/** Why `pattern` cannot be a form pattern (not valid JavaScript, or no RE2 form), or null. */
export function patternRefusal(pattern: string): PatternRefusal | null {
  const r = compileOrRefuse(pattern)
  return r instanceof RE2JS ? null : r
}

/**
 * Whether `value` matches `pattern` somewhere (JSON Schema's `pattern`: not anchored), in linear
 * time; null when the pattern cannot run here ({@link patternRefusal} says why).
 */
export function linearTest(pattern: string, value: string): boolean | null {
  const r = compileOrRefuse(pattern)
  return r instanceof RE2JS ? r.test(value) : null
}

/**
 * ajv's `code.regExp`: every `pattern` and `patternProperties` of a schema compiled by that ajv
 * runs on RE2. Throws {@link UnsupportedPatternError} for a pattern without an RE2 form, so such a
 * schema does not compile. Flags: ajv passes `u` (or nothing); patterns are always read as `u`.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    if (flags.replace('u', '') !== '') throw new Error(`linearRegExp: unsupported flags "${flags}" for pattern "${pattern}" (ajv passes "u" or none)`)
    // Compiled on the first test, not when ajv compiles the schema: compiling RE2 programs was a
    // third of a CLI decision's start (the kind validators' patterns at import, a form's patterns no
    // value reached). A pattern RE2 cannot run is refused where it is written, by the scheme check
    // (`patternRefusal`, with file and pointer); its first test would throw UnsupportedPatternError.
    let r: RE2JS | undefined
    const compiled = () => {
      if (r) return r
      const c = compileOrRefuse(pattern)
      if (!(c instanceof RE2JS)) throw new UnsupportedPatternError(pattern, c)
      return (r = c)
    }
    // ajv keys compiled patterns by toString(): it must tell patterns apart, as RegExp's does.
    return { test: (s: string) => compiled().test(s), toString: () => `/${pattern}/${flags}` }
  },
  // How generated (standalone) validator code refers to it; the generator imports it by this name.
  { code: 'linearRegExp' },
)
