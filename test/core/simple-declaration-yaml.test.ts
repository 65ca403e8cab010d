/**
 * The fast path of renderDeclarationYaml writes exactly what the yaml library writes, or
 * declines: random declarations (tricky strings, numbers, nesting) through both, and the
 * campaigns `import` sees most through the fast path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignFields, campaignId } from "../../src/bench/generate.js";
import { libraryDeclarationYaml } from "../../src/core/declaration-yaml.js";
import { importedFields } from "../../src/core/import-file.js";
import { simpleDeclarationYaml } from "../../src/core/simple-declaration-yaml.js";

const QUOTED = new Set(["id", "caller_id", "start_date", "end_date"]);

/** Characters that change how YAML reads or prints a string, beside ordinary ones. */
const CHARS = [
  ..."aAzZżŁóé_ß0159 .,()+/-:#&*!|>'\"%@`[]{}?~\\=;$^<",
  "\n",
  "\t",
  "\r",
  "\u0000",
  "\u0085",
  "\u00a0",
  "\u00ad",
  "\u200b",
  "\u200e",
  "\u2028",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ud800",
  "😀",
  "Ж",
  "字",
  "٣",
];
const WORDS = [
  "null",
  "Null",
  "NULL",
  "~",
  "true",
  "False",
  "yes",
  "no",
  "on",
  ".inf",
  "-.Inf",
  ".nan",
  "0x1F",
  "0o17",
  "1e3",
  "12",
  "-3",
  "+4",
  "1.5",
  "2027-01-04",
  "---",
  "...",
  "- a",
  "a: b",
  "a #b",
  "::notice::",
  "##[x",
  "a ",
  " a",
  "",
  "Kampania sprzedażowa 00042",
];

/** Mostly what the fast path takes (and its near misses), sometimes anything. */
const SAFE = [..."aAzZżŁóéß_0159 .,()+/-–!?&%@'\"*=;~$|<>[]{}\\^€\u0301"];
const text = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...SAFE), { maxLength: 10 }) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.array(fc.constantFrom(...SAFE), { maxLength: 5 }),
        fc.constantFrom(...CHARS),
        fc.array(fc.constantFrom(...SAFE), { maxLength: 5 }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }) },
  )
  .map((parts) => (typeof parts === "string" ? parts : parts.flat().join("")));
const scalar = fc.oneof(
  { weight: 8, arbitrary: text },
  { weight: 2, arbitrary: fc.integer() },
  fc.double(),
  fc.constantFrom(-0, 0, 1e21, 2 ** 53 + 2, 0.1, -1.5e-7),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const key = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom("id", "name", "caller_id", "start_date", "order", "agents", "_x"),
  },
  { weight: 1, arbitrary: fc.constantFrom("null", "True", "a b", "9a", "a-b", "") },
  { weight: 1, arbitrary: text },
);
const member = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(key, scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(key, fc.array(scalar, { maxLength: 2 }), { maxKeys: 2 }) },
);
const declaration = fc.oneof(
  fc.dictionary(key, member, { minKeys: 1, maxKeys: 4 }),
  // One or two members under ordinary names: the fast path takes these far more often.
  fc.dictionary(fc.constantFrom("name", "caller_id", "parameters"), member, {
    minKeys: 1,
    maxKeys: 2,
  }),
);

describe("simpleDeclarationYaml", () => {
  it("writes exactly what the yaml library writes, or declines", () => {
    fc.assert(
      fc.property(declaration, fc.boolean(), (value, fileStyle) => {
        const options = fileStyle ? { alwaysQuoted: QUOTED, escapeInvisible: true } : {};
        const fast = simpleDeclarationYaml(value, options);
        if (fast === undefined) return;
        const library = libraryDeclarationYaml(value, options);
        // expect only on a difference: 5,000 runs of it cost more than the comparison.
        if (fast !== library) expect(fast).toBe(library);
      }),
      { numRuns: 5000 },
    );
  });

  it("takes ordinary campaigns (every 37th of the bench's 10,000) and writes them as the library does", () => {
    for (let index = 0; index < 10_000; index += 37) {
      const fields = importedFields(campaignFields(index));
      const declared = { id: campaignId(index), ...fields, agents: ["jan.kowalski", "anna_n"] };
      const options = { alwaysQuoted: QUOTED, escapeInvisible: true };
      const fast = simpleDeclarationYaml(declared, options);
      expect(fast).toBeDefined();
      expect(fast).toBe(libraryDeclarationYaml(declared, options));
    }
  });

  it("declines what it cannot vouch for", () => {
    const decline = (value: Record<string, unknown>) =>
      expect(simpleDeclarationYaml(value, { alwaysQuoted: QUOTED })).toBeUndefined();
    decline({ name: "Sale: 2027" });
    decline({ name: "true" });
    decline({ name: "12" });
    decline({ name: "a\nb" });
    decline({ name: "x::y" });
    decline({ parameters: {} });
    decline({ agents: [] });
    decline({ order: -0 });
    decline({ order: Number.NaN });
    decline({ caller_id: "##[x" });
    decline({ caller_id: "a\u200bb" });
    decline({});
    decline(JSON.parse('{"__proto__": 1}'));
  });
});
