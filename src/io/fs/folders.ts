/** Folders for the files this tool writes: made safely, and made durable after a rename. */
import { mkdir, open, stat } from "node:fs/promises";
import path from "node:path";

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
    // A file (not a folder) of that name is EEXIST, as recursive mkdir reports it.
    if (code === "EEXIST") {
      if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return;
      throw error;
    }
    const parent = path.dirname(dir);
    if (code !== "ENOENT" || parent === dir) throw error;
    await makeFolder(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST") throw again;
    });
  }
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
