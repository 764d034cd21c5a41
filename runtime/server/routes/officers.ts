/**
 * The officers a user may name on a case (issue #18 §4): the staff app's officer pick-list. By
 * display name only — the login name is not shown to other staff.
 */
import { Type } from '@sinclair/typebox'
import { ServiceError } from '../../errors'
import { assignableOfficers } from '../../cases/assignable'
import { access, route } from '../contract/route'
import { Obj, Opt, Str } from '../contract/schemas'
import type { RouteDeps } from './deps'

const Officer = Type.Object({
  name: Type.String({ description: '显示名（表单保存的值）' }),
  roles: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.Optional(Type.String()) })),
  village: Type.Union([Type.String(), Type.Null()], { description: '嘎查村（社区）代办员的嘎查村；镇级角色为 null' }),
})

export function officerRoutes(d: RouteDeps) {
  return [
    route({
      id: 'listAssignableOfficers',
      method: 'get',
      path: '/api/schemes/:id/officers',
      tag: 'schemes',
      summary: '可指定的代办员：在本方案持有代办员角色、管辖该嘎查村（社区）的账号（按显示名）',
      access: access.scheme('case.read'),
      query: Obj({ village: Opt(Str('案件所属嘎查村（社区），缺省为全部', { maxLength: 100 })) }),
      responses: { 200: Type.Object({ items: Type.Array(Officer) }) },
      handler: async ({ params, query, locale }) => {
        const v = await d.schemes.latest(params.id).catch(() => {
          throw new ServiceError('NOT_FOUND', locale === 'en' ? `no scheme "${params.id}"` : `未找到方案 "${params.id}"`)
        })
        const scheme = await d.schemes.get(params.id, v.hash)
        return { items: assignableOfficers(await d.accounts.list(), d.policy(), scheme, query.village || undefined) }
      },
    }),
  ]
}
