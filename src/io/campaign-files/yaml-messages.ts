/** YAML parser errors, reworded where the parser's own text leaves the user guessing. */
import { type Document, isScalar, type LineCounter, visit, type YAMLError } from "yaml";
import { excerpt, quotedExcerpt } from "../../schema/excerpt.js";

/** The message for one parse error or warning of `doc`. */
export function yamlErrorMessage(
  error: YAMLError,
  doc: Document.Parsed,
  lines: LineCounter,
): string {
  switch (error.code) {
    case "TAB_AS_INDENT":
      return "a tab is used for indentation; YAML allows only spaces there — replace the tab with spaces";
    case "DUPLICATE_KEY": {
      const first = firstOccurrence(doc, error.pos[0], lines);
      if (first === undefined) return `${libraryMessage(error.message)}; keep one`;
      return `field ${quotedExcerpt(first.key)} appears more than once in this mapping (first on line ${first.line}); keep one`;
    }
    case "NON_STRING_KEY":
      return "a key must be a plain field name, not a list or mapping";
    case "TAG_RESOLVE_FAILED":
      return `${libraryMessage(error.message)}; campaign files need no YAML tags, so it is read as plain text`;
    default:
      return `YAML syntax error: ${libraryMessage(error.message)}`;
  }
}

/** The duplicated key starting at `offset`, and the line of its first occurrence. */
function firstOccurrence(
  doc: Document.Parsed,
  offset: number,
  lines: LineCounter,
): { key: string; line: number } | undefined {
  let found: { key: string; line: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const keys = map.items.map((pair) => pair.key);
      const duplicate = keys.find((key) => isScalar(key) && key.range?.[0] === offset);
      if (!isScalar(duplicate)) return undefined;
      const first = keys.find((key) => isScalar(key) && key.value === duplicate.value);
      if (isScalar(first) && first.range) {
        found = { key: String(first.value), line: lines.linePos(first.range[0]).line };
      }
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * The yaml library's own message, with the file text it may quote cut like any excerpt:
 * what follows `: ` (`Could not resolve tag: !…`), and any single word longer than an
 * excerpt (`Unknown directive %…`).
 */
export function libraryMessage(message: string): string {
  const colon = message.indexOf(": ");
  const words = colon < 0 ? message : message.slice(0, colon);
  const quoted = colon < 0 ? "" : `: ${excerpt(message.slice(colon + 2))}`;
  return words.split(" ").map(excerpt).join(" ") + quoted;
}
