/**
 * Reading and judging an existing lock file: held by a live process, stale (its process
 * is gone), or gone. Also the message a user sees when the lock is held.
 */
import { open } from "node:fs/promises";
import { hostname } from "node:os";
import { isProcessAlive } from "./process-alive.js";

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

export type Holder =
  | { kind: "gone" }
  | { kind: "stale"; info: LockInfo | undefined }
  | { kind: "held"; info: LockInfo | undefined };

/** Reads and judges the lock file at `file`. */
export async function inspectLock(file: string, now = Date.now()): Promise<Holder> {
  let text: string;
  let mtimeMs: number;
  try {
    const handle = await open(file, "r");
    try {
      mtimeMs = (await handle.stat()).mtimeMs;
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "gone" };
    throw error;
  }
  const info = parseLockRecord(text);
  if (info === undefined) {
    return now - mtimeMs > UNREADABLE_GRACE_MS ? { kind: "stale", info } : { kind: "held", info };
  }
  // Liveness can only be checked on our own host; a lock from another host is respected.
  if (info.host === hostname() && !isProcessAlive(info.pid)) return { kind: "stale", info };
  return { kind: "held", info };
}

/** The lock file's content, or undefined when it is not a complete lock record. */
export function parseLockRecord(text: string): LockRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const { host, pid, since, command, token } = value as Record<string, unknown>;
  if (
    typeof host !== "string" ||
    !Number.isSafeInteger(pid) ||
    typeof since !== "string" ||
    typeof command !== "string" ||
    typeof token !== "string"
  ) {
    return undefined;
  }
  return { host, pid: pid as number, since, command, token };
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
  const sameHost = info.host === hostname();
  const advice = sameHost
    ? "Wait for it to finish, or pass --lock-timeout to wait for it."
    : "It runs on another host, so its process cannot be checked from here; wait for it to finish, or pass --lock-timeout to wait for it.";
  return `State file ${stateFile} is locked${waited} by ${holder}. ${advice} ${remove}`;
}
