/**
 * Saved plans are checked against schemas/saved-plan.schema.json (compiled at build time);
 * by hand only the rules that tie members together. The schema documents the format, so it
 * must accept what `plan --out` writes and name the same fields the code knows.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIALERS, FIELD_ORDER } from "../../src/core/campaign.js";
import { CAMPAIGN_ID_PATTERN } from "../../src/core/campaign-id.js";
import { CHANGE_ACTIONS, SUMMARY_KEYS } from "../../src/core/plan.js";
import { PlanFileError } from "../../src/errors.js";
import { readPlanFile, type SavedPlan, writePlanFile } from "../../src/io/plan-file/index.js";
import { PARAMETER_KEYS } from "../../src/sandbox/validate.js";

const SCHEMA = new URL("../../schemas/saved-plan.schema.json", import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "saved-plan-schema-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A saved plan with one change of each kind, one of them adding and removing agents. */
function savedPlan(): SavedPlan {
  return {
    format_version: 1,
    summary: { update: 2, unchanged: 1, forget: 1, deactivate: 1 },
    changes: [
      {
        id: "00001",
        action: "update",
        source: "campaigns/a.yaml",
        name: "Sprzedaż",
        firstApply: true,
        fields: [
          {
            path: "order",
            before: null,
            after: 10,
            origin: { file: "campaigns/_defaults.yaml", line: 2 },
          },
        ],
        operations: [{ kind: "put", body: { name: "Sprzedaż", order: 10 } }],
      },
      {
        id: "00002",
        action: "update",
        source: "campaigns/b.yaml",
        fields: [{ path: "parameters.caller_id", before: "1", after: "2" }],
        operations: [
          { kind: "put", body: { parameters: { caller_id: "2" } } },
          { kind: "add_agents", logins: ["anowak"] },
          { kind: "remove_agents", logins: ["jkowalski"] },
        ],
      },
      { id: "00003", action: "forget", source: "campaigns/c.yaml", fields: [], operations: [] },
      {
        id: "00004",
        action: "deactivate",
        source: "campaigns/d.yaml",
        fields: [{ path: "active", before: true, after: false, unmanaged: true }],
        operations: [{ kind: "put", body: { name: "D", active: false } }],
      },
    ],
    lineage: "0b6b4f5e-8a43-4c36-9d3b-5f1f3f0f2a11",
    serial: 3,
    declared_sha256: "a".repeat(64),
    live_sha256: "b".repeat(64),
    options: { only: [], prune: true, refresh: true },
    target: "sandbox",
    created_at: "2027-01-01T00:00:00.000Z",
  };
}

/** Writes the plan, lets `edit` change its JSON, and returns the file. */
async function tampered(
  // biome-ignore lint/suspicious/noExplicitAny: the test edits parsed JSON on purpose
  edit: (raw: Record<string, any>) => void,
): Promise<string> {
  const file = path.join(dir, "plan.json");
  await writePlanFile(file, savedPlan());
  const raw = JSON.parse(await readFile(file, "utf8"));
  edit(raw);
  await writeFile(file, JSON.stringify(raw));
  return file;
}

describe("schemas/saved-plan.schema.json", () => {
  it("documents every top-level key, and a plan plan --out writes matches it", async () => {
    const schema = JSON.parse(await readFile(SCHEMA, "utf8"));
    for (const [key, member] of Object.entries(schema.properties))
      expect((member as { description?: string }).description, key).toMatch(/\w/);
    const file = path.join(dir, "plan.json");
    await writePlanFile(file, savedPlan());
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(JSON.parse(await readFile(file, "utf8"))), "written plan").toBe(true);
    expect(await readPlanFile(file)).toEqual(savedPlan());
  });

  it("names the ids, actions, summary keys, fields and parameters the code knows", async () => {
    const schema = JSON.parse(await readFile(SCHEMA, "utf8"));
    const { change, body } = schema.definitions;
    expect(change.properties.id.pattern).toBe(CAMPAIGN_ID_PATTERN);
    expect(change.properties.action.enum).toEqual([...CHANGE_ACTIONS]);
    expect(Object.keys(schema.properties.summary.properties)).toEqual([...SUMMARY_KEYS]);
    expect(Object.keys(body.properties).sort()).toEqual([...FIELD_ORDER].sort());
    expect(body.properties.dialer.enum).toEqual([...DIALERS]);
    expect(Object.keys(body.properties.parameters.properties)).toEqual([...PARAMETER_KEYS]);
  });

  // biome-ignore lint/suspicious/noExplicitAny: the test edits parsed JSON on purpose
  const wrongTypes: [string, (raw: Record<string, any>) => void, string][] = [
    [
      "options.prune as text",
      (raw) => (raw.options.prune = "yes"),
      "options.prune must be true or false",
    ],
    ["serial as text", (raw) => (raw.serial = "3"), "serial must be a whole number"],
    [
      "an origin's line as text",
      (raw) => (raw.changes[0].fields[0].origin.line = "2"),
      "changes[0].fields[0].origin.line must be a whole number",
    ],
    [
      "a login that is a number",
      (raw) => (raw.changes[1].requests[1].body.logins[0] = 7),
      "changes[1].requests[1].body.logins[0] must be a string",
    ],
    [
      "a field change without after",
      (raw) => delete raw.changes[3].fields[0].after,
      "changes[3].fields[0] must have before and after",
    ],
    [
      "an empty list of logins",
      (raw) => (raw.changes[1].requests[2].body.logins = []),
      "changes[1].requests[2].body.logins must not be empty",
    ],
  ];
  it.each(wrongTypes)("refuses %s, naming the field", async (_what, edit, message) => {
    const file = await tampered(edit);
    await expect(readPlanFile(file)).rejects.toThrow(
      new PlanFileError(
        `The plan file ${file} is not a valid saved plan: ${message}. Save plans with plan --out FILE.`,
      ),
    );
  });

  it("names the first problem from the top of the file when there are several", async () => {
    const file = await tampered((raw) => {
      raw.created_at = 1;
      raw.changes[2].source = 2;
      raw.summary.forget = -1;
    });
    await expect(readPlanFile(file)).rejects.toThrow("summary.forget must not be negative.");
  });

  // The hand-written check read `request` only when `requests` was absent, so beside
  // `requests` it could hold anything; what a reviewer reads there must be a PUT at least.
  it("refuses a change with requests whose request is not a PUT", async () => {
    const file = await tampered((raw) => {
      raw.changes[1].request = { method: "DELETE", path: "/outbounds/00002", body: {} };
    });
    await expect(readPlanFile(file)).rejects.toThrow(
      'is not a valid saved plan: changes[1].request.method must be "PUT".',
    );
  });

  it("keeps the cross-field rules: a forget sends nothing, requests only for update", async () => {
    const forget = await tampered((raw) => {
      raw.changes[2].request = { method: "PUT", path: "/outbounds/00003", body: { order: "x" } };
    });
    await expect(readPlanFile(forget)).rejects.toThrow(
      "changes[2].request must be null for forget.",
    );
    const requests = await tampered((raw) => {
      raw.changes[3].requests = [raw.changes[3].request];
    });
    await expect(readPlanFile(requests)).rejects.toThrow("changes[3].requests is only for update.");
  });
});
