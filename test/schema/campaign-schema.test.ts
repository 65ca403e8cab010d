/** The schema file itself: editor-ready, closed, and consistent with its own examples. */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { AGENTS_POLICIES, DIALERS, FIELD_ORDER } from "../../src/core/campaign.js";
import { isCalendarDate } from "../../src/schema/calendar-date.js";
import { campaignSchema, SCHEMA_URL, schemaErrors } from "../../src/schema/validator.js";

interface Node {
  type?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, Node>;
  additionalProperties?: unknown;
  enum?: unknown[];
}

const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Node & Record<string, unknown>;

function* objects(node: Node, where = "#"): Generator<[string, Node]> {
  if (node.type === "object") yield [where, node];
  for (const [name, child] of Object.entries(node.properties ?? {}))
    yield* objects(child, `${where}/${name}`);
}

function* properties(node: Node, where = "#"): Generator<[string, Node]> {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    yield [`${where}/${name}`, child];
    yield* properties(child, `${where}/${name}`);
  }
}

describe("schemas/campaign.schema.json", () => {
  it("names its dialect and identity", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(typeof schema.$id).toBe("string");
    expect(String(schema.description)).toMatch(/2027-02-30/);
  });

  it("gives every property a description and an example", () => {
    for (const [where, node] of properties(schema)) {
      expect(node.description, where).toMatch(/\S/);
      expect(node.examples?.length, where).toBeGreaterThan(0);
    }
  });

  it("allows no unknown keys anywhere", () => {
    const found = [...objects(schema)];
    expect(found.map(([where]) => where)).toEqual(["#", "#/parameters"]);
    for (const [where, node] of found) expect(node.additionalProperties, where).toBe(false);
  });

  it("covers exactly the campaign model's fields, its membership keys and dialers", () => {
    // agents and agents_policy (issue 13) are declared beside the PUT fields, never in the body.
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(
      ["id", ...FIELD_ORDER, "agents", "agents_policy"].sort(),
    );
    expect(schema.properties?.agents_policy?.enum).toEqual([...AGENTS_POLICIES]);
    expect(schema.properties?.dialer?.enum).toEqual([...DIALERS]);
    expect(Object.keys(schema.properties?.parameters?.properties ?? {}).sort()).toEqual([
      "caller_id",
      "predictive_max_calls",
      "predictive_min_calls",
      "preview_timeout",
    ]);
  });

  it("accepts its own examples, and every property example", () => {
    for (const example of (schema.examples ?? []) as unknown[])
      expect(schemaErrors(example)).toEqual([]);
    for (const [where, node] of properties(schema)) {
      const name = where.split("/").pop() as string;
      for (const example of node.examples ?? []) {
        const campaign = where.startsWith("#/parameters/")
          ? { id: "00001", parameters: { [name]: example } }
          : { id: "00001", [name]: example };
        if (name === "id") campaign.id = example as string;
        expect(schemaErrors(campaign), `${where} ${JSON.stringify(example)}`).toEqual([]);
      }
    }
  });

  it("compiles in a strict, independent ajv with the date format", () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addFormat("date", { type: "string", validate: isCalendarDate });
    const validate = ajv.compile(schema);
    expect(validate({ id: "00001", end_date: "2027-02-29" })).toBe(false);
    expect(validate({ id: "00001", end_date: "2028-02-29" })).toBe(true);
  });

  it("is the schema the validator uses", () => {
    expect(campaignSchema()).toEqual(schema);
  });
});
