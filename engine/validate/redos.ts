/**
 * A conservative check for regular expressions that can backtrack catastrophically (ReDoS) in
 * form schemas: a quantified group whose body can itself repeat (nested quantifiers, `(a+)+`,
 * `(a*)*`, `(a|a)*`-style alternations of overlapping quantified parts), and backreferences.
 * It may refuse a harmless pattern; it does not pass the classic dangerous shapes.
 *
 * It is not the guarantee: it misses shapes such as adjacent quantifiers (`^1\d*\d*…\d*$`, review
 * finding 3). Form patterns run on the linear-time RE2 (regexp.ts) whatever this check says; it
 * stays as an earlier refusal that names the dangerous part, for patterns that would be slow on
 * any backtracking engine a scheme is exported to.
 */
/** The reason a pattern is unsafe, in Chinese (kept for callers that show only Chinese), or null. */
export function unsafePattern(pattern: string): string | null {
  return unsafePatternReason(pattern)?.reason ?? null
}

/** Why a pattern may backtrack catastrophically, in Chinese and English, or null when it looks safe. */
export function unsafePatternReason(pattern: string): { reason: string; reasonEn: string } | null {
  if (pattern.length > 500) return { reason: '过长（超过 500 个字符）', reasonEn: 'too long (over 500 characters)' }
  try {
    new RegExp(pattern, 'u')
  } catch {
    return { reason: '不是有效的正则表达式', reasonEn: 'not a valid regular expression' }
  }
  if (/\\[1-9]/.test(pattern)) return { reason: '含反向引用', reasonEn: 'it has a backreference' }
  // Find groups and whether their content is quantified and the group itself is quantified.
  const stack: Array<{ start: number; quantifiedInside: boolean; hasAlt: boolean }> = []
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      i++
      continue
    }
    if (ch === '[') {
      // skip character class
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++
      const q = pattern[i + 1]
      if (stack.length && q && '*+{?'.includes(q)) stack[stack.length - 1]!.quantifiedInside = true
      continue
    }
    if (ch === '(') {
      stack.push({ start: i, quantifiedInside: false, hasAlt: false })
      continue
    }
    if (ch === '|' && stack.length) stack[stack.length - 1]!.hasAlt = true
    if (ch === ')') {
      const g = stack.pop()
      const q = pattern[i + 1]
      const repeated = q === '*' || q === '+' || (q === '{' && /^\{\d*,\d*\}|^\{\d{2,}\}/.test(pattern.slice(i + 1)))
      if (g && repeated && (g.quantifiedInside || g.hasAlt)) {
        const group = pattern.slice(g.start, i + 1)
        return { reason: `分组 ${group} 内含重复或分支，且分组本身又被重复`, reasonEn: `group ${group} repeats or branches inside and is itself repeated` }
      }
      if (g && stack.length && (g.quantifiedInside || repeated)) stack[stack.length - 1]!.quantifiedInside = true
      continue
    }
    if ('*+?'.includes(ch!) || ch === '{') {
      if (stack.length) stack[stack.length - 1]!.quantifiedInside = true
    }
  }
  return null
}
