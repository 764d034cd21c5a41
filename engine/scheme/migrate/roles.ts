/**
 * Declared field roles (issue #16 §2). A first-edition scheme declares no role: the platform reads
 * its fields by the names it always used (../field-roles.ts). This step writes those same roles
 * down as `"x-daiban-role"` on the fields that play them, so every role resolves to the field it
 * resolved to before — and keeps doing so when a field is renamed later.
 */
import { FIELD_ROLES, firstEditionRoles, ROLE_KEYWORD } from '../field-roles'
import { escapePointerToken } from '../../util/problem'
import { insertFirst } from './json-text'
import { emptyPlan, type MigrationStep } from './step'

export const rolesStep: MigrationStep = {
  id: 'roles',
  title: '在第一版按字段名读取的字段上声明 x-daiban-role',
  titleEn: 'declare x-daiban-role on the fields the first edition read by name',
  plan({ defs, origins, text }) {
    const plan = emptyPlan()
    const forms = new Map(defs.forms.forms.map((f) => [f.id, f]))
    for (const a of firstEditionRoles(defs)) {
      const at = origins.get(forms.get(a.form))
      const fieldPtr = `${at?.pointer ?? ''}/schema/properties/${escapePointerToken(a.field)}`
      const params = { form: a.form, field: a.field, role: a.role, roleName: FIELD_ROLES[a.role].name, roleNameEn: FIELD_ROLES[a.role].nameEn }
      const t = at && text(at.file)
      const edit = t === undefined ? undefined : insertFirst(t, fieldPtr, ROLE_KEYWORD, a.role)
      if (!at || !edit) {
        plan.notes.push({ step: 'roles', code: 'ROLE_NOT_WRITTEN', file: at?.file ?? '?', pointer: fieldPtr, params })
        continue
      }
      plan.edits.push({ file: at.file, ...edit })
      plan.changes.push({ step: 'roles', code: 'ROLE_DECLARED', file: at.file, pointer: `${fieldPtr}/${ROLE_KEYWORD}`, params })
    }
    return plan
  },
}
