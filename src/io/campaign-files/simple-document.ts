/**
 * A reader for the small part of YAML that `import` writes (simple-declaration-yaml.ts) and
 * generated campaign files mostly use, giving exactly what parseCampaignDocuments gives for
 * such a file: the same data, no issues, and a locator with the same line and column for
 * every pointer. Anything outside that part is declined (undefined), and the caller
 * (check-file.ts, for `validate`, `plan`, `apply` and import's own check alike) parses the
 * file with the yaml library.
 *
 * Why: the yaml library's lexer, parser and composer cost most of loading a folder, and
 * import checks every file it writes the way `validate` reads it before writing anything;
 * over 10,000 files that check cost more than the rest of `import --all`'s own work. A file
 * of this shape is read here in a fraction of that; the schema, the rules and (for import)
 * the load-back comparison that follow are unchanged. That the two readers agree is pinned
 * by property tests against the library (test/io/simple-document.test.ts), near misses
 * included.
 *
 * The shape, line by line (every line ends in `\n`; nothing else, no tabs, no `\r`):
 * - first, comment lines: `#` then printable text;
 * - then one or more documents, separated by `---` lines (the first may start with one
 *   too), none empty. A document is made of lines `key: scalar`, or `key:` followed by
 *   one or more lines that are all `  key: scalar` or all `  - scalar`. Keys are
 *   field-like names, each once per map.
 * - A scalar is a plain string as the renderer writes one (PLAIN_STRING: a letter or `_`
 *   first, no `:`, `#` or line break, never a word the schema reads as null or a
 *   boolean); a double-quoted string of printable ASCII and Latin letters with only `\"`
 *   and `\\` escapes; `true` or `false`; a whole number a JavaScript number holds
 *   exactly; or a decimal such as `2.5`.
 */
import { NOT_A_STRING, PLAIN_STRING } from "../../core/simple-declaration-yaml.js";
import type { Position, SourceLocator } from "../../schema/errors-to-issues.js";
import { MAX_DOCUMENTS, type ParsedDocument } from "./parse-documents.js";

const COMMENT = /^#[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u;
/** YAML allows implicit keys up to 1024 characters; field names are far shorter. */
const KEY = "[A-Za-z_][A-Za-z0-9_]{0,63}";
const TOP_LINE = new RegExp(`^(${KEY}):(?: (.+))?$`);
const NESTED_PAIR = new RegExp(`^  (${KEY}): (.+)$`);
const NESTED_ITEM = /^ {2}- (.+)$/;
const QUOTED = /^"(?:[\u0020-\u0021\u0023-\u005b\u005d-\u007e\u00c0-\u024f]|\\["\\])*"$/;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)\.[0-9]+$/;

/**
 * A key read as the same string by the library and set as an own member here: not null or
 * a boolean, and not `__proto__` (the library makes it an own member; assigning it would
 * set the object's prototype instead).
 */
function isPlainKey(key: string): boolean {
  return !NOT_A_STRING.has(key) && key !== "__proto__";
}

/** A node of the document: where its key (if any) and value are written, and what it holds. */
interface Node {
  key?: Position;
  value: Position;
  /** A scalar as written. */
  source?: string;
  /** A map's members or a list's items. */
  members?: Map<string, Node>;
  items?: Node[];
}

/**
 * The file's documents as parseCampaignDocuments would return them, or undefined when the
 * text is not of the shape above.
 */
export function readSimpleDocuments(text: string): ParsedDocument[] | undefined {
  if (!text.endsWith("\n")) return undefined;
  const lines = text.slice(0, -1).split("\n");
  let index = 0;
  while (index < lines.length && (lines[index] as string).startsWith("#")) {
    if (!COMMENT.test(lines[index] as string)) return undefined;
    index++;
  }
  // An explicit start of the first document opens no empty one before it.
  if (lines[index] === DOCUMENT_START) index++;
  const documents: ParsedDocument[] = [];
  for (;;) {
    let end = index;
    while (end < lines.length && lines[end] !== DOCUMENT_START) end++;
    const document = readDocument(lines, index, end);
    // An empty document gets a warning from the loader; too many documents, an error.
    if (document === undefined || documents.length === MAX_DOCUMENTS) return undefined;
    documents.push(document);
    if (end === lines.length) return documents;
    index = end + 1;
  }
}

const DOCUMENT_START = "---";

/** The document written on lines [start, end) (0-based), or undefined. */
function readDocument(
  lines: readonly string[],
  start: number,
  end: number,
): ParsedDocument | undefined {
  if (start === end) return undefined;
  const data: Record<string, unknown> = {};
  const root: Node = { value: { line: start + 1, column: 1 }, members: new Map() };
  let index = start;
  while (index < end) {
    const line = index + 1;
    const top = TOP_LINE.exec(lines[index] as string);
    if (top === null) return undefined;
    const key = top[1] as string;
    if (Object.hasOwn(data, key) || !isPlainKey(key)) return undefined;
    const keyAt = { line, column: 1 };
    index++;
    const written = top[2];
    if (written !== undefined) {
      const value = scalar(written);
      if (value === undefined) return undefined;
      data[key] = value.value;
      root.members?.set(key, {
        key: keyAt,
        value: { line, column: key.length + 3 },
        source: written,
      });
      continue;
    }
    // `key:` alone: a map or a list follows, each of its lines indented by two spaces.
    let nestedEnd = index;
    while (nestedEnd < end && (lines[nestedEnd] as string).startsWith("  ")) nestedEnd++;
    const nested = readNested(lines.slice(index, nestedEnd), index + 1);
    if (nested === undefined) return undefined;
    data[key] = nested.value;
    root.members?.set(key, { ...nested.node, key: keyAt });
    index = nestedEnd;
  }
  return { data, empty: false, issues: [], unsafeIntegers: [], locator: locator(root) };
}

/** The lines under `key:` as a map or a list (never both, never empty), or undefined. */
function readNested(
  lines: readonly string[],
  firstLine: number,
): { value: Record<string, unknown> | unknown[]; node: Node } | undefined {
  if (lines.length === 0) return undefined;
  // A map or list starts where its first key or `-` is written.
  const start = { line: firstLine, column: 3 };
  if ((lines[0] as string).startsWith("  - ")) {
    const list: unknown[] = [];
    const items: Node[] = [];
    for (const [offset, text] of lines.entries()) {
      const written = NESTED_ITEM.exec(text)?.[1];
      const value = written === undefined ? undefined : scalar(written);
      if (written === undefined || value === undefined) return undefined;
      list.push(value.value);
      items.push({ value: { line: firstLine + offset, column: 5 }, source: written });
    }
    return { value: list, node: { value: start, items } };
  }
  const map: Record<string, unknown> = {};
  const members = new Map<string, Node>();
  for (const [offset, text] of lines.entries()) {
    const pair = NESTED_PAIR.exec(text);
    if (pair === null) return undefined;
    const [, key, written] = pair as unknown as [string, string, string];
    if (Object.hasOwn(map, key) || !isPlainKey(key)) return undefined;
    const value = scalar(written);
    if (value === undefined) return undefined;
    map[key] = value.value;
    const line = firstLine + offset;
    members.set(key, {
      key: { line, column: 3 },
      value: { line, column: key.length + 5 },
      source: written,
    });
  }
  return { value: map, node: { value: start, members } };
}

/** A scalar's value as the core schema reads it (boxed, so that any value fits), or undefined. */
function scalar(written: string): { value: unknown } | undefined {
  if (written.startsWith('"')) {
    // Its only escapes are JSON's `\"` and `\\`, so JSON reads it to the same string: a
    // fresh one, where a slice of the line would keep the whole file's text alive as long
    // as the value (30 MB more at 50,000 campaigns).
    return QUOTED.test(written) ? { value: JSON.parse(written) as string } : undefined;
  }
  if (written === "true") return { value: true };
  if (written === "false") return { value: false };
  if (INTEGER.test(written)) {
    // Read as a bigint by the loader, then a number when one holds it exactly.
    const value = Number(written);
    return Number.isSafeInteger(value) && written !== "-0" ? { value } : undefined;
  }
  if (DECIMAL.test(written)) return { value: Number.parseFloat(written) };
  if (PLAIN_STRING.test(written)) {
    return NOT_A_STRING.has(written) ? undefined : { value: unsliced(written) };
  }
  return undefined;
}

/**
 * The same string, not sharing memory with the file's text. V8 makes a substring of 13 or
 * more characters a slice of its parent; a value kept for the whole run (a campaign's
 * name) would then keep its whole file's text alive too.
 */
function unsliced(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * The locator yaml-locator.ts gives for the same document, walking pointers the same way:
 * a missing pointer points at its nearest existing ancestor's value.
 */
function locator(root: Node): SourceLocator {
  const find = (pointer: string): Node | undefined => {
    let node: Node | undefined = root;
    const segments = pointer === "" ? [] : pointer.slice(1).split("/");
    for (const segment of segments) {
      const name = segment.replaceAll("~1", "/").replaceAll("~0", "~");
      node = node?.members?.get(name) ?? node?.items?.[Number(name)];
      if (node === undefined) return undefined;
    }
    return node;
  };
  function position(pointer: string, part: "key" | "value"): Position {
    const node = find(pointer);
    if (node === undefined) return position(pointer.slice(0, pointer.lastIndexOf("/")), "value");
    return part === "key" && node.key !== undefined ? node.key : node.value;
  }
  return { position, sourceText: (pointer) => find(pointer)?.source };
}
