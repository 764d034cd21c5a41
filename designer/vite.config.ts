/**
 * The designer (admin app): its own build, separate from the staff web app. Built into
 * designer/dist and served by the server at /designer (SPA fallback there).
 *
 *   npx vite build --config designer/vite.config.ts     (npm run build:designer)
 *
 * The build also writes dist/size-report.json: every emitted chunk with its gzipped size and
 * whether it is Monaco (editor, JSON language, workers), for bench/designer.ts.
 */
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')

function sizeReport(): Plugin {
  return {
    name: 'daiban-size-report',
    apply: 'build',
    generateBundle(_opts, bundle) {
      const chunks = Object.values(bundle).map((b) => {
        const code = b.type === 'chunk' ? b.code : typeof b.source === 'string' ? b.source : Buffer.from(b.source)
        const modules = b.type === 'chunk' ? Object.keys(b.modules) : []
        const monacoModules = modules.filter((m) => m.includes('/node_modules/monaco-editor/') || m.includes('/node_modules/@monaco-editor/'))
        const isMonaco =
          b.type === 'chunk'
            ? monacoModules.length > 0 && monacoModules.length >= modules.length / 2
            : /monaco|codicon|editor\.worker|json\.worker/i.test(b.fileName)
        const meta = (b as { viteMetadata?: { importedCss?: Set<string>; importedAssets?: Set<string> } }).viteMetadata
        return {
          file: b.fileName,
          css: meta?.importedCss ? [...meta.importedCss] : [],
          assets: meta?.importedAssets ? [...meta.importedAssets] : [],
          type: b.type,
          isEntry: b.type === 'chunk' ? b.isEntry : false,
          isDynamicEntry: b.type === 'chunk' ? b.isDynamicEntry : false,
          imports: b.type === 'chunk' ? b.imports : [],
          dynamicImports: b.type === 'chunk' ? b.dynamicImports : [],
          bytes: Buffer.byteLength(code),
          gzip: gzipSync(code, { level: 9 }).length,
          monaco: isMonaco,
          monacoModules: monacoModules.length,
          modules: modules.length,
        }
      })
      this.emitFile({ type: 'asset', fileName: 'size-report.json', source: JSON.stringify({ builtAt: new Date().toISOString(), chunks }, null, 2) })
    },
  }
}

export default defineConfig({
  root: here,
  base: '/designer/',
  plugins: [react(), sizeReport()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: {
    port: 5174,
    fs: { allow: [root] },
    proxy: { '/api': 'http://localhost:3000' },
  },
})
