/**
 * Positions are looked up only where something needs them (io/campaign-files/check-document.ts,
 * field-positions.ts): a valid campaign needs its id's value position (the duplicate-id
 * check) and its id's key position (its location), each looked up once; a field's position
 * only when a rule or an issue points at it.
 */
import { describe, expect, it } from "vitest";
import { checkDocument } from "../../src/io/campaign-files/check-document.js";
import { parseCampaignDocuments } from "../../src/io/campaign-files/parse-documents.js";

const FILE = `id: "00001"
name: "Kampania 00001"
dialer: "preview"
active: true
start_date: "2027-01-04"
end_date: "2027-12-17"
parameters:
  caller_id: "+48221234567"
  preview_timeout: 30
`;

/** The one document of FILE, its locator counting the positions asked of it. */
function countedDocument() {
  const [doc] = parseCampaignDocuments(FILE, "a.yaml").documents;
  if (doc === undefined) throw new Error("no document");
  const asked: string[] = [];
  const locator = doc.locator;
  const counted = {
    ...doc,
    locator: {
      position: (pointer: string, part: "key" | "value") => {
        asked.push(`${pointer} ${part}`);
        return locator.position(pointer, part);
      },
      sourceText: locator.sourceText,
    },
  };
  return { doc: counted, asked };
}

describe("position lookups of a valid campaign", () => {
  it("looks up the id's key and value once each, however often they are read", () => {
    const { doc, asked } = countedDocument();
    const checked = checkDocument(doc, "a.yaml");
    expect(checked.valid).toBe(true);
    const positions = checked.candidate?.positions;
    expect(positions?.["/id"]?.key).toEqual({ line: 1, column: 1 });
    expect(positions?.["/id"]?.value).toEqual({ line: 1, column: 5 });
    expect(checked.declaration?.position).toEqual({ line: 1, column: 5 });
    expect(asked.sort()).toEqual(["/id key", "/id value"]);
  });

  it("looks up a field's position when it is read, as before", () => {
    const { doc, asked } = countedDocument();
    const positions = checkDocument(doc, "a.yaml").candidate?.positions;
    expect(positions?.["/parameters/preview_timeout"]?.value).toEqual({ line: 9, column: 20 });
    expect(positions?.["/end_date"]?.key).toEqual({ line: 6, column: 1 });
    expect(Object.keys(positions ?? {}).sort()).toContain("/parameters/caller_id");
    expect(asked).toContain("/end_date key");
  });
});
