/** One campaign-id definition (core/campaign-id.ts), the same as the schema's. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CAMPAIGN_ID_PATTERN, isCampaignId } from "../../src/core/campaign-id.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("campaign id", () => {
  it("is the pattern campaign.schema.json gives the id", () => {
    const schema = JSON.parse(
      readFileSync(path.join(REPO, "schemas/campaign.schema.json"), "utf8"),
    );
    expect(schema.properties.id.pattern).toBe(CAMPAIGN_ID_PATTERN);
  });

  it("accepts five digits as a string and nothing else", () => {
    expect(isCampaignId("00001")).toBe(true);
    expect(isCampaignId("99999")).toBe(true);
    for (const other of [
      "0001",
      "000001",
      "0000a",
      " 00001",
      "00001\n",
      "٠٠٠٠١",
      1,
      null,
      undefined,
    ])
      expect(isCampaignId(other), JSON.stringify(other)).toBe(false);
  });

  it("is defined once: no other five-digit pattern in src/", () => {
    const own = path.join(REPO, "src/core/campaign-id.ts");
    const elsewhere = sourceFiles(path.join(REPO, "src"))
      .filter((file) => file !== own && !file.includes(`${path.sep}bench${path.sep}`))
      // ajv's code generated from the schemas (scripts/build-schemas.mjs) repeats its pattern.
      .filter((file) => !file.includes(`${path.sep}schema${path.sep}generated${path.sep}`))
      .filter((file) => /\[0-9\]\{5\}|\\d\{5\}/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(REPO, file));
    expect(elsewhere).toEqual([]);
  });
});
