/**
 * The one redactor (io/thulium/redact.ts), which the client and the CLI share: every form
 * of the password a server could echo is removed, character by character in any mix of
 * encodings, and nothing else is touched.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/cli/redact.js";
import { createRedactor } from "../../src/io/thulium/redact.js";

const USER = "api_user";
const PASSWORDS = [
  "Tajne/Hasło:7  ü&(Zx)'q\t\"\\+%ż",
  "a.b*c?d[e]f(g)h{i}j|k^l$m",
  "emoji😀pass word",
  "ŻÓŁW-ąćęłńóśźż",
];

/** Every form a server might echo `password` in. */
function forms(password: string): Record<string, string> {
  const json = JSON.stringify(password).slice(1, -1);
  const codeUnits = (text: string) =>
    Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  return {
    plain: password,
    "JSON escapes": json,
    "JSON \\uXXXX for every character": codeUnits(password)
      .map((c) => `\\u${c.toString(16).padStart(4, "0")}`)
      .join(""),
    "JSON \\uXXXX, upper case": codeUnits(password)
      .map((c) => `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`)
      .join(""),
    "JSON, PHP style": json
      .replace(/\//g, "\\/")
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    encodeURIComponent: encodeURIComponent(password),
    "percent, lower-case hex, + for space": encodeURIComponent(password)
      .replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())
      .replace(/%20/g, "+"),
    "percent, every byte": [...Buffer.from(password, "utf8")]
      .map((b) => `%${b.toString(16).padStart(2, "0")}`)
      .join(""),
    "URL userinfo": (() => {
      const url = new URL("http://h/");
      url.password = password;
      return url.password;
    })(),
    "HTML decimal": Array.from(password, (c) => `&#${c.codePointAt(0)};`).join(""),
    "HTML hex, no semicolons": Array.from(
      password,
      (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)}`,
    ).join(""),
    "HTML special characters": password
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#039;"),
    "whitespace collapsed": password.replace(/\s+/g, " "),
    "whitespace reflowed": password.replace(/\s+/g, "\n    "),
    "Basic value": Buffer.from(`${USER}:${password}`).toString("base64"),
    "Basic value, percent-encoded": encodeURIComponent(
      Buffer.from(`${USER}:${password}`).toString("base64"),
    ),
    "Basic value, JSON-escaped by PHP": Buffer.from(`${USER}:${password}`)
      .toString("base64")
      .replace(/\//g, "\\/"),
    "Basic value, Latin-1": Buffer.from(`${USER}:${password}`, "latin1").toString("base64"),
    "base64 of the password, unpadded": Buffer.from(password).toString("base64").replace(/=+$/, ""),
    "base64url of the password": Buffer.from(password).toString("base64url"),
  };
}

describe.each(PASSWORDS)("password %j", (password) => {
  const redact = createRedactor(USER, password);
  const env = { THULIUM_USER: USER, THULIUM_PASSWORD: password };

  it.each(Object.entries(forms(password)))("removes it written as %s", (_form, written) => {
    const text = `before «${written}» after`;
    expect(redact(text)).toBe("before «[REDACTED]» after");
    // The CLI's last line of defence is the very same redactor.
    expect(redactSecrets(text, env)).toBe("before «[REDACTED]» after");
  });

  it("removes every occurrence, and leaves a redacted text as it is", () => {
    const text = `${password} and ${encodeURIComponent(password)}`;
    expect(redact(text)).toBe("[REDACTED] and [REDACTED]");
    expect(redact(redact(text))).toBe("[REDACTED] and [REDACTED]");
  });
});

describe("nothing else is touched", () => {
  it("text without the password, including look-alikes", () => {
    const redact = createRedactor(USER, "Tajne/Hasło:7");
    for (const text of [
      "Campaign 00001: HTTP 400 Bad Request",
      "Tajne/Haslo:7",
      "Tajne/Hasło:8",
      "%E2%9C%93 &amp; \\u0041 YWJj",
    ])
      expect(redact(text)).toBe(text);
  });

  it("no password, no redaction (the CLI without THULIUM_PASSWORD)", () => {
    expect(createRedactor(USER, "")("anything at all")).toBe("anything at all");
    expect(redactSecrets("anything at all", {})).toBe("anything at all");
  });
});
