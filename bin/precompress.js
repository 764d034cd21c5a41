// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of a built web app,
// once at build time, so the server sends them as they are (runtime/server/static.ts) instead of
// compressing each response. A copy newer than its file is kept; a copy no smaller than the file
// is not written.
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

const br = promisify(brotliCompress)
const gz = promisify(gzip)

export const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|ttf|map|xml|wasm)$/i
export const MIN_BYTES = 1024

async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue
    const p = path.join(dir, e.name)
    if (e.isDirectory()) yield* files(p)
    else if (e.isFile()) yield p
  }
}

async function newer(copy, than) {
  try {
    return (await stat(copy)).mtimeMs >= than
  } catch {
    return false
  }
}

async function write(file, data) {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, data)
  await rename(tmp, file)
}

/** Compresses the files of `dir`; returns how many files got copies and the bytes before/after (brotli). */
export async function precompress(dir) {
  const todo = []
  for await (const f of files(dir)) if (COMPRESSIBLE.test(f)) todo.push(f)
  let count = 0
  let before = 0
  let after = 0
  // a few at a time: zlib runs on the thread pool
  const queue = [...todo]
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const st = await stat(f)
      if (st.size < MIN_BYTES) continue
      if ((await newer(`${f}.br`, st.mtimeMs)) && (await newer(`${f}.gz`, st.mtimeMs))) continue
      const body = await readFile(f)
      // quality 9, not 11: 11 takes ~30 s for Monaco's 4 MB chunk for a few per cent less
      const b = await br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      const g = await gz(body, { level: 9 })
      // an older copy of a file that no longer compresses must not be served
      await (b.length < body.length ? write(`${f}.br`, b) : rm(`${f}.br`, { force: true }))
      await (g.length < body.length ? write(`${f}.gz`, g) : rm(`${f}.gz`, { force: true }))
      count++
      before += body.length
      after += b.length
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return { count, before, after }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of process.argv.slice(2)) {
    const r = await precompress(path.resolve(dir))
    console.log(`${dir}: ${r.count} files compressed (${(r.before / 1e6).toFixed(1)} MB → ${(r.after / 1e6).toFixed(1)} MB brotli)`)
  }
}
