/**
 * escapeText's fast path (one regular-expression scan, the value returned as it is when
 * nothing in it may need escaping) must agree with the character walk on every character:
 * a character the scan missed would reach the terminal raw.
 */
import { describe, expect, it } from "vitest";
import { escapeText } from "../../src/cli/render/escape.js";
import { isUnsafeCodePoint } from "../../src/core/unsafe-text.js";

const SHORT: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

/** The walk escapeText does for values that may need escaping, on its own. */
function walk(text: string): string {
  let result = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    result += !isUnsafeCodePoint(code)
      ? char
      : (SHORT[code] ?? `\\u${code.toString(16).padStart(4, "0")}`);
  }
  return result.replace(/##\[/g, "##\\u005b");
}

describe("escapeText", () => {
  it("escapes every unsafe code point, alone and inside text, as the character walk does", () => {
    const differences: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // lone surrogates: not text
      const char = String.fromCodePoint(code);
      for (const text of [char, `Kampania ${char} sprzedażowa`]) {
        if (escapeText(text) !== walk(text)) differences.push(code.toString(16));
      }
    }
    expect(differences).toEqual([]);
  });

  it("leaves safe text, astral characters included, exactly as it was", () => {
    for (const text of ["Kampania sprzedażowa 00001", "📞 Zespół #1", "a # b", ""]) {
      expect(escapeText(text)).toBe(text);
    }
  });

  it("still escapes a legacy workflow command, and prints a number", () => {
    expect(escapeText("x ##[stop-commands] y")).toBe("x ##\\u005bstop-commands] y");
    expect(escapeText(12345 as unknown as string)).toBe("12345");
  });
});
