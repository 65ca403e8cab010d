/**
 * Creating a file that must not exist yet, atomically: readers see no file or the whole
 * file, and an existing file (or link, or anything else of that name) is never replaced.
 * The text goes to a temp file beside the target (the state store's naming, so its sweep
 * removes what a crashed writer leaves) and is fsynced; a hard link then gives it its
 * name, which fails with EEXIST instead of overwriting, unlike rename.
 */
import { constants } from "node:fs";
import { copyFile, link, mkdir, open, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import { sweepDeadTemps, tempNameFor } from "../state/index.js";

/**
 * Creates `file` holding `data`. Resolves true when written, false when something of that
 * name already exists (left untouched). The folder must exist; call syncFolder once after
 * a batch so the new names survive a power cut, and sweepFolderTemps before one.
 */
export async function createFileExclusive(file: string, data: string): Promise<boolean> {
  const temp = tempNameFor(file);
  try {
    // 'wx': the temp name is unique and must not exist, so no two writers share it.
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
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

/** Makes the folder's new entries durable (a no-op where folders cannot be fsynced). */
export async function syncFolder(dir: string): Promise<void> {
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
 * Creates `dir` and any missing parents. Not `mkdir(dir, { recursive: true })`: on Node 20
 * that spins forever at full CPU where a parent exists but refuses new entries with ENOENT
 * (/proc, some FUSE mounts); here each level is tried at most twice, and the error thrown.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    const parent = path.dirname(dir);
    if (code !== "ENOENT" || parent === dir) throw error;
    await makeFolder(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST") throw again;
    });
  }
}

/** A temp name made by tempNameFor: `.<name>.<pid>.<12 hex>.tmp`. */
const TEMP_NAME = /^\.(.+)\.\d+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files that writers which died (a crash, a kill) left in `dir`, whatever
 * name they were for: the state store's sweep decides, and never touches a live writer's.
 */
export async function sweepFolderTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const targets = new Set<string>();
  for (const name of names) {
    const target = TEMP_NAME.exec(name)?.[1];
    if (target !== undefined) targets.add(target);
  }
  for (const target of targets) await sweepDeadTemps(path.join(dir, target));
}
