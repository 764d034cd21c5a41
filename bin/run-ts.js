#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's ESM loader: the tools, benches and test helpers of a
// checkout (dev dependencies). The server and the CLI run compiled (bin/build-server.js → dist/).
import { register } from 'tsx/esm/api'
import { pathToFileURL } from 'node:url'
import path from 'node:path'

register()
const [entry, ...rest] = process.argv.slice(2)
if (!entry) {
  console.error('usage: run-ts <file.ts> [args…]')
  process.exit(2)
}
process.argv = [process.argv[0], entry, ...rest]
await import(pathToFileURL(path.resolve(entry)).href)
