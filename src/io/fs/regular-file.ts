/**
 * Files this tool reads or replaces must be plain files. A FIFO opened for reading blocks
 * until a writer appears (forever, in practice); a device node, folder or socket renamed
 * over is lost for everyone. So files are opened non-blocking and checked with fstat on
 * the open descriptor (no window between the check and the read), and a name is checked
 * with lstat before anything is renamed over it.
 */
import { type BigIntStats, constants, type Stats } from "node:fs";
import { lstat, open } from "node:fs/promises";

// Non-blocking: opening a FIFO returns at once instead of waiting for a writer, so the
// fstat below can refuse it. It changes nothing for regular files.
const NONBLOCKING_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The path names something other than a regular file; `kind` says what, e.g. "a folder". */
export class NotRegularFileError extends Error {
  override name = "NotRegularFileError";
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${file} is ${kind}, not a regular file`);
  }
}

/** What a file is, for messages: "a folder", "a FIFO (named pipe)", … */
export function fileKind(stats: Stats | BigIntStats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Which file a name pointed at, and which version of it: a file replaced by rename has
 * another inode; one rewritten in place has another size or modification time.
 */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

export function identityOf(stats: BigIntStats): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

export interface ReadRegularOptions {
  /** Refuse a symbolic link itself instead of following it. Default: follow. */
  noFollow?: boolean;
}

/**
 * Reads a regular file whole, with the identity of what was read.
 *
 * @throws NotRegularFileError for anything else (also a symbolic link with `noFollow`, or
 *   one that loops); the errno error (ENOENT, EACCES, …) when it cannot be opened.
 */
export async function readRegularFile(
  file: string,
  options: ReadRegularOptions = {},
): Promise<{ bytes: Buffer; identity: FileIdentity }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, NONBLOCKING_READ | (options.noFollow ? NO_FOLLOW : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOOP") throw error;
    const kind = options.noFollow ? "a symbolic link" : "a symbolic link that loops";
    throw new NotRegularFileError(file, kind);
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile()) throw new NotRegularFileError(file, fileKind(stats));
    return { bytes: await handle.readFile(), identity: identityOf(stats) };
  } finally {
    await handle.close();
  }
}

/**
 * The identity of the file now at `file` (the name itself, not a link's target), or null
 * when nothing is there.
 */
export async function identityAt(file: string): Promise<FileIdentity | null> {
  try {
    return identityOf(await lstat(file, { bigint: true }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Refuses to let `file` be replaced when it names anything but a regular file (or
 * nothing): renaming over a device node, FIFO, socket or link would destroy it.
 * @throws NotRegularFileError
 */
export async function assertReplaceable(file: string): Promise<void> {
  try {
    const stats = await lstat(file);
    if (!stats.isFile()) throw new NotRegularFileError(file, fileKind(stats));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
