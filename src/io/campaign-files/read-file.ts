/** Reading one campaign file within bounds: a size limit, regular files only, UTF-8 only. */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { Issue } from "../../core/issue.js";
import { decodeCampaignText } from "./decode.js";

/** No campaign file comes near this; anything larger is a mistake or an attack. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

// Non-blocking open: a file swapped for a FIFO after discovery must fail the isFile check
// below, not wait forever for a writer. It changes nothing for regular files. No-follow:
// the path is the real path discovery checked to be inside the folder; a link put in its
// place since then fails instead of being followed outside.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * The file's text, or the error that stops it from being read. `real` is the path to open
 * (with no symbolic link in it); `file` is the path reports show.
 *
 * The reads are synchronous on purpose: campaign files are read one after another before
 * anything else happens, and with thousands of small files the promise and thread-pool
 * round trips of five async calls per file cost as much as parsing them. Async in shape,
 * so the caller can still yield between files.
 */
export async function readCampaignFile(
  real: string,
  file: string,
): Promise<{ text: string } | { issue: Issue }> {
  const fail = (message: string, line = 0, column = 0) => ({
    issue: { severity: "error" as const, file, line, column, path: "", message },
  });
  let bytes: Uint8Array;
  try {
    const fd = openSync(real, OPEN_FLAGS);
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) return fail("not a regular file; campaign files must be plain files");
      if (stats.size > MAX_FILE_BYTES) return fail(tooLarge(stats.size));
      // One spare byte tells whether the file grew since stat (then it is being written).
      const buffer = new Uint8Array(stats.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > stats.size) return fail("the file changed while it was being read; run again");
      bytes = buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return fail(`cannot be read: ${(error as Error).message}`);
  }
  const decoded = decodeCampaignText(bytes);
  if ("text" in decoded) return decoded;
  return fail(decoded.message, decoded.position.line, decoded.position.column);
}

function tooLarge(size: number): string {
  // Rounded up, so a file just over the limit never reads as exactly "10.0 MB".
  const mb = (Math.ceil((size / 1024 / 1024) * 10) / 10).toFixed(1);
  return `the file is ${mb} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for campaign files; it was not read`;
}
