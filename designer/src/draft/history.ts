/**
 * Undo and redo over the whole draft (every file at once, not per file): each entry is the draft's
 * texts before a change, with what the change was. Typing in one place (the same `key` within
 * `coalesceMs`) is one entry, so an undo takes back a word, not a letter.
 */
export type Texts = Readonly<Record<string, string>>

export interface HistoryEntry {
  texts: Texts
  /** What was changed, for the buttons' tooltips ("修改时限天数", "编辑 forms-intake.json") */
  label: string
  /** The file that changed, to show it again on undo */
  file: string
  key: string
  at: number
}

export class DraftHistory {
  private past: HistoryEntry[] = []
  private future: HistoryEntry[] = []
  constructor(
    private readonly limit = 200,
    private readonly coalesceMs = 1000,
  ) {}

  /** Record that `before` became the current texts by a change of `file`. */
  record(before: Texts, file: string, label: string, key = `${file}:${label}`, now = Date.now()): void {
    const last = this.past[this.past.length - 1]
    this.future = []
    if (last && last.key === key && now - last.at < this.coalesceMs) {
      last.at = now
      return
    }
    this.past.push({ texts: before, label, file, key, at: now })
    if (this.past.length > this.limit) this.past.shift()
  }

  /** The texts to go back to (and the change undone), given the current texts; null if nothing to undo. */
  undo(current: Texts): HistoryEntry | null {
    const e = this.past.pop()
    if (!e) return null
    this.future.push({ ...e, texts: current })
    return e
  }

  redo(current: Texts): HistoryEntry | null {
    const e = this.future.pop()
    if (!e) return null
    this.past.push({ ...e, texts: current, at: 0 })
    return e
  }

  /** Forget everything (another scheme, a discard, an import, a merge: the texts came from elsewhere). */
  clear(): void {
    this.past = []
    this.future = []
  }

  get undoLabel(): string | null {
    return this.past[this.past.length - 1]?.label ?? null
  }
  get redoLabel(): string | null {
    return this.future[this.future.length - 1]?.label ?? null
  }
}
