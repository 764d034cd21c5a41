/**
 * Named patterns a town official picks instead of writing a regular expression (the designer's form
 * builder offers them; the staff app words a refusal by the preset's name). Platform data:
 * the definitions only hold the `pattern` written. A field whose pattern equals one of these shows its
 * name; any other pattern shows as written by hand.
 */
export interface PatternPreset {
  id: string
  name: string
  nameEn: string
  pattern: string
  /** A value the pattern accepts, shown as the example */
  example: string
}

export const PATTERN_PRESETS: readonly PatternPreset[] = [
  { id: 'mobile', name: '手机号码', nameEn: 'Mobile phone', pattern: '^1[0-9]{10}$', example: '13800000000' },
  { id: 'landline', name: '固定电话', nameEn: 'Landline', pattern: '^0[0-9]{2,3}-?[0-9]{7,8}$', example: '0477-1234567' },
  { id: 'phone', name: '手机或固定电话', nameEn: 'Mobile or landline', pattern: '^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$', example: '13800000000' },
  { id: 'idNumber', name: '身份证号', nameEn: 'ID card number', pattern: '^[0-9]{17}[0-9Xx]$', example: '150602199001011234' },
  { id: 'postcode', name: '邮政编码', nameEn: 'Postcode', pattern: '^[0-9]{6}$', example: '017000' },
]

export const presetOf = (pattern: unknown): PatternPreset | undefined => PATTERN_PRESETS.find((p) => p.pattern === pattern)
