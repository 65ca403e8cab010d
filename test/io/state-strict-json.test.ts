/**
 * What JSON.parse keeps silently but the state reader refuses: duplicate keys, `__proto__`
 * keys, whole numbers past 2^53. Both of the duplicate check's paths are exercised: the
 * quick count (files as this tool writes them) and the token scan (colons inside strings,
 * spaces before a key's colon).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StateError } from "../../src/errors.js";
import { canonicalJson } from "../../src/io/state/canonical-json.js";
import { parseState } from "../../src/io/state/parse-state.js";
import { findStrictJsonProblem } from "../../src/io/state/strict-json.js";

const problem = (json: string) => findStrictJsonProblem(json, JSON.parse(json));

describe("findStrictJsonProblem", () => {
  it("accepts what canonicalJson writes, whatever the strings hold", () => {
    const value = {
      campaigns: {
        "00001": {
          fields: { name: 'Sale: "a": b :c \\" :', parameters: { caller_id: "+48 :" } },
          source: "campaigns/a.yaml",
        },
      },
      target: "https://acme.thulium.com/api",
    };
    expect(problem(canonicalJson(value))).toBeUndefined();
    expect(problem(JSON.stringify(value))).toBeUndefined();
  });

  it("finds a duplicate key written canonically, with its path and line", () => {
    const json =
      '{\n  "campaigns": {\n    "00001": {\n      "name": "a",\n      "name": "b"\n    }\n  }\n}';
    expect(problem(json)).toEqual({
      path: 'campaigns["00001"].name',
      line: 5,
      message: expect.stringMatching(/the key "name" appears twice in one object/),
    });
  });

  it("finds a duplicate key however it is spaced or escaped", () => {
    expect(problem('{"a" : 1, "a"\n:2}')?.path).toBe("a");
    expect(problem('{"x": {"\\u0061": 1, "a": 2}}')?.path).toBe("x.a");
    expect(problem('{"s": "q\\" :", "s": 1}')?.path).toBe("s");
    expect(problem('[{"a": 1}, {"a": 1, "b": [1, {"c": 1, "c": 2}]}]')?.path).toBe("[1].b[1].c");
  });

  it("does not mistake the same key in sibling objects for a duplicate", () => {
    expect(problem('{"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]}')).toBeUndefined();
    expect(problem('{"a": "x :", "b": {"k": 1}, "c": {"k" : 1}}')).toBeUndefined();
  });

  it("finds __proto__ keys and whole numbers JSON.parse would round", () => {
    expect(problem('{"a": {"__proto__": {"x": 1}}}')?.path).toBe("a.__proto__");
    expect(problem('{"a": [1, 9007199254740993]}')).toMatchObject({
      path: "a[1]",
      message: expect.stringMatching(/too large to be kept exactly/),
    });
    expect(problem('{"a": 1e400}')?.path).toBe("a");
    expect(problem(`{"a": ${Number.MAX_SAFE_INTEGER}, "b": -${Number.MAX_SAFE_INTEGER}}`)).toBe(
      undefined,
    );
    expect(problem('{"a": 1.5, "b": 12345678901234.5}')).toBeUndefined();
  });

  it("stops at a hostile nesting depth instead of overflowing the stack", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(problem(deep)?.message).toMatch(/nested over \d+ levels deep/);
  });

  it("finds every duplicate key injected into random JSON, and nothing in JSON.stringify's output", () => {
    const key = fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__");
    const leaf = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.boolean(), (value, spaced) => {
        const json = JSON.stringify(value, null, spaced ? 1 : undefined);
        expect(problem(json)).toBeUndefined();
        // The same member twice, at the top level: always a duplicate.
        const doubled = `{"k": ${json}, "k"${spaced ? " " : ""}: ${json}}`;
        expect(problem(doubled)?.path).toBe("k");
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseState refuses them, naming the file and the place", () => {
  it("a duplicate campaign id", () => {
    const json = `{"version": 1, "lineage": null, "serial": 0, "target": null, "campaigns": {"00001": {"fields": {}, "source": "a"}, "00001": {"fields": {}, "source": "b"}}}`;
    expect(() => parseState(json, "s.json")).toThrow(StateError);
    expect(() => parseState(json, "s.json")).toThrow(
      /State file s\.json cannot be used: at campaigns\["00001"\] \(line 1\), the key "00001" appears twice.*It was left untouched/,
    );
  });
});
