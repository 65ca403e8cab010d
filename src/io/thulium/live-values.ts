/**
 * The spellings of a value that the list reader accepts (docs: live-reads.md, "Accepted
 * spellings"), each normalised to the type the campaign schema uses. A reader returns
 * `undefined` when the value fits none of them: the caller reports it as unreadable,
 * never as a difference, and never guesses. Pure: no I/O.
 */
import { isCalendarDate } from "../../schema/calendar-date.js";

/** Reads one value; `undefined` means unreadable. `null` is a legal result: "not set". */
export type ValueReader<T> = (value: unknown) => T | undefined;

/** `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`. */
export const readBoolean: ValueReader<boolean> = (value) => {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === "1" || value === "true") return true;
  if (value === 0 || value === "0" || value === "false") return false;
  return undefined;
};

/** A JSON integer, or a string of digits; only values a JS number holds exactly. */
export const readInteger: ValueReader<number> = (value) => {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "string" && /^[0-9]+$/.test(value)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : undefined;
  }
  return undefined;
};

/**
 * A JSON number, or a decimal string (`"2.5"`, as a PHP back end spells a DECIMAL column):
 * for the two parameters the schema types as numbers rather than integers.
 */
export const readNumber: ValueReader<number> = (value) => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^[0-9]+(\.[0-9]+)?$/.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
};

/** Optional time after the date: ` 00:00:00`, `T00:00:00`, fractions and zones allowed. */
const DATE_WITH_TIME =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$/;

/**
 * `"YYYY-MM-DD"`, optionally followed by a time (`"2027-01-05 00:00:00"`): the date part,
 * when it names a real day. A MySQL zero date (`0000-00-00`) is not one, so it is unreadable
 * rather than guessed to mean "not set".
 */
export const readDate: ValueReader<string> = (value) => {
  if (typeof value !== "string") return undefined;
  const date = DATE_WITH_TIME.exec(value)?.[1];
  return date !== undefined && isCalendarDate(date) ? date : undefined;
};

/** Any string, as shown (names and dialers are never trimmed or re-cased). */
export const readText: ValueReader<string> = (value) =>
  typeof value === "string" ? value : undefined;

/**
 * A caller id: a string, or a number (→ its digits). A number that is not a whole one can
 * be no phone number, so it is unreadable.
 */
export const readCallerId: ValueReader<string> = (value) => {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
};

/** The same reader, also accepting `null` and `""` as "visible, not set" (→ `null`). */
export function orNotSet<T>(read: ValueReader<T>): ValueReader<T | null> {
  return (value) => (value === null || value === "" ? null : read(value));
}
