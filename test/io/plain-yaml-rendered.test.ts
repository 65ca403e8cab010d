/**
 * The fast reader of plain campaign files (io/campaign-files/plain-yaml.ts) on the files
 * `import` writes (what its load-back check reads them with, as `validate` will): it gives
 * exactly what the yaml library gives (data, and the line, column and source text of every
 * pointer), or declines. Random declarations as import renders them, near misses made by
 * small edits, and the files import writes for the bench's campaigns.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignFields, campaignId } from "../../src/bench/generate.js";
import { CAMPAIGN_FILE_LAYOUT, declarationYaml } from "../../src/core/declaration-yaml.js";
import { importedFileText } from "../../src/core/import-file.js";
import {
  MAX_DOCUMENTS,
  parseCampaignDocuments,
} from "../../src/io/campaign-files/parse-documents.js";
import { expectAgreement as agrees } from "./helpers/yaml-reference.js";

const SAFE = [..."aAzZżŁóéß_0159 .,()+/-–!?&%@'\"*=;~$|<>[]{}\\^€\u0301"];
const ODD = [..."\"\\:#'&*!|>%@`[]{}?~=\t\r\n", "\u00a0", "\u200b", "\u2028", "\ufeff", "😀", "Ж"];
const text = fc
  .oneof(
    { weight: 6, arbitrary: fc.array(fc.constantFrom(...SAFE), { maxLength: 10 }) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.array(fc.constantFrom(...SAFE), { maxLength: 4 }),
        fc.constantFrom(...ODD),
        fc.array(fc.constantFrom(...SAFE), { maxLength: 4 }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("true", "Null", "12", "-0", "0.5", "1e3", "0x1F", "~", ""),
    },
  )
  .map((parts) => (typeof parts === "string" ? parts : parts.flat().join("")));
const scalar = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(2 ** 53 - 1, 2 ** 53 + 2, 0.30000000000000004, -2.5, -0, 1e21),
  },
  { weight: 1, arbitrary: fc.boolean() },
);
const key = fc.constantFrom("id", "name", "caller_id", "order", "agents", "x_1", "null", "a b");
const declaration = fc.dictionary(
  key,
  fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(key, scalar, { maxKeys: 3 }) },
  ),
  { minKeys: 1, maxKeys: 5 },
);
const comments = fc.array(
  fc.constantFrom("# yaml-language-server: $schema=../s.json", "# Ż ?", "#", "#\u202e", "# a: b"),
  { maxLength: 2 },
);
/** One to three rendered declarations, `---` between them (and, sometimes, before the first). */
const body = fc
  .tuple(fc.array(declaration, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(
    ([values, leadingMarker]) =>
      (leadingMarker ? "---\n" : "") +
      values
        .map((value, index) => declarationYaml(`0000${index + 1}`, value, CAMPAIGN_FILE_LAYOUT))
        .join("---\n"),
  );
/** A small edit that may take a text out of the simple shape (or keep it in). */
const edit = fc.tuple(
  fc.nat(),
  fc.constantFrom(
    " ",
    "  ",
    "\n",
    "\n  ",
    "-",
    "- ",
    "---",
    "\n---\n",
    ".",
    ":",
    ": ",
    "#",
    '"',
    "\\",
    "\t",
    "\r",
    "x",
  ),
  fc.constantFrom("insert", "delete", "replace"),
);

describe("the fast reader on the files import writes", () => {
  it("reads rendered declarations as the yaml library does, or declines", () => {
    let read = 0;
    fc.assert(
      fc.property(comments, body, (lines, documents) => {
        if (agrees([...lines, ""].join("\n") + documents)) read++;
      }),
      { numRuns: 400 },
    );
    // About 40% are of the plain shape the fast reader takes: the comparison is not vacuous.
    expect(read).toBeGreaterThan(120);
  });

  it("agrees or declines after small edits (near misses)", () => {
    fc.assert(
      fc.property(
        comments,
        body,
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        (lines, documents, edits) => {
          let text = [...lines, ""].join("\n") + documents;
          for (const [at, piece, how] of edits) {
            const index = at % (text.length + 1);
            text =
              how === "insert"
                ? text.slice(0, index) + piece + text.slice(index)
                : how === "delete"
                  ? text.slice(0, index) + text.slice(index + piece.length)
                  : text.slice(0, index) + piece + text.slice(index + piece.length);
          }
          agrees(text);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it.each([
    "null: 1\n",
    "True: x\n",
    "order: -0\n",
    "order: 9007199254740993\n",
    "order: 1e3\n",
    "order: 0x1F\n",
    "order: 012\n",
    "name: yes\n",
    "name: ~\n",
    'name: "a\\nb"\n',
    "name: 'a'\n",
    "name: a \n",
    "name: a\r\n",
    "name: a\n---\nname: b\n",
    "---\n",
    "__proto__: 1\n",
    "__proto__:\n  a: 1\n",
    "parameters:\n  __proto__: x\n",
    "constructor: 1\n",
    "name: a\n---\n",
    "---\n---\nname: a\n",
    "name: a\n...\n",
    "--- \nname: a\n",
    "name: a\n--- name: b\n",
    "# c\n---\nname: a\n---\nname: b\n",
    "name: a\n----\n",
    "name: a\n---\n# c\nname: b\n",
    "parameters:\n  a: 1\n---\n  b: 2\n",
    "# a\rname: x\nid: y\n",
    "# a\u2028b\nname: x\n",
    "\ufeff# a\nname: x\n",
    "name: x\nname: y\n",
    "parameters:\n  a: 1\n  a: 2\n",
    "parameters:\n  a: 1\n  - 2\n",
    "agents:\n  - a\n  - b: c\n",
    "agents:\n- a\n",
    "parameters:\n   a: 1\n",
    "parameters:\n",
    "name: x",
    "#only a comment\n",
    "",
  ])("a near miss written by hand: %j", (text) => {
    agrees(text);
  });

  it("leaves a file of more plain documents than the loader takes to the library, which reports it", () => {
    const text = Array.from({ length: MAX_DOCUMENTS + 1 }, () => "order: 1\n").join("---\n");
    expect(parseCampaignDocuments(text, "f.yaml").issues.map((issue) => issue.message)).toEqual([
      `more than ${MAX_DOCUMENTS} YAML documents in one file; split it into several files`,
    ]);
  });

  it("reads every file import --all writes for the bench's campaigns", () => {
    const provenance = { target: "https://acme.thulium.com/api", importedOn: "2026-11-30" };
    for (let index = 0; index < 10_000; index += 97) {
      const campaign = {
        id: campaignId(index),
        fields: campaignFields(index),
        agents: ["jan.k", "ala_m"],
      };
      expect(agrees(importedFileText(campaign, provenance)), campaign.id).toBe(true);
    }
  });
});
