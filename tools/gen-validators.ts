/**
 * npm run gen:validators — regenerate what the kind registry (engine/scheme/kinds) produces: the
 * standalone validators of the kinds, the designer's catalog of kinds and its editor's schemas, and the README's table of
 * kinds. Tests fail when any of them is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { generateMetaValidator, generateValidators } from '../engine/scheme/schemas/generate'
import { KIND_SCHEMAS } from '../engine/scheme/schemas/index'
import { generateCatalog, generateEditorSchemas } from '../engine/scheme/kinds/catalog'
import { withKindsTable } from '../engine/scheme/kinds/docs'

writeFileSync('engine/scheme/schemas/validators.generated.js', generateValidators())
writeFileSync('engine/validate/meta-schema.generated.js', generateMetaValidator())
writeFileSync(
  'engine/scheme/schemas/validators.generated.d.ts',
  `// Generated with validators.generated.js. Types of the standalone validators, one per definition kind.\nimport type { ValidateFunction } from 'ajv'\n${Object.keys(
    KIND_SCHEMAS,
  )
    .map((k) => `export const ${k}: ValidateFunction`)
    .join('\n')}\n`,
)
writeFileSync('engine/scheme/kinds/catalog.generated.ts', generateCatalog())
writeFileSync('engine/scheme/kinds/schemas.generated.ts', generateEditorSchemas())
const readme = withKindsTable(readFileSync('README.md', 'utf8'))
if (readme === null) throw new Error('README.md has lost the markers of the table of kinds (see engine/scheme/kinds/docs.ts)')
writeFileSync('README.md', readme)
console.log(
  'wrote engine/scheme/schemas/validators.generated.{js,d.ts}, engine/validate/meta-schema.generated.js, engine/scheme/kinds/{catalog,schemas}.generated.ts and the table of kinds in README.md',
)
