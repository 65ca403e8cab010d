/** Where the campaigns are in an answer to GET outbounds, and what is said when they are not. */
import { describe, expect, it } from "vitest";
import { findListPage } from "../../src/io/thulium/list-body.js";

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
