/** The organisation editor's model on the real Galutu draft: usages, ids, renames, categories, permissions. */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { POLICY } from '../../engine'
import {
  categoriesOf,
  declaredPermissions,
  moveCategory,
  newId,
  permissionColumns,
  renameId,
  schemaEnum,
  togglePermission,
  usagesOf,
  usagesOfList,
  type OrgDoc,
  type Target,
} from '../../designer/src/visual/org/model'
import { at, changedLeaves, fileOf, galutuDraft } from './visual-org-wf-draft'

const cases = JSON.parse(readFileSync('tests/cases/visual-org/usages.json', 'utf8')) as { cases: Array<Target & { uses: Array<[string, string, string]> }> }
const org = fileOf('org')
const doc = org.doc as OrgDoc

describe('usagesOf (where an element is used, so it is not removed)', () => {
  const draft = galutuDraft()
  for (const c of cases.cases) {
    it(`${c.list} ${c.id}: ${c.uses.length} usage(s)`, () => {
      const got = usagesOf(c, { file: org.file, doc }, draft)
      expect(got.map((u) => [u.file, u.pointer]).sort()).toEqual(c.uses.map(([f, p]) => [f, p]).sort())
      for (const [f, p, words] of c.uses) {
        const u = got.find((x) => x.file === f && x.pointer === p)!
        expect(u.zh).toContain(words)
        expect(u.en.length).toBeGreaterThan(0)
        // the pointer names the reference itself: the id, the stored name, or (imports) a mapping to it
        const v = at(draft.files.find((x) => x.file === f)!.doc, p)
        const values = Array.isArray(v) ? v : [v]
        expect(values).toContain(c.list === 'villages' ? (at(doc, p) === c.id ? c.id : c.name) : c.id)
      }
    })
  }

  it('reads the org being edited, not the draft copy: a unit added to a group is found', () => {
    const edited = structuredClone(doc)
    ;(edited.groups![0]!.units as string[]).push('gonghui')
    const got = usagesOf({ list: 'units', id: 'gonghui' }, { file: org.file, doc: edited }, galutuDraft())
    expect(got.map((u) => u.pointer).sort()).toEqual(['/groups/0/units/6', '/groups/5/units/0'])
  })

  it('one pass for a whole list finds what one element at a time finds', () => {
    const draft = galutuDraft()
    for (const list of ['villages', 'units', 'groups', 'roles', 'levels', 'channels'] as const) {
      const els = (doc[list] as Array<{ id: string; name: string }>).map((e) => ({ id: e.id, name: e.name }))
      expect(usagesOfList(list, els, { file: org.file, doc }, draft)).toEqual(els.map((e) => usagesOf({ list, ...e }, { file: org.file, doc }, draft)))
    }
  })

  it('a renamed village is looked up by its id in units and by its name in values', () => {
    const draft = galutuDraft()
    expect(usagesOf({ list: 'villages', id: 'wenhua', name: '改名社区' }, { file: org.file, doc }, draft).map((u) => u.pointer)).toEqual(['/units/24/village'])
  })
})

describe('ids', () => {
  it('a new id is <prefix>_<n> past the list length, skipping taken ones', () => {
    expect(newId(doc, 'villages')).toBe(`village_${doc.villages!.length + 1}`)
    const taken = structuredClone(doc)
    taken.villages!.push({ id: `village_${doc.villages!.length + 2}`, name: 'x', type: 'gacha' })
    expect(newId(taken, 'villages')).toBe(`village_${doc.villages!.length + 3}`)
    expect(newId(doc, 'groups')).toBe(`group_${doc.groups!.length + 1}`)
  })

  it('renaming an id carries the references inside org.json and changes nothing else', () => {
    const vi = doc.villages!.findIndex((v) => v.id === 'tuanjie')
    const next = renameId(doc, 'villages', vi, 'tj')
    expect(changedLeaves(doc, next).sort()).toEqual([`/units/23/village`, `/villages/${vi}/id`].sort())
    const ri = doc.roles!.findIndex((r) => r.id === 'group_leader')
    const roles = renameId(doc, 'roles', ri, 'gl')
    expect(changedLeaves(doc, roles).sort()).toEqual([`/roles/${ri}/id`, ...doc.groups!.map((_, i) => `/groups/${i}/leader/role`)].sort())
    const ui = doc.units!.findIndex((u) => u.id === 'zhifaju')
    expect(changedLeaves(doc, renameId(doc, 'units', ui, 'zf')).sort()).toEqual([`/groups/2/units/0`, `/units/${ui}/id`].sort())
  })

  it('reads enums from the engine schema', () => {
    expect(schemaEnum('units', 'type')).toEqual(['center', 'station', 'department', 'point', 'external'])
    expect(schemaEnum('roles', 'scope')).toEqual(['all', 'village', 'unit'])
  })
})

describe('categories', () => {
  it('lists every category of every group, in order', () => {
    const all = doc.groups!.flatMap((g) => g.categories as string[])
    expect(categoriesOf(doc).map((c) => c.category)).toEqual(all)
  })
  it('moves one category to the end of another group, nothing else', () => {
    const next = moveCategory(doc, 5, 3, 0)
    expect(next.groups![5]!.categories as string[]).not.toContain('邻里小纠纷')
    expect((next.groups![0]!.categories as string[]).at(-1)).toBe('邻里小纠纷')
    expect(categoriesOf(next).length).toBe(categoriesOf(doc).length)
    expect(doc.groups![5]!.categories as string[]).toContain('邻里小纠纷') // not mutated
  })
})

describe('permissions', () => {
  it('are the ones POLICY needs, plus * (every permission, read by Policy.grantsFor)', () => {
    const need = new Set(
      Object.values(POLICY)
        .map((p) => p.permission)
        .filter(Boolean),
    )
    const ids = declaredPermissions().map((p) => p.id)
    expect(new Set(ids)).toEqual(new Set([...need, '*']))
    expect(declaredPermissions().find((p) => p.id === 'case.handle')!.actions).toEqual(['case.link'])
  })
  it('columns keep what Galutu roles hold that no action needs, marked undeclared', () => {
    const cols = permissionColumns(doc)
    expect(cols.filter((c) => !c.declared).map((c) => c.id)).toEqual(['case.instruct', 'case.reply'])
    const held = new Set(doc.roles!.flatMap((r) => r.permissions as string[]))
    for (const p of held) expect(cols.map((c) => c.id)).toContain(p)
  })
  it('toggling keeps the order and adds at the end', () => {
    const r = { permissions: ['case.read', 'case.pii'] }
    expect(togglePermission(r, 'duty.read', true)).toEqual(['case.read', 'case.pii', 'duty.read'])
    expect(togglePermission(r, 'case.read', false)).toEqual(['case.pii'])
    expect(togglePermission(r, 'case.pii', true)).toEqual(['case.read', 'case.pii'])
  })
})

describe('usagesOf finds every place a role id is written', () => {
  // Role ids are not words the definitions use otherwise (but `leader` is also a form field, named
  // in its form's `required`): every other string equal to one, outside the role's own id, is a
  // reference (declared with x-daiban-ref, or the staffing minimums).
  const draft = galutuDraft()
  const leaves = (v: unknown, p: string, out: Array<[string, string]>) => {
    if (typeof v === 'string') out.push([p, v])
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out)
    return out
  }
  for (const role of doc.roles!) {
    it(role.id as string, () => {
      const want = draft.files.flatMap((f) =>
        leaves(f.doc, '', [])
          .filter(([p, v]) => v === role.id && !(f.kind === 'org' && /^\/roles\/\d+\/id$/.test(p)) && !(f.kind === 'forms' && /\/required\/\d+$/.test(p)))
          .map(([p]) => `${f.file}${p}`),
      )
      const got = usagesOf({ list: 'roles', id: role.id as string }, { file: org.file, doc }, draft).map((u) => `${u.file}${u.pointer}`)
      expect(got.sort()).toEqual(want.sort())
    })
  }
})
