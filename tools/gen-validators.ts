/** npm run gen:validators — regenerate the standalone validators of the definition kinds and the designer's catalog of kinds. */
import { writeFileSync } from 'node:fs'
import { generateValidators } from '../engine/scheme/schemas/generate'
import { KIND_SCHEMAS } from '../engine/scheme/schemas/index'
import { generateCatalog } from '../engine/scheme/kinds/catalog'

writeFileSync('engine/scheme/schemas/validators.generated.js', generateValidators())
writeFileSync(
  'engine/scheme/schemas/validators.generated.d.ts',
  `// Generated with validators.generated.js. Types of the standalone validators, one per definition kind.\nimport type { ValidateFunction } from 'ajv'\n${Object.keys(KIND_SCHEMAS).map((k) => `export const ${k}: ValidateFunction`).join('\n')}\n`,
)
writeFileSync('engine/scheme/kinds/catalog.generated.ts', generateCatalog())
console.log('wrote engine/scheme/schemas/validators.generated.{js,d.ts} and engine/scheme/kinds/catalog.generated.ts')
