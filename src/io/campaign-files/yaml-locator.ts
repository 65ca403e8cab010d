/**
 * JSON Pointers inside a parsed YAML document, mapped back to line and column, so schema
 * and rule messages point at the exact key or value the user wrote.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
} from "yaml";
import type { Position, SourceLocator } from "../../schema/errors-to-issues.js";

type Found = { node: Node | null; key: Node | null; parent: Node | null };

// Most segments are plain field names: skip the two replaceAll scans for those.
const unescapeSegment = (segment: string) =>
  segment.includes("~") ? segment.replaceAll("~1", "/").replaceAll("~0", "~") : segment;

/** A locator over one document of a multi-document file (offsets are file-wide). */
export function yamlLocator(doc: Document.Parsed, lines: LineCounter, text: string): SourceLocator {
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const start = (node: Node | null): number | undefined => node?.range?.[0];
  const documentStart = () => start(doc.contents) ?? doc.range[0];

  // Every field is looked up at least twice (key and value position, then rules and
  // messages); the document never changes once parsed, so each pointer is walked once.
  const cache = new Map<string, Found | undefined>();
  function find(pointer: string): Found | undefined {
    if (cache.has(pointer)) return cache.get(pointer);
    const found = walk(pointer);
    cache.set(pointer, found);
    return found;
  }

  function walk(pointer: string): Found | undefined {
    let found: Found = { node: doc.contents, key: null, parent: null };
    const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
    for (const segment of segments) {
      // Follow an alias only when descending through it; the alias itself is where the
      // user wrote the value, so a value error points there.
      let container = found.node;
      if (isAlias(container)) container = container.resolve(doc) ?? null;
      if (isMap(container)) {
        const pair = container.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === segment,
        ) as Pair<Node, Node | null> | undefined;
        if (pair === undefined) return undefined;
        found = { node: pair.value, key: pair.key, parent: container };
      } else if (isSeq(container)) {
        const item = container.items[Number(segment)] as Node | undefined;
        if (item === undefined) return undefined;
        found = { node: item, key: null, parent: container };
      } else {
        return undefined;
      }
    }
    return found;
  }

  function position(pointer: string, part: "key" | "value"): Position {
    const found = find(pointer);
    if (found === undefined) {
      // A missing field: point at the mapping that should hold it.
      const parent = pointer.slice(0, pointer.lastIndexOf("/"));
      return pointer === "" ? at(documentStart()) : position(parent, "value");
    }
    const keyStart = start(found.key);
    const valueStart = start(found.node);
    // `name:` with nothing after it has an empty value node just past the colon;
    // the key is the clearer place to point at.
    const emptyValue = isScalar(found.node) && found.node.range?.[0] === found.node.range?.[1];
    if (keyStart !== undefined && (part === "key" || valueStart === undefined || emptyValue)) {
      return at(keyStart);
    }
    return at(valueStart ?? documentStart());
  }

  function sourceText(pointer: string): string | undefined {
    const node = find(pointer)?.node ?? null;
    if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
    return text.slice(node.range[0], node.range[1]);
  }

  return { position, sourceText };
}
