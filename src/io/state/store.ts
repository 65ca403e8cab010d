/**
 * The last-applied state file (`--state`, default `.thulium/state.json`): read it, write
 * it atomically with a backup, and check which Thulium system it belongs to.
 */
import { emptyState, STATE_VERSION, type State } from "../../core/state.js";
import { StateError } from "../../errors.js";
import {
  assertReplaceable,
  type FileIdentity,
  FileReplacedError,
  followFileLinks,
  NotRegularFileError,
  readRegularFile,
  whyWriteFailed,
  writeFileAtomic,
} from "../fs/index.js";
import { parseState } from "./parse-state.js";
import { serialiseWholeState } from "./serialise-state.js";
import { checkStateShape } from "./shape.js";

export { assertTarget, normaliseTarget } from "./target.js";

/** Where the previous version of `file` is kept: `<file>.backup`. */
export function backupFileFor(file: string): string {
  return `${file}.backup`;
}

/**
 * The path to read, write, back up and lock a state file at: `file` with its own symbolic
 * links followed. Replacing a link by rename would leave a plain file where the link was
 * and the real state behind it, two copies drifting apart; and a lock beside the link
 * would not stop an apply that names the real file.
 *
 * @throws StateError when the links loop.
 */
export async function resolveStateFile(file: string): Promise<string> {
  try {
    return await followFileLinks(file);
  } catch (error) {
    if (!(error instanceof NotRegularFileError)) throw error;
    throw new StateError(
      file,
      `State file ${file} is ${error.kind}; point --state at the state file itself, or remove the link.`,
    );
  }
}

/**
 * Reads the state file. A missing file is an empty state (nothing applied yet).
 *
 * @throws StateError naming the file and what is wrong, for an unreadable or corrupt file,
 *   anything but a regular file (a FIFO would block forever), an unknown `version`, or one
 *   failing the shape check. The file is never modified.
 */
export async function readState(file: string): Promise<State> {
  return (await readStateFile(file)).state;
}

/**
 * Reads the state file and which file it was (null: there was none), so that a later
 * write can make sure it replaces the very file that was read.
 */
export async function readStateFile(
  file: string,
): Promise<{ state: State; identity: FileIdentity | null }> {
  const read = await readStateBytes(file);
  if (read === undefined) return { state: emptyState(), identity: null };
  return { state: parseState(read.bytes.toString("utf8"), file), identity: read.identity };
}

/** The bytes each state returned by readStateToRecord was parsed from, kept as long as it. */
const parsedFrom = new WeakMap<State, Buffer>();

/**
 * readState for a state that apply will record on: the bytes it was parsed from are kept
 * with it, so that readStateAgain can tell the file still holds exactly those without
 * parsing and checking them again (StateRecorder.open does, just before the first request).
 */
export async function readStateToRecord(file: string): Promise<State> {
  const read = await readStateBytes(file);
  if (read === undefined) return emptyState();
  const state = parseState(read.bytes.toString("utf8"), file);
  parsedFrom.set(state, read.bytes);
  return state;
}

/**
 * readStateFile again for `known`, a state read from `file` before: when the file still holds
 * the very bytes `known` was parsed from (see readStateToRecord), `known` itself, which is
 * what parsing them again would give; otherwise what the file holds now, parsed.
 */
export async function readStateAgain(
  file: string,
  known: State,
): Promise<{ state: State; identity: FileIdentity | null }> {
  const read = await readStateBytes(file);
  if (read === undefined) return { state: emptyState(), identity: null };
  if (parsedFrom.get(known)?.equals(read.bytes) === true) {
    return { state: known, identity: read.identity };
  }
  return { state: parseState(read.bytes.toString("utf8"), file), identity: read.identity };
}

/** The state file's bytes and identity; undefined when there is no file. */
async function readStateBytes(
  file: string,
): Promise<{ bytes: Buffer; identity: FileIdentity } | undefined> {
  try {
    return await readRegularFile(file);
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      // EISDIR named as before, for scripts that match on it.
      const code = error.kind === "a folder" ? " (EISDIR)" : "";
      throw new StateError(
        file,
        `Cannot read state file ${file}: it is ${error.kind}, not a regular file${code}; it was left untouched. Point --state at a state file (or a path where one can be created).`,
      );
    }
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT") return undefined;
    throw new StateError(file, `Cannot read state file ${file}: ${message}`);
  }
}

export interface WriteStateOptions {
  /** The file as read (null: none); the write is refused if another has replaced it since. */
  replaces?: FileIdentity | null;
}

/**
 * Writes `state` as the next version of the file: lineage made at the first write,
 * serial + 1, keys sorted, 2-space indent, trailing newline. Atomic (temp file, fsync,
 * rename, folder fsync); the version it replaces is kept as `<file>.backup`. Creates
 * missing parent folders.
 *
 * @returns the state as written (with its new serial and lineage).
 * @throws StateError when the serial cannot be raised, or the file was replaced since it
 *   was read (`options.replaces`). Error if `state` itself is malformed: never write a
 *   file `readState` would refuse.
 */
export async function writeState(
  file: string,
  state: State,
  options: WriteStateOptions = {},
): Promise<State> {
  assertSerialCanGrow(file, state.serial);
  const next: State = {
    version: STATE_VERSION,
    // Web Crypto's randomUUID: importing node:crypto would cost every run ~5 ms at start-up.
    lineage: state.lineage ?? crypto.randomUUID(),
    serial: state.serial + 1,
    target: state.target,
    campaigns: { ...state.campaigns },
  };
  const { problems } = checkStateShape(next);
  if (problems.length > 0) {
    throw new Error(`Refusing to write an invalid state to ${file}: ${problems.join("; ")}`);
  }
  try {
    await writeFileAtomic(file, serialiseWholeState(next), {
      backupFile: backupFileFor(file),
      ...(options.replaces === undefined ? {} : { replaces: options.replaces }),
    });
  } catch (error) {
    if (error instanceof FileReplacedError) {
      throw new StateError(
        file,
        `State file ${file} was replaced by another program after it was read, so nothing was written over it. Run the command again.`,
      );
    }
    if (error instanceof NotRegularFileError) {
      throw new StateError(
        file,
        `${error.file} is ${error.kind}, not a regular file, so the state file could not be written; nothing was written. Remove or rename ${error.file} and run again.`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new StateError(
      file,
      `Cannot write state file ${file}: ${whyWriteFailed(error)}. It was left as it was.`,
    );
  }
  return next;
}

/**
 * Refuses a write whose serial would pass the largest whole number JSON readers keep
 * exactly: the file written would be one every later read refuses.
 */
export function assertSerialCanGrow(file: string, serial: number): void {
  if (serial < Number.MAX_SAFE_INTEGER) return;
  throw new StateError(
    file,
    `State file ${file} has serial ${serial}, the largest that can be raised exactly, so nothing was written. Lower "serial" in the file by hand (any smaller whole number, e.g. 1; plans saved before become stale) and run again.`,
  );
}

/**
 * Checks, before anything is sent, that the state file and its backup can be replaced:
 * each must be a regular file or not exist.
 * @throws StateError naming the file in the way.
 */
export async function assertStateWritable(file: string): Promise<void> {
  for (const name of [file, backupFileFor(file)]) {
    try {
      await assertReplaceable(name);
    } catch (error) {
      if (!(error instanceof NotRegularFileError)) throw error;
      throw new StateError(
        file,
        `${name} is ${error.kind}, not a regular file, so the state file could not be written there; nothing was sent. Remove or rename ${name} and run again.`,
      );
    }
  }
}
