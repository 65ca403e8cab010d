/**
 * Untrusted text on its way to a terminal or a CI log: campaign file names, YAML keys,
 * campaign names, the state file's sources and target, Thulium's messages, a redirect's
 * `Location`. Printed raw, such text can restyle or rewrite the terminal (ESC and C1
 * sequences), reorder what the reader sees (bidi overrides), or, at the start of a line of
 * a GitHub Actions log, run a workflow command (`::notice …::`, `::add-mask::`; the legacy
 * `##[command]` form is honoured anywhere in a line). Every text view passes such values
 * through here; the tool's own words, colours and line breaks are added around them.
 */

/**
 * Whether a code point must never reach the terminal raw: C0 controls (newline, CR and
 * tab included: inside a value they would start a line or misalign one), DEL, C1
 * controls, the Arabic letter mark, LRM/RLM, the line and paragraph separators, and the
 * bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */
export function isUnsafeCodePoint(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The short forms JSON uses; every other unsafe character becomes `\uXXXX`. */
const SHORT: Readonly<Record<number, string>> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  12: "\\f",
  13: "\\r",
};

/** `\u001b` for ESC, `\n` for a newline: the notation JSON.stringify uses for names. */
function visible(code: number): string {
  return SHORT[code] ?? `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `##[` starts a legacy workflow command wherever it appears in a line of a GitHub
 * Actions log (`##[stop-commands]…` would even stop the runner reading later
 * annotations); showing its `[` escaped keeps the text readable and inert.
 */
const LEGACY_COMMAND = /##\[/g;

/**
 * A value for a single line of text output: every unsafe character shown escaped (a
 * newline as `\n`, ESC as `\u001b`, U+202E as `\u202e`), and `##[` shown as `##\u005b`.
 * The result holds no line break, so the value cannot start a line of its own; callers
 * place it after a prefix of their own words.
 */
export function escapeText(text: string): string {
  let result = "";
  // String(): a hand-edited state file may hold a number where a name belongs.
  for (const char of String(text)) {
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

/**
 * JSON or YAML text for the terminal, in which unsafe characters can appear only inside
 * double-quoted strings: JSON.stringify's output (it escapes C0 controls but leaves DEL,
 * C1 and bidi characters raw, and `##[` as it is), or YAML whose strings holding them are
 * double-quoted (see state-yaml.ts). Both formats read `\uXXXX` in such a string as the
 * character itself, so writing those characters that way gives text that parses to
 * exactly the same value: scripts and a paste into a campaign file see no difference.
 */
export function escapeSerialised(text: string): string {
  let result = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // Below U+0020 only the layout's own line breaks remain: strings hold them escaped.
    result +=
      code >= 0x20 && isUnsafeCodePoint(code) ? `\\u${code.toString(16).padStart(4, "0")}` : char;
  }
  // `#` appears only inside strings (JSON) or double-quoted ones (YAML, see state-yaml.ts),
  // where `\u005b` is an escaped `[`.
  return result.replace(LEGACY_COMMAND, "##\\u005b");
}
