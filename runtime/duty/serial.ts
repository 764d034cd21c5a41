/**
 * Read-modify-write of a store document is serialised per key within this process, so two
 * concurrent requests (two swaps, two evidence records) never lose one another's write.
 */
const chains = new Map<string, Promise<unknown>>()

export function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve()
  const run = prev.then(fn, fn)
  const tail = run.catch(() => {})
  chains.set(key, tail)
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key)
  })
  return run
}

/** Turn the engine's form errors into located problems for a ServiceError. */
export function formProblems(errs: Array<{ field: string; code: string; message: string }>, prefix = '/form'): Array<{ code: string; pointer: string; message: string }> {
  return errs.map((e) => ({ code: e.code, pointer: `${prefix}${e.field === '/' ? '' : e.field}`, message: e.message }))
}
