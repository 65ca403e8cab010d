/**
 * The lock beside the state file (`<state>.lock`): one apply at a time per state file.
 *
 * Taken by creating the lock file with O_EXCL, which the filesystem grants to exactly one
 * process. A lock whose process died on this host (or whose pid now names a process that
 * started after the lock was taken) is taken over; one held by a live process (or by a
 * process on another host, which cannot be checked) is respected. Anything at the lock's
 * path that is not a lock file (a folder, a link, a FIFO) is refused, never waited on.
 */
import { link, lstat, open, unlink } from "node:fs/promises";
import path from "node:path";
import { LockHeldError, StateError } from "../../errors.js";
import {
  fileKind,
  makeFolder,
  NotRegularFileError,
  readRegularFile,
  sweepDeadTemps,
  tempNameFor,
  whyWriteFailed,
  writeDurably,
} from "../fs/index.js";
import {
  type Holder,
  hostName,
  inspectLock,
  type LockInfo,
  type LockRecord,
  lockHeldMessage,
  parseLockRecord,
  tokensHeldHere,
} from "./lock-holder.js";

export type { LockInfo } from "./lock-holder.js";

/** A held lock. */
export interface Lock {
  /** What the lock file says about us. */
  readonly info: LockInfo;
  /** The lock file's path. */
  readonly file: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** How long to wait for a held lock, in ms; 0 fails at once. Default 0. */
  timeoutMs?: number;
  /** The command taking the lock, shown to anyone who finds it held (e.g. "apply"). */
  command: string;
  /** Stops waiting for a held lock (Ctrl-C): throws LockHeldError at once. */
  signal?: AbortSignal;
}

/** How often a waiting acquirer looks again, in ms (jittered so waiters don't stampede). */
const POLL_MS = 200;
/** A takeover mutex is held for a few syscalls; one this old was left by a crash. */
const ABANDONED_TAKEOVER_MS = 10_000;
/**
 * How long a lock that keeps vanishing or going stale under us (others taking it over and
 * dropping it, again and again) is retried beyond the caller's timeout before giving up.
 * Longer than an abandoned takeover mutex takes to clear.
 */
const UNSETTLED_LIMIT_MS = 15_000;

/** The lock file for a state file. */
export function lockFileFor(stateFile: string): string {
  return `${stateFile}.lock`;
}

/**
 * Takes the lock beside `stateFile`.
 *
 * @throws LockHeldError when a live process holds it (at once, or after `timeoutMs`),
 *   naming its host, pid, start time and the lock file.
 */
export async function acquireLock(stateFile: string, options: AcquireLockOptions): Promise<Lock> {
  const file = lockFileFor(stateFile);
  const timeoutMs = Math.max(0, options.timeoutMs ?? 0);
  const started = Date.now();
  try {
    await makeFolder(path.dirname(file));
  } catch (error) {
    throw new StateError(
      stateFile,
      `Cannot create the folder ${path.dirname(file)} for the lock file ${file}: ${whyWriteFailed(error)}. Point --state at a folder you can write to.`,
    );
  }
  // A process killed between writing its lock's temp file and linking it left the temp.
  await sweepDeadTemps(file);
  // Every turn either takes the lock, waits (bounded by the timeout, cut short by the
  // signal), or retries a lock that changed under it (bounded by UNSETTLED_LIMIT_MS).
  for (let turn = 0; ; turn++) {
    const record: LockRecord = {
      host: hostName(),
      pid: process.pid,
      since: new Date().toISOString(),
      command: options.command,
      token: crypto.randomUUID(), // Web Crypto: see store.ts
    };
    if (await tryCreate(file, record, stateFile)) return heldLock(file, record);

    const holder = await inspect(file, stateFile);
    const waited = Date.now() - started;
    if (holder.kind === "held") {
      if (waited >= timeoutMs || options.signal?.aborted) {
        const waitedFor = timeoutMs > 0 ? waited : 0;
        throw new LockHeldError(lockHeldMessage(file, stateFile, holder.info, waitedFor));
      }
      // An abort ends the wait early; the next turn of the loop then reports the holder.
      await sleep(Math.min(POLL_MS * (0.5 + Math.random()), timeoutMs - waited), options.signal);
      continue;
    }
    // Gone (released between our create and our look) or stale: try again, at once the
    // first time. A lock that keeps changing under us is given up on, never spun on.
    if (options.signal?.aborted) {
      throw new LockHeldError(`Stopped waiting for the lock file ${file} of ${stateFile}.`);
    }
    if (waited >= timeoutMs + UNSETTLED_LIMIT_MS) {
      throw new StateError(
        stateFile,
        `Could not take the lock file ${file}: it kept changing for ${Math.round(waited / 1000)} s while other processes took it over. If no other thulium-campaigns command is running, remove it (rm ${JSON.stringify(file)}) and run again.`,
      );
    }
    if (holder.kind === "stale") await removeIfStillStale(file, stateFile);
    if (turn > 0) await sleep(10 + Math.random() * 40, options.signal);
  }
}

/** inspectLock, with anything that is not a lock file turned into a clear refusal. */
async function inspect(
  file: string,
  stateFile: string,
): Promise<Exclude<Holder, { kind: "not-a-lock" }>> {
  let holder: Holder;
  try {
    holder = await inspectLock(file);
  } catch (error) {
    throw new StateError(
      stateFile,
      `Cannot read the lock file ${file}: ${(error as Error).message}. If no other thulium-campaigns command is running, remove it (rm ${JSON.stringify(file)}) and run again.`,
    );
  }
  if (holder.kind === "not-a-lock") throw notALock(file, stateFile, holder.what);
  return holder;
}

function notALock(file: string, stateFile: string, what: string): StateError {
  const remove =
    what === "a folder" ? `rm -r ${JSON.stringify(file)}` : `rm ${JSON.stringify(file)}`;
  return new StateError(
    stateFile,
    `The lock file ${file} is ${what}, not a lock file this tool made, so the lock for ${stateFile} cannot be taken. Nothing was sent. Remove it (${remove}) and run again.`,
  );
}

/** Runs `fn` while holding the lock beside `stateFile`; releases it however `fn` ends. */
export async function withLock<T>(
  stateFile: string,
  options: AcquireLockOptions,
  fn: (lock: Lock) => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(stateFile, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/**
 * Creates the lock file, whole, or returns false when it already exists.
 *
 * The record is written and fsynced to a temp file first, then hard-linked to the lock's
 * name: link() fails with EEXIST exactly as O_EXCL does, but the lock file never exists
 * empty or half-written, so whoever finds it held can always say who holds it. (With
 * O_EXCL then write, a contender starting in between read an empty file and could only
 * say "still being written".) Where hard links are not supported, O_EXCL is the fallback.
 */
async function tryCreate(file: string, record: LockRecord, stateFile: string): Promise<boolean> {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const temp = tempNameFor(file);
  try {
    await writeDurably(temp, text);
    await link(temp, file);
    return true;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "EEXIST") return false;
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS")
      return tryCreateExclusive(file, text, stateFile);
    throw cannotCreate(file, stateFile, error);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

function cannotCreate(file: string, stateFile: string, error: unknown): StateError {
  return new StateError(
    stateFile,
    `Cannot create the lock file ${file}: ${whyWriteFailed(error)}. The lock lives beside the state file, so its folder must be writable; point --state elsewhere if it is not.`,
  );
}

/** Creates the lock file with O_EXCL, then fills it in; false when it already exists. */
async function tryCreateExclusive(file: string, text: string, stateFile: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw cannotCreate(file, stateFile, error);
  }
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
    await handle.close();
  } catch (error) {
    // A lock we could not fill in must not block others: it is ours, so remove it.
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  return true;
}

function heldLock(file: string, record: LockRecord): Lock {
  const { token, ...info } = record;
  tokensHeldHere.add(token);
  let released = false;
  return {
    info,
    file,
    async release() {
      if (released) return;
      released = true;
      tokensHeldHere.delete(token);
      let text: string;
      try {
        text = (await readRegularFile(file, { noFollow: true })).bytes.toString("utf8");
      } catch (error) {
        // Gone, or replaced by something that is not a lock: not ours to remove.
        if (error instanceof NotRegularFileError) return;
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      // Only ours: someone may have removed a lock they believed stale and taken it.
      if (parseLockRecord(text)?.token !== token) return;
      await unlink(file).catch(ignoreMissing);
    },
  };
}

/**
 * Removes a stale lock file so the caller can retry its O_EXCL create.
 *
 * Judging "stale" and removing are two steps, so two contenders could both judge the
 * same dead lock stale, one remove it and take a fresh lock, and the other then remove
 * that fresh, live lock. Renaming the file aside does not avoid this (the rename cannot
 * tell which file it moves). So removal happens under a short-lived takeover mutex (its
 * own O_EXCL file), and the lock is judged again under it: whoever holds the mutex knows
 * nobody else removes or replaces a lock file meanwhile, and an existing file can't be
 * re-created by anyone.
 */
async function removeIfStillStale(file: string, stateFile: string): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await (await open(mutex, "wx")).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    await clearAbandonedMutex(mutex, stateFile);
    await sleep(10 + Math.random() * 40); // another contender is taking over; look again soon
    return;
  }
  try {
    if ((await inspect(file, stateFile)).kind === "stale") await unlink(file).catch(ignoreMissing);
  } finally {
    await unlink(mutex).catch(ignoreMissing);
  }
}

/**
 * A takeover mutex is held for microseconds; an old one means its holder crashed inside
 * that window. Removing it by age alone could, in a further three-way race, let two
 * contenders take over at once; that needs a crash and a race together, and is accepted.
 */
async function clearAbandonedMutex(mutex: string, stateFile: string): Promise<void> {
  try {
    const stats = await lstat(mutex);
    if (!stats.isFile()) throw new NotRegularFileError(mutex, fileKind(stats));
    if (Date.now() - stats.mtimeMs > ABANDONED_TAKEOVER_MS) {
      await unlink(mutex).catch(ignoreMissing);
    }
  } catch (error) {
    if (error instanceof NotRegularFileError) throw notALock(mutex, stateFile, error.kind);
    ignoreMissing(error);
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
