/**
 * `daiban diff`: the differences between two schemes, in the scheme's own terms — the engine's
 * `diffSchemes`, which compares every kind of the registry and words its changes by the kind's own
 * `diff` facet (engine/scheme/kinds/<kind>). Before, a hand-kept list of kinds here had lost `duty`,
 * so a fork that changed only duty.json diffed as "没有差异" (issue #16).
 */
export { diffSchemes, DIFF_KINDS, type DiffEntry } from '../../engine'
