/** The escaper every text view passes untrusted values through (src/cli/render/escape.ts). */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  escapeLineStart,
  escapeMessage,
  escapeSerialised,
  escapeText,
} from "../../src/cli/render/escape.js";
import { escapeHtml, escapeInline } from "../../src/cli/render/markdown-escape.js";
import { renderDeclarationYaml } from "../../src/cli/render/state-yaml.js";

const HOSTILE = "a\u001b[2J\u009b31m\u007f\u202eb\u2066\n::notice title=pwn::X\r\t##[warning]L";

describe("escapeText", () => {
  it("shows every control, DEL, C1 and bidi character escaped, in JSON's notation", () => {
    expect(escapeText(HOSTILE)).toBe(
      String.raw`a\u001b[2J\u009b31m\u007f\u202eb\u2066\n::notice title=pwn::X\r\t##\u005bwarning]L`,
    );
  });

  it("leaves ordinary text, Polish letters and emoji alone", () => {
    const text = "Kampania sprzedażowa – Łódź 🚀 [1] #2 a::b";
    expect(escapeText(text)).toBe(text);
  });

  it("escapes the format characters that reorder or break lines", () => {
    for (const code of [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202d, 0x2067, 0x2069])
      expect(escapeText(String.fromCodePoint(code))).toBe(
        `\\u${code.toString(16).padStart(4, "0")}`,
      );
  });

  it("leaves no `##[` however the hashes run", () => {
    expect(escapeText("###[x] ##[[y]")).not.toContain("##[");
  });
});

describe("escapeMessage", () => {
  it("keeps the message's own line breaks but not a workflow command at a line start", () => {
    const message = `Cannot read /tmp/d\n::notice title=pwn::X\n  \u001b[2J: EISDIR`;
    expect(escapeMessage(message).split("\n")).toEqual([
      "Cannot read /tmp/d",
      String.raw`\u003a:notice title=pwn::X`,
      String.raw`  \u001b[2J: EISDIR`,
    ]);
    expect(escapeMessage(" \u3000::x")).toBe(" \u3000\\u003a:x");
  });
});

describe("escapeLineStart", () => {
  it("puts ./ before a value that could open a line, and only then", () => {
    expect(escapeLineStart("::notice title=pwn::X.yaml")).toBe("./::notice title=pwn::X.yaml");
    expect(escapeLineStart(" ::x.yaml")).toBe("./ ::x.yaml");
    expect(escapeLineStart("\n::x.yaml")).toBe(String.raw`./\n::x.yaml`);
    for (const safe of [
      "campaigns/a.yaml",
      "/abs/a.yaml",
      "../a.yaml",
      "łódź.yaml",
      "_a",
      "1.yaml",
    ])
      expect(escapeLineStart(safe)).toBe(safe);
  });
});

describe("escapeSerialised", () => {
  it("gives JSON that parses to the same value, with nothing unsafe raw", () => {
    const value = { name: HOSTILE, [HOSTILE]: ["\u0085", "x##[y"] };
    const text = escapeSerialised(JSON.stringify(value, null, 2));
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]|##\[/u);
    // The layout's own line breaks stay.
    expect(text.split("\n").length).toBeGreaterThan(3);
  });
});

describe("renderDeclarationYaml (state show)", () => {
  it("double-quotes hostile strings on one line and parses back to the same value", () => {
    const value = {
      id: "00001",
      name: `${"long name ".repeat(8)}\n::notice title=pwn::X\n${HOSTILE}`,
      parameters: { "::notice title=k::v": "##[error]y", plain: "Łódź" },
    };
    const yaml = renderDeclarationYaml(value);
    expect(parse(yaml)).toEqual(value);
    expect(yaml.split("\n").filter((line) => /^\s*::/u.test(line))).toEqual([]);
    expect(yaml).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]|##\[/u);
    expect(yaml).toContain("plain: Łódź\n"); // ordinary values keep their plain style
  });
});

describe("markdown escaping", () => {
  it("turns line breaks and tabs into spaces and shows other controls and bidi escaped", () => {
    const text = "a\nb\tc\u001bd\u202ee\u0085";
    expect(escapeInline(text)).toBe(String.raw`a b c\u001bd\u202ee\u0085`);
    expect(escapeHtml(text)).toBe(String.raw`a b c\u001bd\u202ee\u0085`);
  });
});
