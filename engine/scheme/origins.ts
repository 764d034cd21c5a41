/**
 * Where each element of the merged definitions came from. Kinds may be split over several
 * files; every check reports the element's own file and pointer through this map.
 */
export interface Origin {
  file: string
  pointer: string
}

export class Origins {
  private readonly map = new WeakMap<object, Origin>()
  set(obj: unknown, origin: Origin): void {
    if (obj && typeof obj === 'object') this.map.set(obj, origin)
  }
  get(obj: unknown): Origin | undefined {
    return obj && typeof obj === 'object' ? this.map.get(obj) : undefined
  }
  /** Location of `sub` (a pointer suffix) inside `obj`. */
  at(obj: unknown, sub = ''): Origin {
    const o = this.get(obj)
    return o ? { file: o.file, pointer: o.pointer + sub } : { file: '?', pointer: sub }
  }
}
