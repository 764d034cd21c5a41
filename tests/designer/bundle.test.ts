/** Import/export bundles: what an import accepts, what it refuses, and why. */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { makeBundle, parseBundle, bundleFileName } from '../../designer/src/lib/bundle'

const files = readdirSync('definitions/galutu')
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, text: readFileSync(`definitions/galutu/${f}`, 'utf8') }))
const codes = (text: string, scheme = 'galutu') => parseBundle(text, scheme).errors.map((e) => e.code)

describe('bundles', () => {
  it('round-trips an export of the real scheme', () => {
    const b = makeBundle('galutu', files, 'draft', new Date('2026-11-25T10:11:12Z'))
    expect(bundleFileName(b)).toBe('galutu-draft-20261125-101112.json')
    const r = parseBundle(JSON.stringify(b), 'galutu')
    expect(r.errors).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.bundle!.files.map((f) => f.file)).toEqual([...files.map((f) => f.file)].sort())
    expect(r.bundle!.files.find((f) => f.file === 'rules.json')!.text).toBe(files.find((f) => f.file === 'rules.json')!.text)
  })

  it('refuses what the server would refuse, with a reason per file', () => {
    expect(codes('not json')).toEqual(['NOT_JSON'])
    expect(codes('[]')).toEqual(['NOT_OBJECT'])
    expect(codes(JSON.stringify({ files: [{ file: 'a.json', text: '{}' }] }))).toEqual(['NO_SCHEME_ID'])
    // Another scheme's files: the bundle says so, and so does its manifest.
    expect(codes(JSON.stringify({ schemeId: 'wulan', files }))).toEqual(['WRONG_SCHEME', 'MANIFEST_ID'])
    expect(codes(JSON.stringify({ schemeId: 'galutu', files: [] }))).toEqual(['NO_FILES'])
    expect(codes(JSON.stringify({ schemeId: 'galutu', files: [{ file: '../etc/passwd', text: '{}' }] }))).toEqual(['BAD_FILE_NAME'])
    expect(
      codes(
        JSON.stringify({
          schemeId: 'galutu',
          files: [
            { file: 'a.json', text: '{}' },
            { file: 'a.json', text: '{}' },
          ],
        }),
      ),
    ).toEqual(['DUPLICATE_FILE'])
    expect(codes(JSON.stringify({ schemeId: 'galutu', files: [{ file: 'a.json' }] }))).toEqual(['BAD_ENTRY'])
    expect(codes(JSON.stringify({ schemeId: 'galutu', files: [{ file: 'big.json', text: 'x'.repeat(2 * 1024 * 1024 + 1) }] }))).toEqual(['FILE_TOO_LARGE'])
    expect(
      codes(JSON.stringify({ schemeId: 'galutu', files: Array.from({ length: 201 }, (_, i) => ({ file: `f${i}.json`, text: '{"kind":"org"}' })) })),
    ).toEqual(['TOO_MANY_FILES'])
    const manifest = files.find((f) => f.file === 'scheme.json')!
    expect(
      codes(JSON.stringify({ schemeId: 'galutu', files: [{ file: 'scheme.json', text: manifest.text.replace('"id": "galutu"', '"id": "other"') }] })),
    ).toEqual(['MANIFEST_ID'])
  })

  it('accepts a file that does not parse yet, with a warning (the draft is where it gets fixed)', () => {
    const r = parseBundle(
      JSON.stringify({
        schemeId: 'galutu',
        files: [...files.filter((f) => f.file !== 'rules.json'), { file: 'rules.json', text: '{ "kind": "rules", ' }, { file: 'notes.json', text: '{}' }],
      }),
      'galutu',
    )
    expect(r.errors).toEqual([])
    expect(r.warnings.map((w) => [w.code, w.file]).sort()).toEqual([
      ['FILE_NOT_JSON', 'rules.json'],
      ['NO_KIND', 'notes.json'],
    ])
    expect(r.bundle!.files).toHaveLength(files.length + 1)
  })

  it('messages are bilingual', () => {
    const e = parseBundle(JSON.stringify({ schemeId: 'wulan', files }), 'galutu').errors[0]!
    expect(e.zh).toContain('wulan')
    expect(e.en).toContain('wulan')
  })
})
