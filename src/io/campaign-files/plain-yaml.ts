/**
 * A fast reader for the plain shape nearly every campaign file has: `key: scalar` lines, one
 * level of nested `key: scalar` mappings (`parameters`), lists of scalars (`agents`),
 * comments, blank lines and `---` between documents. Such a file is read line by line to
 * exactly what the yaml library makes of it (the same data, the same positions, the same
 * source text), ~10× faster in a fresh process and ~30× once warm: with 1,000 campaigns,
 * yaml's lexer, parser and composer took ~0.5 s, all of it in front of apply's first request.
 *
 * Anything outside that shape, or anything whose reading could differ in the slightest (a
 * tab, an escape, a flow collection, an anchor, a key written twice, a scalar the core schema
 * might read as something other than what it looks like, an empty document), makes the
 * whole file go through yaml instead (`undefined`), so every problem is still found and
 * worded by the one full reader. `test/io/plain-yaml.test.ts` compares the two readers on
 * every shape this accepts and on near misses it must refuse.
 */
import { NOT_A_STRING } from "../../core/simple-declaration-yaml.js";
import type { Position, SourceLocator } from "../../schema/errors-to-issues.js";
import type { SourceText } from "../../schema/messages.js";

/** One document, as parse-documents.ts's ParsedDocument carries it (nothing to report). */
export interface PlainDocument {
  data: Record<string, unknown>;
  locator: SourceLocator;
}

/** A scalar: where it starts and where its written form ends, and its value. */
interface Spot {
  start: number;
  end: number;
  value: unknown;
}

/** A scalar as a node (a list item is one too, its `kind` unread). */
type ScalarNode = { kind: "scalar" } & Spot;

/** A key and its value: a scalar, a mapping or a list, each with its place in the text. */
interface Entry {
  keyStart: number;
  value: PlainNode;
}

type PlainNode =
  | ScalarNode
  | { kind: "map"; start: number; entries: Map<string, Entry> }
  | { kind: "seq"; start: number; items: Spot[] };

/** Characters after which the reading may differ: tabs, CR, BOM, controls, odd line breaks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const UNSAFE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
/*
 * A line (read by readLine, character by character, as this regular expression would
 * match it from the line's start: the expression's match array and groups were garbage
 * made per line, ~3 MB of it for 1,000 campaigns in front of apply's first request):
 * /( *)(?:([A-Za-z_][A-Za-z0-9_]*):(?: +([^\n]*))?|- +([^\n]*)|#[^\n]*)?(?:\n|$)/y
 * its indentation, then a `key:` with what follows it, or a list item's text, or nothing
 * but a comment (or nothing at all). A document marker is `---` alone on its line.
 */
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const INTEGER = /^-?[1-9][0-9]{0,14}$|^0$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** A plain string: starts with a letter; no `:`, `#`, quotes or indicators inside. */
const PLAIN_STRING = /^\p{L}[\p{L}\p{M}\p{N} .,;()/+_–—-]*$/u;
/** The same for ASCII text, tried first (the Unicode classes are slower to match). */
const PLAIN_ASCII = /^[A-Za-z][A-Za-z0-9 .,;()/+_-]*$/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const AFTER_VALUE = /^(?: +#.*| +)$/;
const TRAILING_SPACES = / +$/;

/**
 * The documents of `text` if every one of them has the plain shape; otherwise undefined, and
 * the caller reads the file with the yaml library.
 */
export function readPlainDocuments(text: string): PlainDocument[] | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  /** Where each line starts, as yaml's LineCounter records them. */
  const lines: number[] = [];
  const documents: PlainDocument[] = [];
  let current: Map<string, Entry> | undefined;
  let start = 0;
  /** The open nested block (the key whose value is a mapping or a list). */
  let open: { entry: Entry; indent: number | undefined } | undefined;
  let sawMarker = false;

  const closeDocument = (): boolean => {
    if (open !== undefined && !closeBlock(open.entry)) return false;
    open = undefined;
    if (current === undefined) return !sawMarker;
    documents.push(plainDocument(current, text, lines));
    current = undefined;
    return true;
  };

  while (start < text.length) {
    lines.push(start);
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    if (end - start === 3 && text.startsWith("---", start)) {
      // An empty document (a marker with nothing before it since the last one) is refused:
      // yaml reports it, with its own position.
      if (!closeDocument()) return undefined;
      sawMarker = true;
      start = next;
      continue;
    }
    // Anything but a key, an item, a comment, a blank line or `---` is yaml's to read.
    const read = readLine(text, start, end, open);
    start = next;
    if (read === null) continue; // blank, or a comment
    if (read === undefined) return undefined;
    if (read.kind === "item") {
      if (open === undefined || open.entry.value.kind === "map") return undefined;
      open.indent ??= read.indent;
      if (read.indent !== open.indent) return undefined;
      const seq = open.entry.value as Extract<PlainNode, { kind: "seq" }>;
      if (seq.items.length === 0) seq.start = read.dash;
      seq.items.push(read.spot);
    } else if (read.indent > 0) {
      if (open === undefined || open.entry.value.kind === "seq") return undefined;
      open.indent ??= read.indent;
      if (read.indent !== open.indent || read.value === undefined) return undefined;
      const map = open.entry.value as Extract<PlainNode, { kind: "map" }>;
      if (map.entries.size === 0) map.start = read.keyStart;
      if (map.entries.has(read.key)) return undefined;
      map.entries.set(read.key, { keyStart: read.keyStart, value: read.value });
    } else {
      if (open !== undefined && !closeBlock(open.entry)) return undefined;
      open = undefined;
      current ??= new Map();
      if (current.has(read.key)) return undefined;
      const entry: Entry = {
        keyStart: read.keyStart,
        value: read.value ?? { kind: "map", start: -1, entries: new Map() },
      };
      current.set(read.key, entry);
      if (read.value === undefined) open = { entry, indent: undefined };
    }
  }
  // A file ending in `---` has an empty last document, and a file of comments alone has one
  // document with nothing in it: yaml's to report.
  if (!closeDocument() || documents.length === 0) return undefined;
  return documents;
}

/**
 * A `key:` with nothing after it opened a block; it must hold something (an empty one is
 * null to yaml) and its first line decides whether it is a mapping or a list.
 */
function closeBlock(entry: Entry): boolean {
  const value = entry.value;
  if (value.kind === "map") return value.entries.size > 0;
  if (value.kind === "seq") return value.items.length > 0;
  return true;
}

type ReadLine =
  | { kind: "key"; indent: number; keyStart: number; key: string; value: PlainNode | undefined }
  | { kind: "item"; indent: number; dash: number; spot: Spot };

/**
 * The line of `text` from `offset` to `end` (its newline, or the text's end): a
 * `key: value`, a `key:` opening a block, a list item, null for a blank or comment line,
 * undefined for anything to leave to yaml (also any line the expression above would not
 * match).
 */
function readLine(
  text: string,
  offset: number,
  end: number,
  open: { entry: Entry; indent: number | undefined } | undefined,
): ReadLine | null | undefined {
  let at = offset;
  while (at < end && text.charCodeAt(at) === SPACE) at++;
  const indent = at - offset;
  if (at === end) return null; // blank
  const first = text.charCodeAt(at);
  if (first === HASH) return null; // a comment
  if (first === DASH) {
    // `- ` and the item's text: one space at least, then every space is the separator's.
    let valueStart = at + 1;
    if (valueStart === end || text.charCodeAt(valueStart) !== SPACE) return undefined;
    while (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    // A list may sit at its key's own indentation (`agents:` then `- a`) or deeper.
    if (open === undefined) return undefined;
    if (open.entry.value.kind === "map" && open.entry.value.entries.size === 0) {
      open.entry.value = { kind: "seq", start: -1, items: [] };
    }
    const spot = scalarSpot(text.slice(valueStart, end), valueStart);
    if (spot === undefined) return undefined;
    return { kind: "item", indent, dash: at, spot };
  }
  if (!isKeyStart(first)) return undefined;
  let colon = at + 1;
  while (colon < end && isKeyPart(text.charCodeAt(colon))) colon++;
  if (colon === end || text.charCodeAt(colon) !== COLON) return undefined;
  const key = text.slice(at, colon);
  // After the colon: nothing, or one space at least and then the value (which may be
  // empty: spaces alone), every space before it the separator's.
  let keyValue: string | undefined;
  let valueStart = colon + 1;
  if (valueStart < end) {
    if (text.charCodeAt(valueStart) !== SPACE) return undefined;
    while (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    keyValue = text.slice(valueStart, end);
  }
  if (NOT_A_STRING.has(key) || key === "__proto__") {
    return undefined;
  }
  const keyStart = at;
  if (keyValue === undefined || keyValue.startsWith("#")) {
    // `key:` alone: a nested block follows (only at the top level).
    return indent === 0 ? { kind: "key", indent, keyStart, key, value: undefined } : undefined;
  }
  const value = scalarSpot(keyValue, valueStart);
  if (value === undefined) return undefined;
  return { kind: "key", indent, keyStart, key, value };
}

/** `[A-Za-z_]`: what a key may start with. */
function isKeyStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

/** `[A-Za-z0-9_]`: what a key may go on with. */
function isKeyPart(code: number): boolean {
  return isKeyStart(code) || (code >= 0x30 && code <= 0x39);
}

/**
 * Where a scalar written as `written` (starting at `offset`) starts and ends, if plain.
 * Runs for every value of every campaign in front of apply's first request: quotes are
 * found with indexOf rather than a regular expression, whose match array and groups were
 * garbage made per value.
 */
function scalarSpot(written: string, offset: number): ScalarNode | undefined {
  const first = written.charCodeAt(0);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    // Only a quoted string with no escape and no quote inside; its value is what is between.
    const close = written.indexOf(first === DOUBLE_QUOTE ? '"' : "'", 1);
    if (close === -1) return undefined;
    if (first === DOUBLE_QUOTE) {
      const backslash = written.indexOf("\\", 1);
      if (backslash !== -1 && backslash < close) return undefined;
    }
    const length = close + 1;
    if (length < written.length && !AFTER_VALUE.test(written.slice(length))) return undefined;
    return { kind: "scalar", start: offset, end: offset + length, value: written.slice(1, close) };
  }
  const hash = written.indexOf(" #");
  // Only spaces end a plain scalar (tabs never get here); trimEnd would also take U+00A0.
  const body = (hash === -1 ? written : written.slice(0, hash)).replace(TRAILING_SPACES, "");
  const value = plainValue(body);
  if (value === undefined) return undefined;
  return { kind: "scalar", start: offset, end: offset + body.length, value };
}

/** The value of a plain scalar as the yaml core schema reads it, if certain. */
function plainValue(written: string): unknown {
  if (written === "true") return true;
  if (written === "false") return false;
  if (INTEGER.test(written) || DECIMAL.test(written)) return Number(written);
  if (ISO_DATE.test(written)) return written;
  // `true` and `false` were read above; the other words of NOT_A_STRING are left to yaml.
  if ((PLAIN_ASCII.test(written) || PLAIN_STRING.test(written)) && !NOT_A_STRING.has(written)) {
    return written;
  }
  return undefined;
}

/** The document's data (as yaml's toJS makes it) and a locator over its spots. */
function plainDocument(
  entries: Map<string, Entry>,
  text: string,
  lines: readonly number[],
): PlainDocument {
  const root: PlainNode = {
    kind: "map",
    start: entries.values().next().value?.keyStart ?? 0,
    entries,
  };
  return { data: mapValue(entries), locator: new PlainLocator(root, text, lines) };
}

// Module functions rather than closures made per document: 1,000 documents are read in
// front of apply's first request.
function nodeValue(node: PlainNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(spotValue);
  return mapValue(node.entries);
}

function spotValue(spot: Spot): unknown {
  return spot.value;
}

function mapValue(map: Map<string, Entry>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  // forEach with the data as `this`: no [key, entry] pair per field, no closure per map.
  map.forEach(setValue, data);
  return data;
}

function setValue(this: Record<string, unknown>, entry: Entry, key: string): void {
  this[key] = nodeValue(entry.value);
}

/**
 * The line and column of `offset`, exactly as yaml's LineCounter.linePos gives them (line 0
 * before the first line start).
 */
function linePosition(lines: readonly number[], offset: number): Position {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((lines[mid] as number) < offset) low = mid + 1;
    else high = mid;
  }
  if (lines[low] === offset) return { line: low + 1, column: 1 };
  if (low === 0) return { line: 0, column: offset };
  return { line: low, column: offset - (lines[low - 1] as number) + 1 };
}

/**
 * The same answers as yaml-locator.ts gives for the same document read by yaml. One object
 * per document, its methods shared (closures per document were garbage made for nothing).
 */
class PlainLocator implements SourceLocator {
  private boundSourceText: SourceText | undefined;

  constructor(
    private readonly root: PlainNode,
    private readonly text: string,
    private readonly lines: readonly number[],
  ) {}

  position(pointer: string, part: "key" | "value"): Position {
    const found = this.find(pointer);
    if (found === undefined) {
      const parent = pointer.slice(0, pointer.lastIndexOf("/"));
      return this.position(parent, "value");
    }
    if (found.key !== undefined && part === "key") return linePosition(this.lines, found.key);
    return linePosition(this.lines, found.node.start);
  }

  /** Bound when first read: the schema's messages take it as a function of its own. */
  get sourceText(): SourceText {
    this.boundSourceText ??= (pointer) => this.textAt(pointer);
    return this.boundSourceText;
  }

  private textAt(pointer: string): string | undefined {
    const node = this.find(pointer)?.node;
    if (node === undefined || ("kind" in node && node.kind !== "scalar")) return undefined;
    return this.text.slice(node.start, node.end);
  }

  private find(pointer: string): { node: PlainNode | Spot; key?: number } | undefined {
    const root = this.root;
    let found: { node: PlainNode | Spot; key?: number } = { node: root };
    if (pointer === "") return found;
    if (root.kind === "map" && pointer.indexOf("/", 1) === -1 && !pointer.includes("~")) {
      // A top-level field (`/id`, asked for every campaign): no segments to split.
      const entry = root.entries.get(pointer.slice(1));
      return entry === undefined ? undefined : { node: entry.value, key: entry.keyStart };
    }
    for (const raw of pointer.slice(1).split("/")) {
      const segment = raw.includes("~") ? raw.replaceAll("~1", "/").replaceAll("~0", "~") : raw;
      const node = found.node;
      if (!("kind" in node) || node.kind === "scalar") return undefined;
      if (node.kind === "map") {
        const entry = node.entries.get(segment);
        if (entry === undefined) return undefined;
        found = { node: entry.value, key: entry.keyStart };
      } else {
        // yaml's locator indexes a list by Number(segment): "1.0" and " 1" find item 1 too.
        const item = node.items[Number(segment)];
        if (item === undefined) return undefined;
        found = { node: item };
      }
    }
    return found;
  }
}
