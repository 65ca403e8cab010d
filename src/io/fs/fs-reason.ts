/** Why creating or replacing a file failed, in words for a message (not Node's "EACCES: …, open …"). */

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  ENOENT: "it cannot be created there (a folder on the way is missing, or takes no new files)",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  EBUSY: "it is busy",
  EXDEV: "it is on another file system",
};

/**
 * Why a write (mkdir, open for writing, rename) failed, as plain words: "permission denied", "the file system is
 * read-only", … Unknown codes fall back to Node's message.
 */
export function whyWriteFailed(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  // mkdir says EEXIST when a plain file stands where a folder on the way should be.
  if (code === "EEXIST") return "a part of the path is a file, not a folder";
  return (code !== undefined && REASONS[code]) || message || String(error);
}
