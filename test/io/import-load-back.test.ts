/**
 * import's load-back check (checkImportFile) refuses every file that would not load back
 * to exactly the fields it was written from, whichever reader reads it: files from
 * deliberately broken renderers, some still of the plain shape the fast reader (readPlainDocuments) reads,
 * some only the yaml library reads. A broken file either stops the import (a bug, never
 * written) or is reported invalid (never written without --include-invalid).
 */
import { describe, expect, it } from "vitest";
import { importedFields, importedFileText } from "../../src/core/import-file.js";
import { readPlainDocuments } from "../../src/io/campaign-files/plain-yaml.js";
import { checkImportFile } from "../../src/io/campaign-files/prepare-import.js";
import { PREDICTIVE } from "./helpers/live-campaigns.js";

const TODAY = "2026-11-30";
const LIVE = PREDICTIVE;
const AGENTS = ["anna.nowak", "jan.kowalski"];

/** The real renderer's text for the campaign, then `broken` applied to it. */
function check(broken: (text: string) => string) {
  const campaign = { id: "00001", fields: LIVE, agents: AGENTS };
  const text = broken(importedFileText(campaign, { target: "sandbox", importedOn: TODAY }));
  return {
    text,
    result: () =>
      checkImportFile({
        id: campaign.id,
        absolute: "/x/kampania.yaml",
        file: "kampania.yaml",
        text,
        fields: importedFields(LIVE),
        agents: [...AGENTS],
        today: TODAY,
      }),
  };
}

const NOT_LOADED_BACK = /does not load back to the fields it was written from/;

describe("checkImportFile refuses what a broken renderer writes", () => {
  it("accepts the real renderer's file (read by the fast reader)", () => {
    const { text, result } = check((text) => text);
    expect(readPlainDocuments(text)).toBeDefined();
    expect(result().valid).toBe(true);
  });

  it.each<[string, (text: string) => string, boolean]>([
    // [what the broken renderer does, the break, whether the fast reader still reads it]
    ["writes another number", (t) => t.replace("order: 10", "order: 11"), true],
    ["drops a field", (t) => t.replace("parity: 60\n", ""), true],
    ["adds a field", (t) => t.replace("parity: 60\n", "parity: 60\ngroup_id_2: 1\n"), true],
    ["writes another id", (t) => t.replace('id: "00001"', 'id: "00002"'), true],
    ["drops an agent", (t) => t.replace("  - jan.kowalski\n", ""), true],
    ["turns a parameter into text", (t) => t.replace("min_calls: 1.2", 'min_calls: "1.2"'), true],
    ["changes a name's letters", (t) => t.replace("sprzedażowa", "sprzedazowa"), true],
    ["writes a name with a colon", (t) => t.replace("2027\n", "2027: x\n"), false],
    ["indents a field under another", (t) => t.replace("order:", "  order:"), false],
    [
      "appends a second, valid campaign",
      (t) => `${t}---\n${t.replace('id: "00001"', 'id: "00002"')}`,
      true,
    ],
    [
      "writes parameters as a flow map, one missing",
      (t) => t.replace(/parameters:\n( {2}.*\n)+/, 'parameters: { caller_id: "+48221234567" }\n'),
      false,
    ],
  ])("%s", (_what, broken, simple) => {
    const { text, result } = check(broken);
    expect(readPlainDocuments(text) !== undefined, "read by the fast reader").toBe(simple);
    let refused = false;
    try {
      refused = !result().valid;
    } catch (error) {
      expect((error as Error).message).toMatch(NOT_LOADED_BACK);
      refused = true;
    }
    expect(refused).toBe(true);
  });
});
