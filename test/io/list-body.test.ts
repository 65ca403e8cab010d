/** Where the campaigns are in an answer to GET outbounds, and what is said when they are not. */
import { describe, expect, it } from "vitest";
import { findListPage, listSkeleton } from "../../src/io/thulium/list-body.js";

const ITEMS = [{ id: "00001" }, { id: "00002" }];

describe("finding the list", () => {
  it.each([
    ["the body as an array", ITEMS, { items: ITEMS, where: "body" }],
    ["an empty array", [], { items: [], where: "body" }],
    ["data", { data: ITEMS }, { items: ITEMS, where: "data" }],
    ["items", { items: ITEMS }, { items: ITEMS, where: "items" }],
    ["results", { results: ITEMS }, { items: ITEMS, where: "results" }],
    ["outbounds", { outbounds: ITEMS }, { items: ITEMS, where: "outbounds" }],
    ["campaigns", { campaigns: ITEMS }, { items: ITEMS, where: "campaigns" }],
    [
      "the first key holding an array wins",
      { campaigns: [{ id: 9 }], meta: {}, data: ITEMS },
      { items: ITEMS, where: "data" },
    ],
    [
      "a key not holding an array is passed over",
      { data: { page: 1 }, items: ITEMS },
      { items: ITEMS, where: "items" },
    ],
    ["count", { count: 250, data: ITEMS }, { items: ITEMS, where: "data", count: 250 }],
    ["total", { total: 250, data: ITEMS }, { items: ITEMS, where: "data", count: 250 }],
    ["count as digits", { count: "250", data: ITEMS }, { items: ITEMS, where: "data", count: 250 }],
    [
      "count before total",
      { total: 9, count: 250, data: ITEMS },
      { items: ITEMS, where: "data", count: 250 },
    ],
    [
      "a count that is no number is ignored",
      { count: "many", data: ITEMS },
      { items: ITEMS, where: "data" },
    ],
    ["a negative count is ignored", { count: -1, data: ITEMS }, { items: ITEMS, where: "data" }],
  ])("%s", (_name, body, expected) => {
    expect(findListPage(JSON.stringify(body))).toEqual(expected);
  });
});

describe("no recognisable list: what was seen, by type and key names, never values", () => {
  it.each([
    ["", "an empty answer"],
    ["   ", "an empty answer"],
    [
      "<!DOCTYPE html><html><title>Login</title></html>",
      "an HTML page, not JSON (a login or proxy page, or THULIUM_URL not ending in /api?)",
    ],
    ["OK secret-value", "text that is not JSON"],
    ['"a string"', "a JSON string"],
    ["42", "a JSON number"],
    ["null", "a JSON null"],
    ["true", "a JSON boolean"],
    ["{}", "an empty JSON object"],
    ['{"foo": 1}', 'a JSON object with the key "foo" (number)'],
    [
      '{"status": "ok", "rows": [{"id": 1}], "meta": {"n": 1}, "x": null}',
      'a JSON object with the keys "status" (string), "rows" (array), "meta" (object), "x" (null)',
    ],
  ])("%j → %s", (text, seen) => {
    expect(findListPage(text)).toEqual({ seen });
  });

  it("never shows a value, even one that looks like a key", () => {
    const found = findListPage(JSON.stringify({ token: "Sup3rSecret", data: "Sup3rSecret" }));
    expect(JSON.stringify(found)).not.toContain("Sup3rSecret");
  });

  it("names at most 20 keys, each cut to 40 characters, control characters escaped", () => {
    const body: Record<string, number> = {};
    for (let i = 0; i < 25; i++) body[`key${i}`] = i;
    body["\u001b[31mred\u202e"] = 1;
    body["k".repeat(60)] = 1;
    const found = findListPage(JSON.stringify(body));
    expect("seen" in found && found.seen).toMatch(/"key19" \(number\), and 7 more$/);
    const odd = findListPage(JSON.stringify({ "\u001b[31mred\u202e": 1, ["k".repeat(60)]: 2 }));
    expect("seen" in odd && odd.seen).toBe(
      `a JSON object with the keys "\\u{1b}[31mred\\u{202e}" (number), "${"k".repeat(40)}…" (number)`,
    );
  });
});

describe("listSkeleton (for doctor --show-shape): structure and types, never values", () => {
  it("replaces values by their types and shows at most three items", () => {
    const body = {
      count: 250,
      data: Array.from({ length: 5 }, (_, i) => ({
        id: `0000${i}`,
        active: "1",
        order: 5,
        end_date: null,
        parameters: { caller_id: "+48221234567" },
        tags: [],
      })),
    };
    const item = {
      id: "string",
      active: "string",
      order: "number",
      end_date: "null",
      parameters: { caller_id: "string" },
      tags: [],
    };
    expect(listSkeleton(JSON.stringify(body))).toEqual({
      count: "number",
      data: [item, item, item, "… 2 more"],
    });
    expect(JSON.stringify(listSkeleton(JSON.stringify(body)))).not.toContain("48221234567");
  });

  it("an answer that is not JSON says what it looks like", () => {
    expect(listSkeleton("OK")).toEqual({ not_json: "text that is not JSON" });
    expect(listSkeleton("")).toEqual({ not_json: "an empty answer" });
    expect(listSkeleton("<!DOCTYPE html><title>x</title>")).toEqual({
      not_json:
        "an HTML page, not JSON (a login or proxy page, or THULIUM_URL not ending in /api?)",
    });
  });

  it("scrubs key names and stops at a depth", () => {
    const redact = (text: string) => text.replaceAll("hunter2", "[REDACTED]");
    expect(listSkeleton('{"hunter2": true, "x": [1, "a"]}', redact)).toEqual({
      "[REDACTED]": "boolean",
      x: ["number", "string"],
    });
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(JSON.stringify(listSkeleton(JSON.stringify(deep)))).toContain('"array of 1"');
  });
});
