/** Reading one campaign file within bounds: a size limit, regular files only, UTF-8 only. */
import { open } from "node:fs/promises";
import type { Issue } from "../../core/issue.js";
import { decodeCampaignText } from "./decode.js";

/** No campaign file comes near this; anything larger is a mistake or an attack. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The file's text, or the error that stops it from being read. */
export async function readCampaignFile(
  absolute: string,
  file: string,
): Promise<{ text: string } | { issue: Issue }> {
  const fail = (message: string, line = 0, column = 0) => ({
    issue: { severity: "error" as const, file, line, column, path: "", message },
  });
  let bytes: Uint8Array;
  try {
    const handle = await open(absolute, "r");
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return fail("not a regular file; campaign files must be plain files");
      if (stats.size > MAX_FILE_BYTES) return fail(tooLarge(stats.size));
      // One spare byte tells whether the file grew since stat (then it is being written).
      const buffer = new Uint8Array(stats.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > stats.size) return fail("the file changed while it was being read; run again");
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
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
