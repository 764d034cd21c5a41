/** Server refusals placed against the fields they name (rjsf extraErrors), and dropped once edited. */
import { describe, expect, it } from 'vitest'
import { pruneErrors, renderedPath, stripFieldPrefix, toErrorSchema } from '../../runtime/web/src/fieldErrors'
import type { JsonSchema } from '../../runtime/web/src/api'

const disposal: JsonSchema = {
  type: 'object',
  properties: {
    sentOn: { type: 'string', format: 'date', title: '日期' },
    units: {
      type: 'array',
      title: '派往单位',
      items: {
        type: 'string',
        oneOf: [
          { const: 'a', title: 'A' },
          { const: 'b', title: 'B' },
        ],
      },
    },
    matter: { type: 'string', title: '事项' },
    people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string', title: '姓名' } } } },
  },
}

describe('toErrorSchema', () => {
  it('puts a dotted field under its path', () => {
    const r = toErrorSchema([{ field: 'sentOn', code: 'INPUT_INVALID', message: '格式应为 date' }], disposal)
    expect(r.errorSchema).toEqual({ sentOn: { __errors: ['格式应为 date'] } })
    expect(r.formErrors).toEqual([])
    expect(r.fields).toEqual(['sentOn'])
  })

  it('reports an index into a list of choices on the list (rendered as one checkbox group)', () => {
    const r = toErrorSchema([{ field: 'units.0', code: 'INPUT_INVALID', message: '应为列表中的值' }], disposal)
    expect(r.errorSchema).toEqual({ units: { __errors: ['应为列表中的值'] } })
  })

  it('keeps an index into a list of objects, down to the item field', () => {
    const r = toErrorSchema([{ field: 'people.1.name', code: 'INPUT_INVALID', message: '至少 1 个字符' }], disposal)
    expect(r.errorSchema).toEqual({ people: { 1: { name: { __errors: ['至少 1 个字符'] } } } })
  })

  it('gathers several messages on one field, once each', () => {
    const r = toErrorSchema(
      [
        { field: 'matter', code: 'a', message: '至少 1 个字符' },
        { field: 'matter', code: 'b', message: '至少 1 个字符' },
        { field: 'matter', code: 'c', message: '过长' },
      ],
      disposal,
    )
    expect(r.errorSchema).toEqual({ matter: { __errors: ['至少 1 个字符', '过长'] } })
  })

  it('turns fields the form does not render into form-level messages', () => {
    const r = toErrorSchema(
      [
        { field: 'type', code: 'GUARD_REFUSED', message: '当前条件下不能进行“CONCLUDE”' },
        { field: '', code: 'UNKNOWN_FIELD', message: '未知字段 "x"' },
      ],
      disposal,
    )
    expect(r.errorSchema).toBeUndefined()
    expect(r.formErrors).toEqual(['当前条件下不能进行“CONCLUDE”', '未知字段 "x"'])
  })

  it('strips the field name the server put in front of the message', () => {
    expect(stripFieldPrefix('phone：格式不正确', 'phone')).toBe('格式不正确')
    expect(stripFieldPrefix('units.0: must be equal to one of the allowed values', 'units.0')).toBe('must be equal to one of the allowed values')
    expect(stripFieldPrefix('格式不正确', 'phone')).toBe('格式不正确')
    const r = toErrorSchema([{ field: 'matter', code: 'x', message: 'matter：至少 1 个字符' }], disposal)
    expect(r.errorSchema).toEqual({ matter: { __errors: ['至少 1 个字符'] } })
  })

  it('renderedPath stops at the nearest rendered field for a path beyond the schema', () => {
    expect(renderedPath(disposal, 'matter.extra')).toEqual(['matter'])
    expect(renderedPath(disposal, 'nothing')).toBeNull()
  })
})

describe('pruneErrors', () => {
  const errors = { sentOn: { __errors: ['x'] }, matter: { __errors: ['y'] } }
  it('keeps the errors of fields unchanged since the refused submission', () => {
    expect(pruneErrors(errors, { sentOn: 'bad', matter: '' }, { sentOn: 'bad', matter: '' })).toBe(errors)
  })
  it('drops the error of a field the user changed', () => {
    expect(pruneErrors(errors, { sentOn: 'bad', matter: '' }, { sentOn: '2026-03-02', matter: '' })).toEqual({ matter: { __errors: ['y'] } })
  })
  it('drops everything once every erroneous field changed', () => {
    expect(pruneErrors(errors, { sentOn: 'bad', matter: '' }, { sentOn: '2026-03-02', matter: '核实' })).toBeUndefined()
  })
})
