/** The server's unified patches (`@@ -a,b +c,d @@` hunks) as rows to render side by side with line numbers. */

export interface PatchRow {
  type: 'hunk' | 'add' | 'del' | 'ctx' | 'note'
  oldNo: number | null
  newNo: number | null
  text: string
}

export function parsePatch(patch: string): PatchRow[] {
  const rows: PatchRow[] = []
  let a = 0
  let b = 0
  for (const line of patch.split('\n')) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/.exec(line)
    if (h) {
      a = Number(h[1])
      b = Number(h[3])
      // An empty side ("-0,0") starts before line 1.
      if (h[2] === '0') a++
      if (h[4] === '0') b++
      rows.push({ type: 'hunk', oldNo: null, newNo: null, text: line })
      continue
    }
    if (line.startsWith('\\')) rows.push({ type: 'note', oldNo: null, newNo: null, text: line })
    else if (line.startsWith('+')) rows.push({ type: 'add', oldNo: null, newNo: b++, text: line.slice(1) })
    else if (line.startsWith('-')) rows.push({ type: 'del', oldNo: a++, newNo: null, text: line.slice(1) })
    else if (line.startsWith(' ')) rows.push({ type: 'ctx', oldNo: a++, newNo: b++, text: line.slice(1) })
    else if (line === '' && rows.length) continue
  }
  return rows
}

export function patchStats(rows: PatchRow[]): { added: number; removed: number } {
  return { added: rows.filter((r) => r.type === 'add').length, removed: rows.filter((r) => r.type === 'del').length }
}
