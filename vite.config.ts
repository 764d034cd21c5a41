/**
 * The staff web app (runtime/web) → runtime/web/dist, which the server serves at `/`.
 * `npm run build` builds it; `npm start` builds it first when missing or stale (bin/build-web.js).
 */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = fileURLToPath(new URL('./runtime/web', import.meta.url))

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  // runtime/web/public is the public page's own entry (below), not Vite's copy-as-is folder
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    manifest: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // the staff app, and the public page (网上信访 / 查询进度) → dist/public/index.html, served at /public/
      input: {
        main: path.join(root, 'index.html'),
        public: path.join(root, 'public/index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` },
  },
  preview: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` },
  },
})
