/**
 * `daiban user add` (issue #18): a role whose scope in org.json (roles[].scope) is a village or a
 * unit is refused without --village / --unit, exit 2, naming the flag; with it the account is made.
 * The roles are found in the real definitions by their scope, not by name. bin/daiban.js in a child process.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GALUTU_DIR, REPO_ROOT } from '../helpers/scheme'

const BIN = path.join(REPO_ROOT, 'bin/daiban.js')
const ENV = {
  ...process.env,
  LANG: 'C.UTF-8',
  LC_ALL: '',
  LC_MESSAGES: '',
  DAIBAN_PASSWORD: 'Grassland-Horse-7391!',
  DAIBAN_DATA_DIR: '',
  DAIBAN_DATABASE_URL: '',
}

function daiban(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 25_000, env: ENV }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }),
    )
  })
}

interface Role {
  id: string
  name: string
  scope: 'all' | 'village' | 'unit'
}
const org = JSON.parse(readFileSync(path.join(GALUTU_DIR, 'org.json'), 'utf8')) as { roles: Role[]; villages: Array<{ name: string }> }
const villageRole = org.roles.find((r) => r.scope === 'village')!
const unitRole = org.roles.find((r) => r.scope === 'unit')!

let tmp: string
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'daiban-cli-scope-'))
})
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true })
})

describe('user add and the role scope of org.json', () => {
  it(`a village-scoped role (${villageRole?.id}) needs --village, a unit-scoped one (${unitRole?.id}) needs --unit`, async () => {
    expect(villageRole && unitRole).toBeTruthy()
    // separate data folders: each command locks its own
    const [noVillage, noUnit, ok] = await Promise.all([
      daiban(['user', 'add', 'wang', '--role', villageRole.id, '--data', path.join(tmp, 'a')]),
      daiban(['user', 'add', 'zhao', '--role', unitRole.id, '--data', path.join(tmp, 'b')]),
      daiban(['user', 'add', 'wang', '--role', villageRole.id, '--village', org.villages[0]!.name, '--data', path.join(tmp, 'c')]),
    ])
    expect(noVillage.code, noVillage.err).toBe(2)
    expect(noVillage.err).toContain(`角色 ${villageRole.id}（${villageRole.name}）的范围为嘎查村（社区）：请用 --village 指定`)
    expect(noVillage.out).toBe('')
    expect(noUnit.code, noUnit.err).toBe(2)
    expect(noUnit.err).toContain(`角色 ${unitRole.id}（${unitRole.name}）的范围为单位：请用 --unit 指定`)
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain(`已创建账号 wang（${villageRole.id} · galutu · ${org.villages[0]!.name}）`)
  }, 60_000)
})
