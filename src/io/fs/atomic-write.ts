/**
 * Atomic replacement of a file, optionally with the previous version kept as a backup: the
 * one way this tool replaces a file (the state file, saved plans, the sandbox's data).
 *
 * Readers (a `plan` running during an apply, a rerun after a crash) see either the old
 * file or the new one, never a mix: the new text goes to a temp file in the same folder
 * (rename is only atomic within one filesystem), is fsynced, and is then renamed over the
 * target; the folder is fsynced so the rename itself survives a power cut.
 */
import { copyFile, link, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { makeFolder, syncFolder } from "./folders.js";
import { assertReplaceable, type FileIdentity, identityAt, sameIdentity } from "./regular-file.js";
import { sweepDeadTemps, tempNameFor, writeDurably } from "./temp-files.js";

export interface AtomicWriteOptions {
  /** Keep the file being replaced under this name (same folder). Default: no backup. */
  backupFile?: string;
  /**
   * The file this write must replace (null: there must be none). When something else is
   * there, nothing is written (not even the backup) and FileReplacedError is thrown.
   * Default: replace whatever regular file is there.
   */
  replaces?: FileIdentity | null;
  /** The new file's mode, as for open(2) before the umask. Default 0o666. */
  mode?: number;
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
 * Replaces `file` with `data` atomically and durably; creates missing parent folders
 * (makeFolder: never spins where a folder refuses new entries).
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
  await makeFolder(dir);
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
    written = await writeDurably(temp, data, options.mode);
    // Back up BEFORE the rename: a crash in between leaves backup = current file, which
    // is harmless; the other order could leave no copy of the previous version at all.
    if (options.backupFile !== undefined) await keepBackup(file, options.backupFile);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncFolder(dir);
  return written;
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
