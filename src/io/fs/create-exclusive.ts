/**
 * Creating files that must not exist yet, atomically and in batches: readers see no file
 * or the whole file, and an existing file (or link, or anything else of that name) is
 * never replaced. Each text goes to a temp file beside its target (named by tempNameFor, so
 * a sweep removes what a crashed writer leaves): `stageFile`. The caller then makes every
 * staged temp durable (`syncFile`, several at once, so the disk flushes them together
 * instead of one journal commit per file) and only then gives each its name with
 * `nameStagedFile`: a hard link, which fails with EEXIST instead of overwriting, unlike
 * rename. A name therefore never points at content a power cut could lose.
 */
import { constants } from "node:fs";
import { copyFile, link, open, unlink } from "node:fs/promises";
import { tempNameFor } from "./temp-files.js";

/**
 * Writes `data` to a new temp file beside `file` and returns the temp's path. Not yet
 * durable: `syncFile` it before `nameStagedFile`. The caller removes the temp
 * (`unlink`) once named or when giving up.
 */
export async function stageFile(file: string, data: string): Promise<string> {
  const temp = tempNameFor(file);
  // 'wx': a unique name that must not exist, so two writers can never share a temp file.
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(data);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  return temp;
}

/** Flushes a file's content to the disk (fsync). */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, "r");
  await handle.sync().finally(() => handle.close());
}

/**
 * Gives the staged (and synced) `temp` the name `file`. Resolves true when named, false
 * when something of that name already exists (left untouched; the temp stays, so it can
 * be named otherwise). The folder's new entries need one syncFolder after the batch.
 */
export async function nameStagedFile(temp: string, file: string): Promise<boolean> {
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Some filesystems (FAT, some network mounts) have no hard links: an exclusive copy
    // still never overwrites, though a reader could see it half-copied for an instant.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EMLINK")
      throw error;
  }
  try {
    await copyFile(temp, file, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  await syncFile(file);
  return true;
}
