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
export function unsafePattern(pattern: string): string | null {
  if (pattern.length > 500) return '过长（超过 500 个字符）'
  try {
    new RegExp(pattern, 'u')
  } catch {
    return '不是有效的正则表达式'
  }
  if (/\\[1-9]/.test(pattern)) return '含反向引用'
  // Find groups and whether their content is quantified and the group itself is quantified.
  const stack: Array<{ start: number; quantifiedInside: boolean; hasAlt: boolean }> = []
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') { i++; continue }
    if (ch === '[') {
      // skip character class
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++
      const q = pattern[i + 1]
      if (stack.length && q && '*+{?'.includes(q)) stack[stack.length - 1]!.quantifiedInside = true
      continue
    }
    if (ch === '(') { stack.push({ start: i, quantifiedInside: false, hasAlt: false }); continue }
    if (ch === '|' && stack.length) stack[stack.length - 1]!.hasAlt = true
    if (ch === ')') {
      const g = stack.pop()
      const q = pattern[i + 1]
      const repeated = q === '*' || q === '+' || (q === '{' && /^\{\d*,\d*\}|^\{\d{2,}\}/.test(pattern.slice(i + 1)))
      if (g && repeated && (g.quantifiedInside || g.hasAlt)) return `分组 ${pattern.slice(g.start, i + 1)} 内含重复或分支，且分组本身又被重复`
      if (g && stack.length && (g.quantifiedInside || repeated)) stack[stack.length - 1]!.quantifiedInside = true
      continue
    }
    if ('*+?'.includes(ch!) || ch === '{') {
      if (stack.length) stack[stack.length - 1]!.quantifiedInside = true
    }
  }
  return null
}
