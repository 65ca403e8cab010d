/**
 * The fs domain's front module: file helpers shared by every reader and writer of local
 * files, including the one atomic writer. Code outside `io/fs/` imports only this module.
 */
export { type AtomicWriteOptions, FileReplacedError, writeFileAtomic } from "./atomic-write.js";
export { nameStagedFile, stageFile, syncFile } from "./create-exclusive.js";
export { displayPath } from "./display-path.js";
export { makeFolder, syncFolder } from "./folders.js";
export { whyWriteFailed } from "./fs-reason.js";
export { isProcessAlive } from "./process-alive.js";
export { followFileLinks } from "./real-path.js";
export {
  assertReplaceable,
  type FileIdentity,
  fileKind,
  identityAt,
  identityOf,
  NotRegularFileError,
  readRegularFile,
  sameIdentity,
} from "./regular-file.js";
export { sweepDeadTemps, sweepFolderTemps, tempNameFor, writeDurably } from "./temp-files.js";
