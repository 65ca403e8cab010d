/**
 * The fs domain's front module: file helpers shared by every reader and writer of local
 * files. Code outside `io/fs/` imports only this module.
 */
export { displayPath } from "./display-path.js";
export { whyWriteFailed } from "./fs-reason.js";
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
