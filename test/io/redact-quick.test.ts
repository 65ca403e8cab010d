/**
 * The redactor is compiled once per set of credentials, and a text is only searched with the
 * compiled pattern when a form of a secret could be in it: every form of a character other
 * than itself starts with `\`, `%` or `&`, so a text with none of them must hold a run of the
 * secret as written. Whatever mix of forms a text holds, the password is still removed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../src/io/thulium/redact.js";

const USER = "api_user";

describe("one redactor per set of credentials", () => {
  it("a second client with the same credentials gets the compiled redactor", () => {
    expect(createRedactor(USER, "s3cret")).toBe(createRedactor(USER, "s3cret"));
    expect(createRedactor(USER, "s3cret")).not.toBe(createRedactor(USER, "s3cret!"));
    expect(createRedactor(USER, "s3cret")).not.toBe(createRedactor("other", "s3cret"));
  });

  it("each redactor removes its own password only", () => {
    const first = createRedactor(USER, "first-Pass");
    const second = createRedactor(USER, "second-Pass");
    expect(first("first-Pass second-Pass")).toBe(`${REDACTED} second-Pass`);
    expect(second("first-Pass second-Pass")).toBe(`first-Pass ${REDACTED}`);
  });
});

describe("long runs of whitespace", () => {
  it("end at once where a password with a space does not follow (2^n ways through n spaces before)", () => {
    const redact = createRedactor(USER, "my pass");
    const text = `my${" ".repeat(60)}x, my\t${"&#32;".repeat(60)}pas`;
    const before = process.cpuUsage();
    expect(redact(text)).toBe(text);
    expect(redact(`my${" ".repeat(60)}pass`)).toBe(REDACTED);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});

describe("texts without `\\`, `%` or `&`", () => {
  it("still lose the password with its whitespace reflowed or a space written as +", () => {
    const redact = createRedactor(USER, "pass word\there");
    expect(redact("a pass+word\n   here b")).toBe(`a ${REDACTED} b`);
    expect(redact("a pass\r\nword here b")).toBe(`a ${REDACTED} b`);
  });

  it("still lose a password that starts or ends with whitespace, or is only whitespace", () => {
    expect(createRedactor(USER, " lead")("x\tlead y")).toBe(`x${REDACTED} y`);
    expect(createRedactor(USER, "trail ")("x trail+y")).toBe(`x ${REDACTED}y`);
    expect(createRedactor(USER, " \t")("x+\n y")).toBe(`x${REDACTED}y`);
  });

  it("are returned as they are when they hold no secret", () => {
    const redact = createRedactor(USER, "Tajne/Hasło:7");
    const text = "Campaign 00001: HTTP 400 Bad Request; Tajne/Haslo:7".repeat(50);
    expect(redact(text)).toBe(text);
  });
});

/** The forms one character may take in a server's echo (see redact.ts). */
function charForms(char: string): string[] {
  const code = char.codePointAt(0) ?? 0;
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  const utf8 = [...Buffer.from(char, "utf8")];
  const forms = [
    char,
    units.map((unit) => `\\u${unit.toString(16).padStart(4, "0")}`).join(""),
    units.map((unit) => `\\u${unit.toString(16).toUpperCase().padStart(4, "0")}`).join(""),
    utf8.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
    utf8.map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""),
    `&#${code};`,
    `&#00${code}`,
    `&#x${code.toString(16)};`,
    `&#X${code.toString(16).toUpperCase()}`,
  ];
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) forms.push(short);
  if (code >= 0x80 && code <= 0xff) forms.push(`%${code.toString(16)}`);
  if (char === " ") forms.push("+");
  if (char === "&") forms.push("&amp;");
  return forms;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "/": "\\/",
  "\n": "\\n",
  "\t": "\\t",
};

/** Passwords ending in the start of an escape, edged with whitespace, beyond Latin-1. */
const PASSWORDS = ["a&", "x\\", "50%", " pass word\t", 'Hasło😀é"/;#=+', "&\\%\n&"];

describe("any mix of forms", () => {
  it("is removed whole, whatever form each character takes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PASSWORDS),
        fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
        (password, picks) => {
          const written = Array.from(password, (char, i) => {
            const forms = charForms(char);
            return forms[(picks[i] ?? 0) % forms.length];
          }).join("");
          expect(createRedactor(USER, password)(`<<${written}>>`)).toBe(`<<${REDACTED}>>`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
