/**
 * The canonical forms (core/normalise.ts) as the plan computes them for every campaign in
 * front of apply's first request: key lists sorted in place without V8's work arrays, and a
 * state's fields, canonical already, read without a copy.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CampaignFields, FIELD_ORDER } from "../../src/core/campaign.js";
import { normaliseFields, readNormalised, sortStrings } from "../../src/core/normalise.js";

describe("canonical forms without garbage", () => {
  it("sortStrings orders as Array.prototype.sort does, in the array it was given", () => {
    const strings = fc.array(
      fc.oneof(
        fc.string(),
        fc.string({ unit: "grapheme" }),
        fc.constantFrom("a", "B", "_", "ż", "😀"),
      ),
      {
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(strings, (list) => {
        const copy = [...list];
        const sorted = sortStrings(copy);
        expect(sorted).toBe(copy);
        expect(sorted).toEqual([...list].sort());
      }),
    );
  });

  it("readNormalised gives a state's canonical fields themselves, with nothing copied", () => {
    const fields = JSON.parse(
      '{"active":true,"name":"A","order":1,"parameters":{"caller_id":"+48221234567","preview_timeout":30}}',
    ) as CampaignFields;
    expect(readNormalised(fields)).toBe(fields);
  });

  it("readNormalised gives normaliseFields' copy of fields that are not canonical", () => {
    const cases: Record<string, unknown>[] = [
      { name: "A", active: true }, // keys out of order
      { active: true, name: undefined }, // an undefined member
      { active: true, parameters: {} }, // an empty parameters map
      { active: true, parameters: { preview_timeout: 30, caller_id: "+48" } }, // nested order
      { active: true, extra: [{ b: 1, a: 2 }] }, // an object in a list
    ];
    for (const fields of cases) {
      const read = readNormalised(fields as CampaignFields);
      expect(read).not.toBe(fields);
      expect(JSON.stringify(read)).toBe(JSON.stringify(normaliseFields(fields as CampaignFields)));
    }
  });

  it("normaliseFields sorts a declaration's fields as a sort of its keys would, known fields or not", () => {
    /** The canonical form by its definition: keys sorted, undefined and an empty parameters map dropped. */
    const reference = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reference);
      if (value === null || typeof value !== "object") return value;
      const record = value as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(record).sort()) {
        if (record[key] !== undefined) result[key] = reference(record[key]);
      }
      return result;
    };
    // The documented fields, and one that is not (which takes the general path).
    const field = fc.constantFrom<string>(...FIELD_ORDER, "extra");
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.dictionary(fc.constantFrom("preview_timeout", "caller_id", "b", "a"), fc.integer()),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.dictionary(field, value), (fields) => {
        const expected = reference(fields) as Record<string, unknown>;
        const parameters = expected.parameters;
        if (parameters !== null && typeof parameters === "object" && !Array.isArray(parameters)) {
          if (Object.keys(parameters).length === 0) delete expected.parameters;
        }
        expect(JSON.stringify(normaliseFields(fields as CampaignFields))).toBe(
          JSON.stringify(expected),
        );
      }),
    );
  });
});
