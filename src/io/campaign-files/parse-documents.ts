/**
 * One file's text to YAML documents, each with its data, its YAML problems and a locator.
 * Parsing never expands aliases; conversion to data does, under a small budget, so an
 * alias-expansion bomb ends with an error instead of filling memory.
 */
import {
  Composer,
  type CST,
  type Document,
  isAlias,
  Lexer,
  LineCounter,
  Parser,
  visit,
  type YAMLError,
} from "yaml";
import type { Issue } from "../../core/issue.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";
import { excerpt } from "../../schema/excerpt.js";
import { exactIntegers, type UnsafeInteger } from "./exact-integers.js";
import { readPlainDocuments } from "./plain-yaml.js";
import { type OpenQuote, unclosedQuote, unclosedQuoteMessage } from "./unclosed-quote.js";
import { yamlLocator } from "./yaml-locator.js";
import { libraryMessage, yamlErrorMessage } from "./yaml-messages.js";

/** Alias expansions allowed per document (yaml's own default); campaigns need few, if any. */
export const MAX_ALIAS_COUNT = 100;

const NESTED_TOO_DEEP =
  "the YAML is nested too deeply to read; campaign files nest two levels at most";

/**
 * Collections open at once (maps, lists, `[`/`{` flow collections) past which a file is
 * refused before the parser goes deeper. Campaign files nest two; workflow files eight. The
 * yaml library recurses per level: past a few hundred levels it runs out of stack, V8 may
 * then abort the whole process compiling a regular expression ("RegExpCompiler Allocation
 * failed"), and explicit keys (`? ? ? …`) take time growing with the fifth power of the depth.
 */
export const MAX_NESTING = 64;

/** One YAML document of a campaign file. */
export interface ParsedDocument {
  /** The document as plain data; undefined when it could not be converted. */
  data: unknown;
  /** True when the document holds nothing (`---` followed by no content). */
  empty: boolean;
  /** YAML errors and warnings of this document. */
  issues: Issue[];
  /** Whole numbers that no number holds exactly (their `data` value is rounded). */
  unsafeIntegers: UnsafeInteger[];
  locator: SourceLocator;
}

/** More documents than any real campaign folder needs in one file; stops `---` floods early. */
export const MAX_DOCUMENTS = 10_000;

/**
 * Parse every `---`-separated document of a file; `file` is the path shown in issues.
 * Documents are composed one at a time, so a file of endless `---` is cut off at
 * MAX_DOCUMENTS instead of building a million documents in memory.
 */
export function parseCampaignDocuments(
  text: string,
  file: string,
): { documents: ParsedDocument[]; issues: Issue[] } {
  // Most files have the plain shape, read the same way ~10× faster (see plain-yaml.ts).
  const plain = readPlainDocuments(text);
  if (plain !== undefined && plain.length <= MAX_DOCUMENTS) {
    const documents = plain.map(({ data, locator }) => ({
      data,
      empty: false,
      issues: [],
      unsafeIntegers: [],
      locator,
    }));
    return { documents, issues: [] };
  }
  const lines = new LineCounter();
  const composer = new Composer({
    prettyErrors: false,
    stringKeys: true, // a key like `[a, b]` is an error, never a stringified field name
    uniqueKeys: true,
    logLevel: "error", // no process warnings on stderr: problems become Issues
    intAsBigInt: true, // integers past 2^53 are seen as written (see exact-integers.ts)
  });
  const documents: ParsedDocument[] = [];
  const nesting: { tooDeepAt?: number } = {};
  for (const doc of composer.compose(shallowTokens(text, lines, nesting))) {
    if (documents.length === MAX_DOCUMENTS) {
      const { line, col } = lines.linePos(doc.range[0]);
      const message = `more than ${MAX_DOCUMENTS} YAML documents in one file; split it into several files`;
      return {
        documents,
        issues: [{ severity: "error", file, line, column: col, path: "", message }],
      };
    }
    documents.push(parseDocument(doc as Document.Parsed, file, text, lines));
  }
  if (nesting.tooDeepAt !== undefined) {
    // The documents before the deep one are whole; the deep one is not composed at all.
    const { line, col } = lines.linePos(nesting.tooDeepAt);
    return {
      documents,
      issues: [{ severity: "error", file, line, column: col, path: "", message: NESTED_TOO_DEEP }],
    };
  }
  return { documents, issues: [] };
}

/**
 * The parser's tokens for `text`, as `Parser.parse` yields them, except that they stop where
 * more than MAX_NESTING collections are open (its offset goes to `nesting.tooDeepAt`): the
 * unfinished document is never yielded, so nothing composes or converts it.
 */
function* shallowTokens(
  text: string,
  lines: LineCounter,
  nesting: { tooDeepAt?: number },
): Generator<CST.Token, void> {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0); // what `parse` does first
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    yield* parser.next(lexeme);
    // Cheap first test: the stack also holds the document and the token being read.
    if (parser.stack.length > MAX_NESTING && openCollections(parser.stack) > MAX_NESTING) {
      nesting.tooDeepAt = offset;
      return;
    }
  }
  yield* parser.end();
}

function openCollections(stack: readonly CST.Token[]): number {
  return stack.filter(
    (token) =>
      token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection",
  ).length;
}

function parseDocument(
  doc: Document.Parsed,
  file: string,
  text: string,
  lines: LineCounter,
): ParsedDocument {
  const locator = yamlLocator(doc, lines, text);
  const issue = (severity: Issue["severity"], offset: number, message: string): Issue => {
    const { line, col } = lines.linePos(offset);
    return { severity, file, line, column: col, path: "", message };
  };
  const issues = [
    ...syntaxErrors(doc).map(({ error, open }) =>
      open === undefined
        ? issue("error", error.pos[0], errorMessage(error, doc, lines))
        : issue("error", open.offset, unclosedQuoteMessage(open)),
    ),
    ...doc.warnings.map((e) => issue("warning", e.pos[0], yamlErrorMessage(e, doc, lines))),
  ];
  let data: unknown;
  let unsafeIntegers: UnsafeInteger[] = [];
  try {
    ({ data, unsafe: unsafeIntegers } = exactIntegers(
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
    ));
  } catch (error) {
    issues.push(issue("error", aliasOffset(doc) ?? doc.range[0], aliasMessage(error)));
  }
  const empty = data === null && issues.length === 0;
  return { data, empty, issues: withoutOverflowEchoes(issues), unsafeIntegers, locator };
}

/**
 * Absurd nesting is reported once. Where the parser or toJS runs out of stack depends on
 * how deep the stack already was, and what the parser says after it gave up (an unclosed
 * `[`, a bad indent) is only a consequence: with the overflow found, it is all that is said.
 */
function withoutOverflowEchoes(issues: Issue[]): Issue[] {
  const overflow = issues.find((issue) => issue.message === NESTED_TOO_DEEP);
  return overflow === undefined ? issues : [overflow];
}

/**
 * The document's errors. After an unclosed quote, everything up to where the parser gave
 * up is part of the quoted value, so errors from its opening on are its consequences
 * ("implicit keys need to be on a single line", …): only the quote is reported.
 */
function syntaxErrors(doc: Document.Parsed): { error: YAMLError; open?: OpenQuote }[] {
  for (const error of doc.errors) {
    const open = unclosedQuote(error, doc);
    if (open === undefined) continue;
    const before = doc.errors.filter((other) => other.pos[0] < open.offset);
    return [...before.map((other) => ({ error: other })), { error, open }];
  }
  return doc.errors.map((error) => ({ error }));
}

/** The parser turns its own stack overflow on absurd nesting into an error; say what it means. */
function errorMessage(error: YAMLError, doc: Document.Parsed, lines: LineCounter): string {
  return /maximum call stack/i.test(error.message)
    ? NESTED_TOO_DEEP
    : yamlErrorMessage(error, doc, lines);
}

function aliasMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) return NESTED_TOO_DEEP;
  if (/excessive alias count/i.test(message)) {
    return `too many alias expansions (over ${MAX_ALIAS_COUNT}): this looks like an alias-expansion ("billion laughs") attack; campaign files need no such aliases`;
  }
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(message);
  if (unresolved) {
    const name = excerpt(unresolved[1] ?? "");
    return `alias *${name} has no anchor &${name} before it`;
  }
  return `YAML error: ${libraryMessage(message)}`;
}

/** Where to point for an alias failure: the first unresolved alias, else the first alias. */
function aliasOffset(doc: Document.Parsed): number | undefined {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (!isAlias(alias)) return undefined;
      first ??= alias.range?.[0];
      if (alias.resolve(doc) === undefined) {
        unresolved = alias.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first;
}
