/**
 * `state show`'s YAML: a campaign declaration, to compare with the campaign file or paste
 * into one. The yaml library prints a string with a newline as a block scalar (its lines
 * then start with whatever the value holds, `::notice …::` included) and leaves C1, DEL
 * and bidi characters raw even inside double quotes (and folds a long one at its
 * newlines, onto lines of their own). So every string that holds such a character, a `::`
 * or a `##[` is printed double-quoted on one line, its escapes as JSON writes them (a
 * subset of YAML's), and those characters as `\uXXXX`: the text is inert on a terminal
 * and parses back to the same value.
 */
import { Document, isScalar, Scalar, visit } from "yaml";
import { escapeSerialised, isUnsafeCodePoint } from "./escape.js";

/** Whether a string must be double-quoted to be printed safely. */
function needsQuotes(text: string): boolean {
  if (text.includes("::") || text.includes("##[")) return true;
  for (const char of text) if (isUnsafeCodePoint(char.codePointAt(0) ?? 0)) return true;
  return false;
}

/** The value as YAML, with no line any of its strings could open or disturb. */
export function renderDeclarationYaml(value: Record<string, unknown>): string {
  const document = new Document(value);
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && needsQuotes(node.value))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Double-quoted as JSON writes them (`\n`, `\u001b`), never folded: yaml's own style
  // folds a long one at its newlines, each part on a line of its own. lineWidth 0: no
  // other folding either.
  return escapeSerialised(document.toString({ lineWidth: 0, doubleQuotedAsJSON: true }));
}
