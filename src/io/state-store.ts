/**
 * The last-applied state file (`--state`, default `.thulium/state.json`): read it, write
 * it atomically with a backup, and check which Thulium system it belongs to.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { emptyState, STATE_VERSION, type State } from "../core/state.js";
import { StateError } from "../errors.js";
import { writeFileAtomic } from "./state/atomic-file.js";
import { parseState } from "./state/parse-state.js";
import { serialiseWholeState } from "./state/serialise-state.js";
import { checkStateShape } from "./state/shape.js";

export { assertTarget, normaliseTarget } from "./state/target.js";

/** Where the previous version of `file` is kept: `<file>.backup`. */
export function backupFileFor(file: string): string {
  return `${file}.backup`;
}

/**
 * Reads the state file. A missing file is an empty state (nothing applied yet).
 *
 * @throws StateError naming the file and what is wrong, for an unreadable or corrupt file,
 *   an unknown `version`, or one failing the shape check. The file is never modified.
 */
export async function readState(file: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT") return emptyState();
    throw new StateError(file, `Cannot read state file ${file}: ${message}`);
  }
  return parseState(text, file);
}

/**
 * Writes `state` as the next version of the file: lineage made at the first write,
 * serial + 1, keys sorted, 2-space indent, trailing newline. Atomic (temp file, fsync,
 * rename, folder fsync); the version it replaces is kept as `<file>.backup`. Creates
 * missing parent folders.
 *
 * @returns the state as written (with its new serial and lineage).
 * @throws Error if `state` itself is malformed: never write a file `readState` would refuse.
 */
export async function writeState(file: string, state: State): Promise<State> {
  const next: State = {
    version: STATE_VERSION,
    lineage: state.lineage ?? randomUUID(),
    serial: state.serial + 1,
    target: state.target,
    campaigns: { ...state.campaigns },
  };
  const { problems } = checkStateShape(next);
  if (problems.length > 0) {
    throw new Error(`Refusing to write an invalid state to ${file}: ${problems.join("; ")}`);
  }
  await writeFileAtomic(file, serialiseWholeState(next), { backupFile: backupFileFor(file) });
  return next;
}
