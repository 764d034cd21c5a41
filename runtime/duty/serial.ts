/**
 * Helpers shared by the duty services. (Read-modify-write of a shared document goes through
 * `store.updateDoc`, atomic against every instance on the same store; there is no in-process lock.)
 */

/** Turn the engine's form errors into located problems for a ServiceError. */
export function formProblems(
  errs: Array<{ field: string; code: string; message: string }>,
  prefix = '/form',
): Array<{ code: string; pointer: string; message: string }> {
  return errs.map((e) => ({ code: e.code, pointer: `${prefix}${e.field === '/' ? '' : e.field}`, message: e.message }))
}
