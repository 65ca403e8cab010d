/**
 * Creating a file that must not exist yet, atomically: readers see no file or the whole
 * file, and an existing file (or link, or anything else of that name) is never replaced.
 * The text goes to a temp file beside the target (named by tempNameFor, so a sweep removes
 * what a crashed writer leaves) and is fsynced; a hard link then gives it its
 * name, which fails with EEXIST instead of overwriting, unlike rename.
 */
import { constants } from "node:fs";
import { copyFile, link, open, unlink } from "node:fs/promises";
import { tempNameFor, writeDurably } from "./temp-files.js";

/**
 * Creates `file` holding `data`. Resolves true when written, false when something of that
 * name already exists (left untouched). The folder must exist; call syncFolder once after
 * a batch so the new names survive a power cut, and sweepFolderTemps before one (both in
 * this folder's `folders.ts` and `temp-files.ts`).
 */
export async function createFileExclusive(file: string, data: string): Promise<boolean> {
  const temp = tempNameFor(file);
  try {
    await writeDurably(temp, data);
    return await linkExclusive(temp, file);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function linkExclusive(temp: string, file: string): Promise<boolean> {
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
  const handle = await open(file, "r+");
  await handle.sync().finally(() => handle.close());
  return true;
}
