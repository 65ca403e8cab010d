/**
 * schemas/defaults.schema.json, the editors' schema of `_defaults.yaml` files: every
 * campaign field but `id`, each referring to the campaign schema, so the two never differ.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { campaignSchema } from "../../src/schema/validator.js";

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), "utf8"));

describe("the defaults schema (for editors)", () => {
  const defaults = read("defaults.schema.json");

  it("lists every campaign field but id, each a reference to the campaign schema's", () => {
    const fields = Object.keys(campaignSchema().properties).filter((name) => name !== "id");
    expect(Object.keys(defaults.properties)).toEqual(fields);
    for (const name of fields) {
      expect(defaults.properties[name]).toEqual({
        $ref: `campaign.schema.json#/properties/${name}`,
      });
    }
  });

  it("accepts a partial campaign, refuses an id and a bad value (resolved as editors do)", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat("date", true);
    const campaign = read("campaign.schema.json");
    ajv.addSchema(campaign, "campaign.schema.json");
    const validate = ajv.compile(defaults);
    expect(validate({ group_id: 15, parameters: { caller_id: "+48221234567" } })).toBe(true);
    expect(validate({ id: "00001" })).toBe(false);
    expect(validate({ order: 0 })).toBe(false);
  });
});
