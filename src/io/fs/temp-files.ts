/**
 * The temp files every writer makes beside its target (`.<name>.<pid>.<12 hex>.tmp`): named
 * so that a later run can remove those a crashed writer left, and never a live writer's.
 */
import { open, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import { isProcessAlive } from "./process-alive.js";
import { type FileIdentity, identityOf } from "./regular-file.js";

/** Names a temp file beside `file`; the pid lets a later run remove it if we die first. */
export function tempNameFor(file: string): string {
  // Web Crypto, Node's global, initialised on first use: importing node:crypto would cost
  // every command ~5 ms of start-up, and only writers need random names.
  const suffix = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString("hex");
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${suffix}.tmp`);
}

/**
 * Writes and fsyncs a new file (which must not exist); returns its identity (a rename
 * keeps inode and mtime). `mode` as for open(2), before the umask.
 */
export async function writeDurably(
  file: string,
  data: string | Uint8Array,
  mode?: number,
): Promise<FileIdentity> {
  // 'wx': a unique name that must not exist, so two writers can never share a temp file.
  const handle = await open(file, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    return identityOf(await handle.stat({ bigint: true }));
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files that a crashed writer left beside `file`, so they neither pile up
 * nor get committed. Only temps whose writer pid is dead on this host are removed; a
 * live writer's temp is never touched. A folder listing per write is cheap next to the
 * fsyncs, and the folders written hold a handful of files.
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

/** A temp name made by tempNameFor: `.<name>.<pid>.<12 hex>.tmp`. */
const TEMP_NAME = /^\.(.+)\.\d+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files that writers which died (a crash, a kill) left in `dir`, whatever
 * name they were for; never a live writer's.
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
