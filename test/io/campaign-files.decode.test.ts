import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCampaignText, firstInvalidUtf8 } from "../../src/io/campaign-files/decode.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const isValid = (bytes: Uint8Array) => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("firstInvalidUtf8", () => {
  it("agrees with the platform's UTF-8 decoder on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        expect(offset === bytes.length).toBe(isValid(bytes));
        // Everything before the reported byte is well-formed.
        if (offset < bytes.length) expect(isValid(bytes.subarray(0, offset))).toBe(true);
      }),
    );
  });

  it.each([
    ["overlong slash", [0xc0, 0xaf], 0],
    ["UTF-16 surrogate", [0x41, 0xed, 0xa0, 0x80], 1],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["truncated sequence", [0x41, 0xe2, 0x82], 1],
    ["valid euro sign", [0xe2, 0x82, 0xac], 3],
  ])("%s", (_, bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
  });
});

describe("decodeCampaignText", () => {
  it("counts the column in characters, not bytes", () => {
    const bytes = Buffer.concat([Buffer.from("id: 1\nname: Łódź "), Buffer.from([0xb9])]);
    expect(decodeCampaignText(bytes)).toEqual({
      position: { line: 2, column: 12 },
      message:
        "the file is not UTF-8 (byte 0xB9 is not valid UTF-8); it was probably saved in another encoding such as Windows-1250 — re-save it as UTF-8",
    });
  });

  it("recognises UTF-16 in both byte orders", () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const result = decodeCampaignText(Uint8Array.from([...bom, 0x69, 0]));
      expect(result).toEqual({
        position: { line: 1, column: 1 },
        message: "the file is saved as UTF-16; re-save it as UTF-8",
      });
    }
  });

  it("returns UTF-8 text without its byte-order mark", () => {
    expect(decodeCampaignText(Buffer.from("\uFEFFname: ż"))).toEqual({ text: "name: ż" });
  });
});
