/**
 * Whole numbers, read exactly. YAML is parsed with `intAsBigInt`, so an integer such as
 * `group_id: 9007199254740993` reaches this module as its real value; as a JavaScript (and
 * JSON) number it would silently become 9007199254740992. Every integer that a number
 * holds exactly becomes a number again; the others are reported where they are written.
 */
import { escapeSegment } from "../../schema/messages.js";

/** A whole number in the file that no number holds exactly. */
export interface UnsafeInteger {
  /** JSON Pointer of the value. */
  pointer: string;
  value: bigint;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Turns every bigint in `data` (plain data from `toJS`, changed in place) into a number,
 * and lists those that lost precision. They become the nearest number; the caller reports
 * them as errors, so such a value is never sent. A value shared through a YAML alias is
 * converted on its first path and reported there.
 */
export function exactIntegers(data: unknown): { data: unknown; unsafe: UnsafeInteger[] } {
  const unsafe: UnsafeInteger[] = [];
  const convert = (value: bigint, pointer: string): number => {
    if (value > MAX || value < -MAX) unsafe.push({ pointer, value });
    return Number(value);
  };
  const walk = (container: Record<string, unknown> | unknown[], pointer: string): void => {
    for (const [key, value] of Object.entries(container)) {
      // The pointer is built only where it may be needed: most values are strings.
      if (typeof value === "bigint")
        (container as Record<string, unknown>)[key] = convert(
          value,
          `${pointer}/${escapeSegment(key)}`,
        );
      else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
        walk(value as Record<string, unknown>, `${pointer}/${escapeSegment(key)}`);
      }
    }
  };
  if (typeof data === "bigint") return { data: convert(data, ""), unsafe };
  if (data !== null && typeof data === "object") walk(data as Record<string, unknown>, "");
  return { data, unsafe };
}

/** What is wrong with an unsafe integer, `written` as in the file. */
export function unsafeIntegerMessage(written: string, value: bigint): string {
  const sent = Number(value);
  const becomes = Number.isFinite(sent)
    ? `it would be sent as ${sent}`
    : "it cannot be sent as a number at all";
  return value > 0n
    ? `${written} is too large to be sent exactly (whole numbers go up to ${Number.MAX_SAFE_INTEGER}, that is 2^53 − 1); ${becomes}`
    : `${written} is too small to be sent exactly (whole numbers go down to ${-Number.MAX_SAFE_INTEGER}, that is −(2^53 − 1)); ${becomes}`;
}
