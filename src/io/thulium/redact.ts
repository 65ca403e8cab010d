/**
 * The one redactor, shared by the client (at the source: every text it puts into an error)
 * and the CLI (the last line of defence: every error message it prints). It removes the
 * password however a server or proxy echoes it back:
 * - plain, or with its whitespace collapsed, reflowed or escaped;
 * - as a JSON string (`\"`, `\\`, `\/`, `\u0142`, surrogate pairs), percent-encoded (UTF-8
 *   or Latin-1 bytes, any hex case, `+` for a space), or as HTML character references
 *   (`&#322;`, `&#x142;`, `&lstrok;`, `&amp;`), in any mix, character by character;
 * - as base64 of `user:password` (the Basic `Authorization` value) or of the password alone,
 *   in UTF-8 or Latin-1, padded or not, standard or URL-safe, itself encoded as above.
 * Redact the raw text first, before anything collapses, decodes or truncates it: a cut can
 * leave half a password that no whole-match redaction would find.
 */
import { entityNames } from "./entity-names.js";

/** What stands in for a removed secret. */
export const REDACTED = "[REDACTED]";

/** The `Authorization` header value for HTTP Basic (RFC 7617, UTF-8). */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** A function removing every form of the credentials from a text (identity for no password). */
export function createRedactor(user: string, password: string): (text: string) => string {
  if (password === "") return (text) => text;
  // Compiling the pattern costs far more than most texts take to redact, and every client
  // and the CLI build a redactor: one per set of credentials, kept for the process.
  const key = JSON.stringify([user, password]);
  const known = redactors.get(key);
  if (known !== undefined) return known;
  // Compiled at its first use, not here: a client is built in front of apply's first
  // request, and a run whose answers are all 2xx may never redact anything.
  let compiled: ((text: string) => string) | undefined;
  const redact = (text: string) => {
    compiled ??= compileRedactor(user, password);
    return compiled(text);
  };
  if (redactors.size === MAX_REDACTORS) redactors.delete(redactors.keys().next().value as string);
  redactors.set(key, redact);
  return redact;
}

/** Credentials a process uses at once: one set, a few in tests; the oldest goes first. */
const MAX_REDACTORS = 16;
const redactors = new Map<string, (text: string) => string>();

function compileRedactor(user: string, password: string): (text: string) => string {
  const secrets = secretStrings(user, password);
  const pattern = secretPattern(secrets);
  compileToMachineCode(pattern);
  const needles = literalNeedles(secrets);
  return (text) => (mayHoldSecret(text, needles) ? text.replace(pattern, REDACTED) : text);
}

/**
 * The pattern runs to thousands of alternatives. V8 first compiles a regular expression to
 * bytecode for its interpreter, and its bytecode peephole pass is slow on one this size
 * (~150 ms of CPU for a 28-character password on Node 20), then compiles it to machine code
 * at the next use anyway. A first match against a subject of 1,000 characters or more
 * makes V8 compile machine code at once (~20 ms), so the pattern's first use is one.
 * Nothing else changes: the result is thrown away and `lastIndex` reset.
 */
function compileToMachineCode(pattern: RegExp): void {
  pattern.test(" ".repeat(1024));
  pattern.lastIndex = 0;
}

/**
 * Every form of a character other than itself starts with `\`, `%` or `&` (JSON escapes,
 * percent-encoding, HTML references); only whitespace has other forms (`+`, any whitespace).
 * So in a text with none of `\`, `%`, `&`, a match holds each run of non-whitespace of its
 * secret as written: one such run per secret (the longest) is a complete test. Undefined
 * when a secret is all whitespace (no test: the pattern always runs).
 */
function literalNeedles(secrets: readonly string[]): string[] | undefined {
  const needles: string[] = [];
  for (const secret of secrets) {
    const runs = secret.match(/\S+/gu) ?? [];
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), "");
    if (longest === "") return undefined;
    needles.push(longest);
  }
  return needles;
}

/** False only when no form of any secret can be in `text` (see literalNeedles). */
function mayHoldSecret(text: string, needles: readonly string[] | undefined): boolean {
  if (needles === undefined || ESCAPE_STARTS.test(text)) return true;
  return needles.some((needle) => text.includes(needle));
}

/** Where every encoded form of a character starts (see literalNeedles). */
export const ESCAPE_STARTS = /[\\%&]/;

/** The password and every base64 form of it, longest first. */
function secretStrings(user: string, password: string): string[] {
  const base64: string[] = [];
  for (const encoding of ["utf8", "latin1"] as const) {
    for (const plain of [`${user}:${password}`, password]) {
      const standard = Buffer.from(plain, encoding).toString("base64");
      const unpadded = standard.replace(/=+$/, "");
      base64.push(standard, unpadded, unpadded.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  // An alternation takes the first alternative that matches: longest first, so a form that
  // contains another (padded base64 contains the unpadded one) is removed whole.
  return [...new Set([password, ...base64])].sort((a, b) => b.length - a.length);
}

/** One global regular expression matching any of `secrets`, each character in any encoding. */
function secretPattern(secrets: readonly string[]): RegExp {
  const alternatives = secrets.map((secret) =>
    // A run of whitespace matches any run of whitespace in any encoding: a server may have
    // collapsed, reflowed or escaped it. `\s` stands for the characters as written: listed
    // again, each space could match two ways, and a failing match would try 2^n ways
    // through n spaces (0.35 s for 24 of them, doubling with each one more).
    (secret.match(/\s+|\S/gu) ?? [])
      .map((run) =>
        /\s/.test(run)
          ? `(?:\\s|${[...new Set(Array.from(run).flatMap(encodedForms))].join("|")})+`
          : `(?:${charForms(run).join("|")})`,
      )
      .join(""),
  );
  return new RegExp(alternatives.join("|"), "g");
}

/** Every way one character (a code point) can be written, as regular-expression sources. */
function charForms(char: string): string[] {
  // The character itself last: an alternation takes the first that matches, and `&`, `\`
  // or `%` is the start of its own escape (`&#38;`, `\u005c`, `%25`). First, it would leave
  // the rest of the escape behind after a password that ends with it.
  return [...encodedForms(char), escapeRegExp(char)];
}

/** The ways to write a character other than itself; each starts with `\`, `%`, `&` or `+`. */
function encodedForms(char: string): string[] {
  const code = char.codePointAt(0) ?? 0;
  const forms: string[] = [];
  // JSON string escapes: \uXXXX for each UTF-16 unit, and the short escapes.
  forms.push(
    Array.from(
      { length: char.length },
      (_, i) => `\\\\u${anyCase(hex(char.charCodeAt(i), 4))}`,
    ).join(""),
  );
  const short = JSON_SHORT_ESCAPES[char];
  if (short !== undefined) forms.push(escapeRegExp(short));
  // Percent-encoding: the UTF-8 bytes, or the single Latin-1 byte; `+` for a space.
  forms.push([...Buffer.from(char, "utf8")].map((byte) => `%${anyCase(hex(byte, 2))}`).join(""));
  if (code >= 0x80 && code <= 0xff) forms.push(`%${anyCase(hex(code, 2))}`);
  if (char === " ") forms.push("\\+");
  // HTML character references, decimal, hexadecimal and named; `;` is optional in HTML.
  forms.push(`&#0*${code};?`, `&#[xX]0*${anyCase(code.toString(16))};?`);
  for (const name of entityNames(char)) forms.push(`&${name};?`);
  return forms;
}

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "/": "\\/",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

/** A hex string matching in either case: `2f` → `2[fF]`. */
function anyCase(hexDigits: string): string {
  return hexDigits.replace(/[a-f]/gi, (d) => `[${d.toLowerCase()}${d.toUpperCase()}]`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
