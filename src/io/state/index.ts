/**
 * The state domain's front module: the state file (read, write, backup), the recorder that
 * writes it during an apply, and the apply lock beside it. Code outside `io/state/` imports
 * only this module.
 */
export {
  type AcquireLockOptions,
  acquireLock,
  type Lock,
  type LockInfo,
  lockFileFor,
  withLock,
} from "./lock.js";
export { inspectLock } from "./lock-holder.js";
export { type RecorderLag, type RecorderOptions, StateRecorder } from "./recorder.js";
export {
  assertSerialCanGrow,
  assertStateWritable,
  assertTarget,
  backupFileFor,
  normaliseTarget,
  readState,
  readStateFile,
  readStateToRecord,
  resolveStateFile,
  type WriteStateOptions,
  writeState,
} from "./store.js";
