#!/usr/bin/env node
// The `daiban` command: the CLI is TypeScript, loaded through tsx's ESM loader.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../runtime/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
