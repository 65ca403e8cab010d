/**
 * Reading and judging an existing lock file: held by a live process, stale (its process
 * is gone, or its pid now names another process), or gone. Also the message a user sees
 * when the lock is held.
 */
import { createRequire } from "node:module";
import { isLockRecord } from "../../schema/file-schemas.js";
import { isProcessAlive, NotRegularFileError, readRegularFile } from "../fs/index.js";
import { processStartMs } from "./process-start.js";

const require = createRequire(import.meta.url);

/**
 * This machine's name (`os.hostname()`), with node:os loaded on first use: the state
 * module is loaded by every command that reads the state, and only the lock needs it.
 */
export function hostName(): string {
  return (require("node:os") as typeof import("node:os")).hostname();
}

/** Who holds a lock, as written in the lock file. */
export interface LockInfo {
  /** Host name of the holder (`os.hostname()`). */
  host: string;
  /** Process id of the holder on that host. */
  pid: number;
  /** When the lock was taken, ISO 8601. */
  since: string;
  /** The command holding it, e.g. "apply". */
  command: string;
}

/** The lock file's content: the holder's info and a token that tells holders apart. */
export interface LockRecord extends LockInfo {
  token: string;
}

/**
 * A lock file that cannot be parsed is either being written right now (its creator made
 * it with O_EXCL and has not written yet) or was left half-written by a crash. Younger
 * than this, it is taken as held; older, as stale.
 */
export const UNREADABLE_GRACE_MS = 5_000;

/**
 * A process starts before it writes its lock (it has to load, read files, connect), so a
 * holder whose start time is later than the lock's `since` is not the process that wrote
 * it. The margin absorbs the start time's 10 ms ticks and small clock adjustments.
 */
const START_AFTER_LOCK_MARGIN_MS = 500;

/**
 * Tokens of the locks this process holds right now. A lock naming this process's pid but
 * none of these tokens was left by an earlier process that had the same pid (in a
 * container, every run may get the same one): it is stale, not ours.
 */
export const tokensHeldHere = new Set<string>();

export type Holder =
  | { kind: "gone" }
  | { kind: "stale"; info: LockInfo | undefined }
  | { kind: "held"; info: LockInfo | undefined }
  /** Something that is not a lock this tool made: a folder, a symbolic link, a FIFO… */
  | { kind: "not-a-lock"; what: string };

/**
 * Reads and judges the lock file at `file`. The file is opened without following links
 * and without blocking, so a symbolic link or FIFO there is reported, never waited on.
 */
export async function inspectLock(file: string, now = Date.now()): Promise<Holder> {
  let text: string;
  let mtimeMs: number;
  try {
    const { bytes, identity } = await readRegularFile(file, { noFollow: true });
    text = bytes.toString("utf8");
    mtimeMs = Number(identity.mtimeNs / 1_000_000n);
  } catch (error) {
    if (error instanceof NotRegularFileError) return { kind: "not-a-lock", what: error.kind };
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "gone" };
    throw error;
  }
  const record = parseLockRecord(text);
  if (record === undefined) {
    const info = undefined;
    return now - mtimeMs > UNREADABLE_GRACE_MS ? { kind: "stale", info } : { kind: "held", info };
  }
  const { token: _token, ...info } = record;
  return isStale(record) ? { kind: "stale", info } : { kind: "held", info };
}

/**
 * Whether a readable lock's holder is certainly gone. Only processes on this host can be
 * checked; a lock from another host is always respected.
 */
function isStale(record: LockRecord): boolean {
  if (record.host !== hostName()) return false;
  if (record.pid === process.pid) return !tokensHeldHere.has(record.token);
  if (!isProcessAlive(record.pid)) return true;
  const started = processStartMs(record.pid);
  const since = Date.parse(record.since);
  // Where /proc cannot tell, a live pid is taken to be the holder.
  return (
    started !== undefined && Number.isFinite(since) && started > since + START_AFTER_LOCK_MARGIN_MS
  );
}

/** The lock file's content, or undefined when it is not a complete lock record. */
export function parseLockRecord(text: string): LockRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isLockRecord(value)) return undefined;
  const { host, pid, since, command, token } = value as LockRecord;
  return { host, pid, since, command, token };
}

/** What to tell a user whose command found the lock held. */
export function lockHeldMessage(
  lockFile: string,
  stateFile: string,
  info: LockInfo | undefined,
  /** How long the caller waited for it; 0 when it did not wait. */
  waitedMs: number,
): string {
  const waited =
    waitedMs <= 0
      ? ""
      : ` (waited ${waitedMs < 1000 ? `${Math.round(waitedMs)} ms` : `${Math.round(waitedMs / 1000)} s`})`;
  const remove = `If you are sure no apply is running, remove the lock file: rm ${JSON.stringify(lockFile)}`;
  if (info === undefined) {
    return `State file ${stateFile} is locked${waited}: the lock file ${lockFile} is still being written, so another command is probably just starting. Try again in a moment. ${remove}`;
  }
  const holder = `${info.command} (pid ${info.pid} on host ${info.host}, since ${info.since})`;
  const sameHost = info.host === hostName();
  const advice = sameHost
    ? "Wait for it to finish, or pass --lock-timeout to wait for it."
    : "It runs on another host, so its process cannot be checked from here; wait for it to finish, or pass --lock-timeout to wait for it.";
  return `State file ${stateFile} is locked${waited} by ${holder}. ${advice} ${remove}`;
}
