/**
 * Untrusted text on its way to a terminal or a CI log: campaign file names, YAML keys,
 * campaign names, the state file's sources and target, Thulium's messages, a redirect's
 * `Location`. Printed raw, such text can restyle or rewrite the terminal (ESC and C1
 * sequences), reorder what the reader sees (bidi overrides), or, at the start of a line of
 * a GitHub Actions log, run a workflow command (`::notice …::`, `::add-mask::`; the legacy
 * `##[command]` form is honoured anywhere in a line). Every text view passes such values
 * through here; the tool's own words, colours and line breaks are added around them.
 */
import { isUnsafeCodePoint, LEGACY_COMMAND } from "../../core/unsafe-text.js";

// Kept here too for the renderers: the definitions live in core, where the campaign-file
// serialiser (core/declaration-yaml.ts) uses them as well.
export { escapeSerialised, isUnsafeCodePoint } from "../../core/unsafe-text.js";

/** The short forms JSON uses; every other unsafe character becomes `\uXXXX`. */
const SHORT: Readonly<Record<number, string>> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  12: "\\f",
  13: "\\r",
};

/**
 * Every character {@link isUnsafeCodePoint} names, and `#` (the start of `##[`); a value
 * without any goes out unchanged. test/cli/escape-fast-path.test.ts checks the two agree.
 */
const MAY_NEED_ESCAPING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069#]/u;

/** `\u001b` for ESC, `\n` for a newline: the notation JSON.stringify uses for names. */
function visible(code: number): string {
  return SHORT[code] ?? `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * A value for a single line of text output: every unsafe character shown escaped (a
 * newline as `\n`, ESC as `\u001b`, U+202E as `\u202e`), and `##[` shown as `##\u005b`.
 * The result holds no line break, so the value cannot start a line of its own; callers
 * place it after a prefix of their own words.
 */
export function escapeText(text: string): string {
  // String(): a hand-edited state file may hold a number where a name belongs.
  const value = String(text);
  // Nearly every value is safe as it is: one scan decides, instead of a walk per character
  // (a plan of 1,000 changes passes ~20,000 values through here before its first request).
  if (!MAY_NEED_ESCAPING.test(value)) return value;
  let result = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    result += isUnsafeCodePoint(code) ? visible(code) : char;
  }
  return result.replace(LEGACY_COMMAND, "##\\u005b");
}

/**
 * A message of several lines made of the tool's words with values inside (an error, a
 * stack): the message's own line breaks are kept, everything else unsafe is escaped as
 * in {@link escapeText}, and a line that would begin a workflow command (`::` after
 * leading white space, which the runner ignores) has that first `:` escaped. Values
 * inside messages are built by modules that do not escape them, so this is what keeps a
 * file name holding `⏎::notice …::` from starting a line of its own.
 */
export function escapeMessage(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeText(line).replace(/^(\s*)::/u, "$1\\u003a:"))
    .join("\n");
}

/**
 * A value that begins a line (a file name before `:line:col`): escaped as in
 * {@link escapeText}, and prefixed with `./` unless it starts with a letter, a digit, `.`,
 * `/`, `_` or `-`, so that neither a workflow command (`::…`) nor white space the
 * runner would skip can open the line. `./name` still names the same relative file.
 */
export function escapeLineStart(text: string): string {
  const escaped = escapeText(text);
  return /^[\p{L}\p{N}._/-]/u.test(escaped) ? escaped : `./${escaped}`;
}
