/**
 * Where the campaigns are in an answer to `GET outbounds`, whose shape Thulium does not
 * document (live-reads.md): the body itself when it is an array; otherwise the first of
 * the wrapper keys below holding an array, with a numeric `count` or `total` telling how
 * many there are in all (more pages to fetch when it exceeds the items received).
 *
 * When no list is found, what was seen is described by type and key names only, never by
 * value: the message goes to terminals and bug reports. Pure: no I/O.
 */
import { isPlainObject } from "../../core/normalise.js";

/** Wrapper keys that may hold the list, in the order they are tried. */
export const LIST_KEYS = ["data", "items", "results", "outbounds", "campaigns"] as const;

/** One page of the list, as found in an answer. */
export interface ListPage {
  items: unknown[];
  /** `"body"` when the answer is the array itself, else the wrapper key that held it. */
  where: "body" | (typeof LIST_KEYS)[number];
  /** The wrapper's `count` (or else `total`): how many campaigns there are in all. */
  count?: number;
}

/** The answer holds no recognisable list; `seen` describes it without any value. */
export interface NoList {
  seen: string;
}

/**
 * Find the list in an answer's text. `redact` scrubs the credentials from each key name
 * before it is shortened or escaped for a message (a server may echo anything). `keys`:
 * the wrapper keys to try (another list, such as a campaign's agents, has its own).
 */
export function findListPage(
  text: string,
  redact: (text: string) => string = (t) => t,
  keys: readonly string[] = LIST_KEYS,
): ListPage | NoList {
  const trimmed = text.trim();
  if (trimmed === "") return { seen: "an empty answer" };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return {
      seen: /^<(!doctype|html|head|body)\b/i.test(trimmed)
        ? "an HTML page, not JSON (a login or proxy page, or THULIUM_URL not ending in /api?)"
        : "text that is not JSON",
    };
  }
  if (Array.isArray(body)) return { items: body, where: "body" };
  if (!isPlainObject(body)) return { seen: `a JSON ${jsonType(body)}` };
  for (const key of keys) {
    const items = body[key];
    if (!Array.isArray(items)) continue;
    const count = readCount(body.count) ?? readCount(body.total);
    const where = key as ListPage["where"];
    return count === undefined ? { items, where } : { items, where, count };
  }
  return { seen: describeObject(body, redact) };
}

/** `count`/`total`: a whole number, or a string of digits (PHP back ends spell numbers so). */
function readCount(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^[0-9]{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** At most this many key names are named in a description. */
const KEYS_NAMED = 20;

/** "a JSON object with the keys status (string), rows (array)": names and types only. */
function describeObject(body: Record<string, unknown>, redact: (text: string) => string): string {
  const keys = Object.keys(body);
  if (keys.length === 0) return "an empty JSON object";
  const named = keys
    .slice(0, KEYS_NAMED)
    .map((key) => `${printableKey(redact(key))} (${jsonType(body[key])})`);
  const more = keys.length > KEYS_NAMED ? `, and ${keys.length - KEYS_NAMED} more` : "";
  return `a JSON object with the key${keys.length === 1 ? "" : "s"} ${named.join(", ")}${more}`;
}

/** The JSON type of a parsed value: object, array, string, number, boolean or null. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * A key name from an untrusted server, made safe to print: quoted, at most 40 characters,
 * control and bidi characters shown as `\u{…}` so none can drive a terminal or a CI log.
 */
export function printableKey(key: string): string {
  const short = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  const escaped = short.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"\\]/g,
    (char) => `\\u{${char.codePointAt(0)?.toString(16)}}`,
  );
  return `"${escaped}"`;
}

/** Items shown per array in a skeleton, and how deep a skeleton goes. */
const SKELETON_ITEMS = 3;
const SKELETON_DEPTH = 8;

/**
 * The skeleton of an answer, for `doctor --show-shape` and bug reports: the same structure
 * with every value replaced by its JSON type (`"string"`, `"number"`, …), at most three
 * items per array (then `"… N more"`), key names scrubbed of credentials by `redact`.
 * An answer that is not JSON becomes `{"not_json": "an HTML page, …"}` (as described above).
 */
export function listSkeleton(text: string, redact: (text: string) => string = (t) => t): unknown {
  const trimmed = text.trim();
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    const found = findListPage(trimmed);
    return { not_json: "seen" in found ? found.seen : "text that is not JSON" };
  }
  return skeleton(body, redact, 0);
}

function skeleton(value: unknown, redact: (text: string) => string, depth: number): unknown {
  if (Array.isArray(value)) {
    if (depth >= SKELETON_DEPTH) return `array of ${value.length}`;
    const shown = value.slice(0, SKELETON_ITEMS).map((item) => skeleton(item, redact, depth + 1));
    const more = value.length - SKELETON_ITEMS;
    return more > 0 ? [...shown, `… ${more} more`] : shown;
  }
  if (isPlainObject(value)) {
    if (depth >= SKELETON_DEPTH) return "object";
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value))
      result[redact(key)] = skeleton(member, redact, depth + 1);
    return result;
  }
  return jsonType(value);
}
