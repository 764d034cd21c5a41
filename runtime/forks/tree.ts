/**
 * How definitions are compared and merged (elements matched by stable keys, sets, values compared
 * whole): the engine's, where each kind declares its merge keys (engine/scheme/kinds). Re-exported
 * here for the fork tools.
 */
export {
  diffValues,
  listMode,
  SET_KEYS,
  ATOMIC_KEYS,
  eq,
  isObj,
  fmt,
  orderedUnion,
  escapePointer,
  renderPath,
  formatJson,
  type Change,
  type Seg,
  type ListMode,
  type Json,
} from '../../engine'
