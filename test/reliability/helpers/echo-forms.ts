/**
 * The ways a server or proxy echoes a password back in an error body, and where in the body
 * it puts it, for the parametric secrets suite (secrets-echo.test.ts). Each form is a body
 * a real server could send; each position puts the echo at the start, in the middle, across
 * the 200-character cut of the error summary, or past it.
 */

/** A password with something for every encoding to change: a double space, a tab, quotes,
 * a backslash, `/`, `+`, `%`, `&`, `:` and letters outside ASCII. */
export const ECHO_USER = "api_echo";
export const ECHO_PASSWORD = "Tajne/Hasło:7  ü&(Zx)'q\t\"\\+%ż";

/** One way of echoing: the echoed text, and the body and type a server wraps it in. */
export interface EchoForm {
  name: string;
  /** The password as this form writes it. */
  encoded: string;
  /** The whole response body: `before`, the echo, `after`. */
  body(before: string, after: string): string;
  contentType: string;
  /** Characters the summary shows before `before` (a JSON body's `{"detail": "`). */
  lead: number;
}

const percent = encodeURIComponent(ECHO_PASSWORD).replace(/%20/g, "+");
/** PHP's json_encode defaults: `\/` for `/`, `\uXXXX` for everything outside ASCII. */
const phpJson = JSON.stringify(ECHO_PASSWORD)
  .slice(1, -1)
  .replace(/\//g, "\\/")
  .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const json = JSON.stringify(ECHO_PASSWORD).slice(1, -1);
const numericEntities = Array.from(ECHO_PASSWORD, (c) =>
  /[a-z0-9]/i.test(c) ? c : `&#${c.codePointAt(0)};`,
).join("");
const hexEntities = Array.from(ECHO_PASSWORD, (c) =>
  /[a-z0-9]/i.test(c) ? c : `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`,
).join("");
/** PHP's htmlspecialchars: & < > " ' only. */
const specialChars = ECHO_PASSWORD.replace(/&/g, "&amp;")
  .replace(/</g, "&lt;")
  .replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;")
  .replace(/'/g, "&#039;");
const basic = Buffer.from(`${ECHO_USER}:${ECHO_PASSWORD}`).toString("base64");
const passwordBase64 = Buffer.from(ECHO_PASSWORD).toString("base64");

const text = (name: string, encoded: string): EchoForm => ({
  name,
  encoded,
  contentType: "text/plain; charset=utf-8",
  body: (before, after) => `${before}${encoded}${after}`,
  lead: 0,
});

export const ECHO_FORMS: readonly EchoForm[] = [
  text("plain", ECHO_PASSWORD),
  {
    name: "JSON string escapes, in JSON that is not Thulium's",
    encoded: json,
    contentType: "application/json",
    body: (before, after) => `{"detail": "${before}${json}${after}"}`,
    lead: '{"detail": "'.length,
  },
  {
    name: "JSON escapes as PHP writes them (\\/ and \\uXXXX)",
    encoded: phpJson,
    contentType: "application/json",
    body: (before, after) => `{"detail": "${before}${phpJson}${after}"}`,
    lead: '{"detail": "'.length,
  },
  {
    name: "JSON escapes inside Thulium's own error message",
    encoded: json,
    contentType: "application/json",
    body: (before, after) =>
      `{"request_id": "abc123", "errors": [{"message": "${before}${json}${after}", "code": 1}]}`,
    lead: 0,
  },
  text("percent-encoding with + for a space", percent),
  {
    name: "HTML numeric character references",
    encoded: numericEntities,
    contentType: "text/html",
    body: (before, after) => `<html><body><p>${before}${numericEntities}${after}</p></body></html>`,
    lead: 0,
  },
  {
    name: "HTML hexadecimal character references",
    encoded: hexEntities,
    contentType: "text/html",
    body: (before, after) => `<html><body><p>${before}${hexEntities}${after}</p></body></html>`,
    lead: 0,
  },
  {
    name: "HTML escaped as htmlspecialchars does",
    encoded: specialChars,
    contentType: "text/html",
    body: (before, after) => `<html><body><p>${before}${specialChars}${after}</p></body></html>`,
    lead: 0,
  },
  text("base64 of user:password (the Basic value)", basic),
  text("base64 of the password alone", passwordBase64),
];

/** Where in the body the echo goes: how many characters of filler come before it. */
export const ECHO_POSITIONS: readonly { name: string; offset: number; shown: boolean }[] = [
  { name: "at the start", offset: 0, shown: true },
  { name: "in the middle", offset: 90, shown: true },
  // The summary keeps 200 characters: starting at 190, the echo is cut in two by it.
  { name: "across the 200-character cut", offset: 190, shown: true },
  { name: "past the cut", offset: 260, shown: false },
];

/** Words, single-spaced, so collapsing whitespace leaves the offsets as they are. */
export function filler(length: number): string {
  return "lorem ipsum dolor sit amet ".repeat(Math.ceil(length / 27) + 1).slice(0, length);
}

/**
 * Every text a leak could show: the password as sent, with its whitespace collapsed (what
 * a summary does), decoded as far as a summary decodes, and each encoded form.
 */
const LEAK_SOURCES = [
  ECHO_PASSWORD,
  ECHO_PASSWORD.replace(/\s+/g, " "),
  ...ECHO_FORMS.map((form) => form.encoded),
  ...ECHO_FORMS.map((form) => form.encoded.replace(/\s+/g, " ")),
];

/** Pieces this long of any leak source count as a leak: half a password is a leak too. */
const PIECE = 8;

/** The first piece (PIECE characters) of any form of the password found in `output`. */
export function leakedPiece(output: string): string | undefined {
  for (const source of LEAK_SOURCES)
    for (let i = 0; i + PIECE <= source.length; i++) {
      const piece = source.slice(i, i + PIECE);
      if (output.includes(piece)) return piece;
    }
  return undefined;
}
