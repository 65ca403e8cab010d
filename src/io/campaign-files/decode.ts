/**
 * Bytes to text, refusing anything that is not UTF-8: a file saved as Windows-1250 would
 * otherwise turn `ż` into mojibake that is then sent to Thulium as a campaign name.
 */
import type { Position } from "../../core/rules.js";

/** Why the bytes are not campaign text, and where the first offending byte is. */
export interface DecodeFailure {
  position: Position;
  message: string;
}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

/** Decode UTF-8 (a leading BOM is dropped), or explain why the bytes are not UTF-8 text. */
export function decodeCampaignText(bytes: Uint8Array): { text: string } | DecodeFailure {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      position: { line: 1, column: 1 },
      message: "the file is saved as UTF-16; re-save it as UTF-8",
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      position: positionOf(bytes, nul),
      message: "the file contains binary data (a NUL byte), not YAML text",
    };
  }
  try {
    return { text: fatalDecoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      position: positionOf(bytes, offset),
      message: `the file is not UTF-8 (byte 0x${byte} is not valid UTF-8); it was probably saved in another encoding such as Windows-1250 — re-save it as UTF-8`,
    };
  }
}

/** Line and column (in characters) of a byte offset, counting only the valid text before it. */
function positionOf(bytes: Uint8Array, offset: number): Position {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  let line = 1;
  for (const byte of before) if (byte === 0x0a) line++;
  const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    // The second byte's range is narrower after some leads (no overlongs, no surrogates, ≤ U+10FFFF).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}
