/**
 * Atomic replacement of a file, with the previous version kept as a backup.
 *
 * Readers (a `plan` running during an apply, a rerun after a crash) see either the old
 * file or the new one, never a mix: the new text goes to a temp file in the same folder
 * (rename is only atomic within one filesystem), is fsynced, and is then renamed over the
 * target; the folder is fsynced so the rename itself survives a power cut.
 */
import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import {
  assertReplaceable,
  type FileIdentity,
  identityAt,
  identityOf,
  sameIdentity,
} from "../fs/index.js";
import { isProcessAlive } from "./process-alive.js";

export interface AtomicWriteOptions {
  /** Keep the file being replaced under this name (same folder). Default: no backup. */
  backupFile?: string;
  /**
   * The file this write must replace (null: there must be none). When something else is
   * there, nothing is written (not even the backup) and FileReplacedError is thrown.
   * Default: replace whatever regular file is there.
   */
  replaces?: FileIdentity | null;
}

/** The file to be replaced is not the one the writer expected: someone else replaced it. */
export class FileReplacedError extends Error {
  override name = "FileReplacedError";
  constructor(
    readonly file: string,
    /** What is there now; null when the file is gone. */
    readonly found: FileIdentity | null,
  ) {
    super(`${file} was replaced by another program`);
  }
}

/**
 * Replaces `file` with `data` atomically and durably; creates missing parent folders.
 * Never renames over anything but a regular file (a device node, FIFO or link there is
 * refused with NotRegularFileError).
 *
 * @returns the identity of the file as written, for the next write's `replaces`.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<FileIdentity> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  await sweepDeadTemps(file, options.backupFile);
  if (options.replaces !== undefined) {
    // Checked as late as can be before the backup and the rename. Someone replacing the
    // file in the microseconds between this check and the rename is not detected; a
    // rename cannot be made conditional on what it replaces.
    const found = await identityAt(file);
    const expected = options.replaces;
    if (found === null ? expected !== null : expected === null || !sameIdentity(found, expected))
      throw new FileReplacedError(file, found);
  }
  await assertReplaceable(file);
  if (options.backupFile !== undefined) await assertReplaceable(options.backupFile);
  const temp = tempNameFor(file);
  let written: FileIdentity;
  try {
    written = await writeDurably(temp, data);
    // Back up BEFORE the rename: a crash in between leaves backup = current file, which
    // is harmless; the other order could leave no copy of the previous version at all.
    if (options.backupFile !== undefined) await keepBackup(file, options.backupFile);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await fsyncDir(dir);
  return written;
}

/** Names a temp file beside `file`; the pid lets a later run remove it if we die first. */
export function tempNameFor(file: string): string {
  const suffix = randomBytes(6).toString("hex");
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${suffix}.tmp`);
}

/** Writes and fsyncs a new file; returns its identity (a rename keeps inode and mtime). */
async function writeDurably(file: string, data: string | Uint8Array): Promise<FileIdentity> {
  // 'wx': a unique name that must not exist, so two writers can never share a temp file.
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
    return identityOf(await handle.stat({ bigint: true }));
  } finally {
    await handle.close();
  }
}

/**
 * Atomically replaces `backup` with the current content of `file`, if `file` exists.
 * A hard link is instant and safe here because files are only ever replaced by rename,
 * never modified in place; where links are unsupported, a durable copy does the same.
 */
async function keepBackup(file: string, backup: string): Promise<void> {
  const temp = tempNameFor(backup);
  try {
    await link(file, temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return; // first write: nothing to back up
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "EMLINK")
      throw error;
    try {
      await copyFile(file, temp);
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === "ENOENT") return;
      throw copyError;
    }
    const handle = await open(temp, "r+");
    await handle.sync().finally(() => handle.close());
  }
  await rename(temp, backup);
  // If a crash once left `backup` and `file` as links to one inode, rename() between two
  // links to the same file succeeds without doing anything: drop the leftover name.
  await unlink(temp).catch(() => {});
}

async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a directory; its renames are durable by other means.
    if (process.platform !== "win32") throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Removes temp files that a crashed writer left beside `file`, so they neither pile up
 * nor get committed. Only temps whose writer pid is dead on this host are removed; a
 * live writer's temp is never touched. A folder listing per write is cheap next to the
 * fsyncs, and the state folder holds a handful of files.
 */
export async function sweepDeadTemps(file: string, backup?: string): Promise<void> {
  const dir = path.dirname(file);
  const bases = [file, ...(backup === undefined ? [] : [backup])].map((f) => path.basename(f));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = tempOwner(name, bases);
    if (pid !== undefined && pid !== process.pid && !isProcessAlive(pid)) {
      await unlink(path.join(dir, name)).catch(() => {});
    }
  }
}

/** The writer pid of a temp file made by `tempNameFor` for one of `bases`, if it is one. */
function tempOwner(name: string, bases: readonly string[]): number | undefined {
  for (const base of bases) {
    const prefix = `.${base}.`;
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const match = /^(\d+)\.[0-9a-f]{12}$/.exec(name.slice(prefix.length, -".tmp".length));
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}
