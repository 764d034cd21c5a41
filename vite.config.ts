/**
 * The staff web app (runtime/web) → runtime/web/dist, which the server serves at `/`.
 * `npm run build` builds it; `npm start` builds it first when missing or stale (bin/build-web.js).
 */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('./runtime/web', import.meta.url))

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    manifest: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` },
  },
  preview: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` },
  },
})
