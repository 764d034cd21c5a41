/**
 * The rjsf validator of the three web apps — the staff app's forms, the public page and the
 * designer's preview — built by @rjsf/validator-ajv8's `customizeValidator` from the engine's one
 * form configuration (engine/validate/form-ajv.ts): the draft (2020-12), options, formats and
 * keywords the server validates with, so a value the server refuses is refused here first, and
 * the designer's preview runs production's checks (issue #16). `2026-02-30` is no date in any of
 * the four. Patterns run on the engine's linear RE2, loaded lazily (./patterns.ts).
 *
 * No app builds an rjsf validator or an ajv of its own: they take one from here.
 */
import { customizeValidator, type Localizer } from '@rjsf/validator-ajv8'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { FORM_AJV_OPTIONS, extendFormAjv } from '../../../../engine/validate/form-ajv'
import { lazyLinearRegExp } from './patterns'

export type FormValidator = ReturnType<typeof customizeValidator>

/** A validator with the given message localizer (ajv-i18n's, or none for ajv's English). */
export function createFormValidator(localizer?: Localizer): FormValidator {
  return customizeValidator(
    {
      // rjsf types AjvClass as the draft-07 class; Ajv2020 shares its interface
      AjvClass: Ajv2020 as unknown as NonNullable<Parameters<typeof customizeValidator>[0]>['AjvClass'],
      // strictTypes off, only here: rjsf compiles pieces of a form's schema on their own (an `if`, a
      // oneOf choice), where strict types refuse `properties` that the whole form types as an object.
      // It decides no value: the whole schema passed the server's strict compile (validate) already.
      ajvOptionsOverrides: { ...FORM_AJV_OPTIONS, strictTypes: false, code: { regExp: lazyLinearRegExp } },
      // formats come from the engine's configuration, in its mode, not rjsf's defaults
      ajvFormatOptions: false,
      extenderFn: (ajv) => extendFormAjv(ajv),
    },
    localizer,
  )
}
