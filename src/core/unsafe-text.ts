/**
 * Which characters of untrusted text must never appear raw, and their escaping inside
 * serialised JSON or YAML. Shared by the terminal views (`cli/render/escape.ts`) and the
 * declaration serialiser (`declaration-yaml.ts`), so `state show` and imported campaign
 * files escape exactly the same characters. Pure.
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

/**
 * `##[` starts a legacy workflow command wherever it appears in a line of a GitHub
 * Actions log (`##[stop-commands]…` would even stop the runner reading later
 * annotations); showing its `[` escaped keeps the text readable and inert.
 */
export const LEGACY_COMMAND = /##\[/g;

/**
 * JSON or YAML text for the terminal, in which unsafe characters can appear only inside
 * double-quoted strings: JSON.stringify's output (it escapes C0 controls but leaves DEL,
 * C1 and bidi characters raw, and `##[` as it is), or YAML whose strings holding them are
 * double-quoted (see declaration-yaml.ts). Both formats read `\uXXXX` in such a string as the
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
  // `#` appears only inside strings (JSON) or double-quoted ones (YAML, see declaration-yaml.ts),
  // where `\u005b` is an escaped `[`.
  return result.replace(LEGACY_COMMAND, "##\\u005b");
}
