/**
 * An unclosed quote runs on to the end of the file (or of the document), and the parser
 * reports it there, far from the mistake. This finds where the quote was opened.
 */
import { type Document, isScalar, Scalar, visit, type YAMLError } from "yaml";

/** The quote that was never closed: its offset in the file and its character. */
export interface OpenQuote {
  offset: number;
  quote: '"' | "'";
}

const MISSING_QUOTE = /^Missing closing (["'])quote/;

/** For a "missing closing quote" error of `doc`, the quoted value it belongs to. */
export function unclosedQuote(error: YAMLError, doc: Document.Parsed): OpenQuote | undefined {
  const missing = error.code === "MISSING_CHAR" ? MISSING_QUOTE.exec(error.message) : null;
  if (missing === null) return undefined;
  const quote = missing[1] as OpenQuote["quote"];
  const type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
  // The parser reports the error where the value ends; the last quoted value of that
  // kind starting before that point is the one left open.
  let offset: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const start = node.range?.[0];
      if (!isScalar(node) || node.type !== type || start === undefined) return undefined;
      if (start < error.pos[0] && (offset === undefined || start > offset)) offset = start;
      return undefined;
    },
  });
  return offset === undefined ? undefined : { offset, quote };
}

/** The message for an unclosed quote, reported at its opening. */
export function unclosedQuoteMessage(open: OpenQuote): string {
  return `the ${open.quote} quote opened here is never closed; end the value with a closing ${open.quote}`;
}
