/**
 * What JSON.parse accepts silently but a state file must not hold:
 * - a key given twice in one object: JSON.parse keeps the last, so a hand-merged file can
 *   quietly lose a campaign;
 * - a `__proto__` key: the first object spread or assignment drops it (or makes it a
 *   prototype), so it never round-trips;
 * - a whole number past 2^53: JSON.parse rounds it, so the state would hold a value nobody
 *   wrote, and a serial that large can never be raised.
 *
 * The state can be 23 MB (50,000 campaigns), so the common case must stay cheap. The
 * parsed value is walked once (keys counted, `__proto__` and numbers checked); the text
 * is then only searched for colons, which bounds from above how many keys it spells out.
 * When that bound equals the count, no key can be duplicated. Only when it does not (a
 * string value holding `":` or `" :`, or a hand-edited space before a key's colon) is
 * the text scanned token by token for the duplicate; that scan costs about twice what
 * JSON.parse does. Measured on a 10,000-campaign state (4.4 MB): readState takes 1.0 to
 * 1.25 times as long as without these checks.
 */

/** One problem: a path such as `campaigns["00001"].fields.name`, and what is wrong there. */
export interface StrictJsonProblem {
  path: string;
  message: string;
  /** The 1-based line, when the problem was found in the text. */
  line?: number;
}

/**
 * The first problem in `json` (already parsed into `value` by JSON.parse), or undefined.
 */
export function findStrictJsonProblem(json: string, value: unknown): StrictJsonProblem | undefined {
  const walked = walkParsed(value);
  if ("problem" in walked) return walked.problem;
  if (keyBound(json) === walked.keys) return undefined;
  return findDuplicateKey(json);
}

type Segment = string | number;

/** A problem found while walking; the path is filled in as the walk unwinds. */
class Found {
  readonly segments: Segment[] = [];
  constructor(readonly message: string) {}
}

/** No state file nests deeper than 5; this bounds recursion on a hostile one. */
const MAX_DEPTH = 64;

/** Counts the keys of every object in `value`; stops at the first `__proto__` key or unsafe number. */
function walkParsed(value: unknown): { keys: number } | { problem: StrictJsonProblem } {
  try {
    return { keys: countKeys(value, 0) };
  } catch (error) {
    if (!(error instanceof Found)) throw error;
    return { problem: { path: formatPath(error.segments), message: error.message } };
  }
}

// Recursive rather than with an explicit stack: no allocation per value, which keeps the
// walk over 10,000 campaigns at a fraction of JSON.parse's time.
function countKeys(value: unknown, depth: number): number {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) && (Number.isInteger(value) || !Number.isFinite(value)))
      throw new Found(TOO_LARGE);
    return 0;
  }
  if (value === null || typeof value !== "object") return 0;
  if (depth > MAX_DEPTH) throw new Found(`it is nested over ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    let keys = 0;
    for (let index = 0; index < value.length; index++) {
      try {
        keys += countKeys(value[index], depth + 1);
      } catch (error) {
        if (error instanceof Found) error.segments.unshift(index);
        throw error;
      }
    }
    return keys;
  }
  const record = value as Record<string, unknown>;
  let keys = 0;
  // for…in rather than Object.keys: no array per object. A JSON.parse object inherits no
  // enumerable keys, so it visits exactly the object's own.
  for (const name in record) {
    keys++;
    try {
      if (name === "__proto__") throw new Found(PROTO);
      keys += countKeys(record[name], depth + 1);
    } catch (error) {
      if (error instanceof Found) error.segments.unshift(name);
      throw error;
    }
  }
  return keys;
}

const PROTO = `the key "__proto__" is not allowed (it would be dropped on reading)`;
const TOO_LARGE = `the number is too large to be kept exactly (whole numbers go up to ${Number.MAX_SAFE_INTEGER})`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * At least the number of keys `json` spells out: every key is a string followed by
 * optional spaces and a colon, so every key ends at a colon whose last non-space
 * predecessor is a quote. Colons inside strings can only add to the count.
 */
function keyBound(json: string): number {
  let count = 0;
  for (let i = json.indexOf(":"); i !== -1; i = json.indexOf(":", i + 1)) {
    let k = i - 1;
    let c = json.charCodeAt(k);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = json.charCodeAt(--k);
    if (c === QUOTE) count++;
  }
  return count;
}

/** One open object (with the keys seen so far) or array while scanning. */
interface Frame {
  keys: Set<string> | undefined;
  at: Segment;
}

/** The first key given twice in one object, found by scanning the text token by token. */
function findDuplicateKey(json: string): StrictJsonProblem | undefined {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      let end = json.indexOf('"', i + 1);
      while (isEscaped(json, end)) end = json.indexOf('"', end + 1);
      if (expectKey && top?.keys !== undefined) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const path = formatPath([...stack.map((frame) => frame.at).slice(0, -1), key]);
          return {
            path,
            line: lineOf(json, i),
            message: `the key ${JSON.stringify(key)} appears twice in one object (JSON would keep only the last one); remove the one that is wrong`,
          };
        }
        top.keys.add(key);
        top.at = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      top = { keys: c === 0x7b ? new Set() : undefined, at: c === 0x7b ? "" : 0 };
      stack.push(top);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      top = stack[stack.length - 1];
      expectKey = false;
    } else if (c === 0x2c /* , */ && top !== undefined) {
      if (top.keys === undefined) top.at = (top.at as number) + 1;
      else expectKey = true;
    }
  }
  return undefined;
}

/** True when the quote at `index` is escaped: preceded by an odd number of backslashes. */
function isEscaped(json: string, index: number): boolean {
  let k = index - 1;
  while (json.charCodeAt(k) === BACKSLASH) k--;
  return (index - 1 - k) % 2 === 1;
}

/** `campaigns["00001"].fields.name`, as the shape check names places. */
function formatPath(segments: readonly Segment[]): string {
  if (segments.length === 0) return "the top level";
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment))
      text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function lineOf(json: string, index: number): number {
  let line = 1;
  for (let k = json.indexOf("\n"); k !== -1 && k < index; k = json.indexOf("\n", k + 1)) line++;
  return line;
}
