/**
 * The state file is checked against schemas/state.schema.json, which documents the format
 * for users; the messages still name each problem as a person fixing a hand-edit needs.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CAMPAIGN_ID_PATTERN } from "../../src/core/campaign-id.js";
import { emptyState } from "../../src/core/state.js";
import { readState, writeState } from "../../src/io/state/index.js";

const SCHEMA = fileURLToSchema();
function fileURLToSchema(): string {
  return new URL("../../schemas/state.schema.json", import.meta.url).pathname;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thulium-state-schema-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LINEAGE = "8f6c2e0a-3b1d-4e7f-9a52-1c0d6e4b7a93";

async function stateFile(document: unknown): Promise<string> {
  const file = path.join(dir, "state.json");
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

describe("schemas/state.schema.json", () => {
  it("documents every key, and a state the tool writes matches it", async () => {
    const schema = JSON.parse(await readFile(SCHEMA, "utf8"));
    for (const [key, member] of Object.entries(schema.properties))
      expect((member as { description?: string }).description, key).toMatch(/\w/);
    expect(schema.properties.campaigns.propertyNames.pattern).toBe(CAMPAIGN_ID_PATTERN);
    const validate = new Ajv({ strict: true }).compile(schema);
    const file = path.join(dir, "state.json");
    const state = emptyState();
    state.campaigns["00001"] = { fields: { name: "New" }, source: "campaigns/a.yaml" };
    await writeState(file, state);
    expect(validate(JSON.parse(await readFile(file, "utf8"))), "written state").toBe(true);
    for (const example of schema.examples) expect(validate(example)).toBe(true);
  });

  it("a campaign's optional agents list (logins the tool manages) is read", async () => {
    const file = await stateFile({
      version: 1,
      lineage: LINEAGE,
      serial: 1,
      target: "sandbox",
      campaigns: {
        "00001": { fields: { name: "A" }, source: "a.yaml", agents: ["anna", "jan"] },
      },
    });
    const state = await readState(file);
    expect(Object.keys(state.campaigns)).toEqual(["00001"]);
  });

  it("every problem is named, in the file's order, as before", async () => {
    const file = await stateFile({
      version: 1,
      extra: true,
      lineage: "not-a-uuid",
      serial: -1,
      target: 5,
      campaigns: {
        "1": { fields: [], source: 3, other: 1 },
        "00002": { fields: {}, source: "b.yaml", agents: "anna" },
        "00003": "text",
      },
    });
    await expect(readState(file)).rejects.toThrow(
      `State file ${file} is not a valid state file: unexpected key "extra"; "lineage" must be a UUID string, not "not-a-uuid"; "serial" must be a non-negative whole number, not -1; "target" must be a URL string or null, not 5; campaigns["1"]: a campaign id must be five digits as a string, e.g. "00042"; campaigns["1"]: unexpected key "other"; campaigns["1"].fields must be an object of applied fields, not an array; campaigns["1"].source must be the campaign file's path (a string), not 3; campaigns["00002"].agents must be a list of distinct agent logins, not "anna"; campaigns["00003"] must be an object with "fields" and "source", not "text"`,
    );
  });

  it("missing members are named as missing", async () => {
    const file = await stateFile({ version: 1, campaigns: { "00001": {} } });
    await expect(readState(file)).rejects.toThrow(
      `is not a valid state file: "lineage" is missing (must be a UUID string); "serial" is missing (must be a non-negative whole number); "target" is missing (must be a URL string or null); campaigns["00001"].fields is missing (must be an object of applied fields); campaigns["00001"].source is missing (must be the campaign file's path (a string))`,
    );
  });
});
