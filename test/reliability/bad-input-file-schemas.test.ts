/**
 * Bad-input corpus: saved plans and sandbox data files that parse as JSON but do not match
 * their schemas (schemas/saved-plan.schema.json, schemas/sandbox-data.schema.json), given to
 * the CLI. Every case keeps the corpus's promises (helpers/corpus.ts): exit 1, one paragraph
 * naming the file and the field, no request, no file changed.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Case, defaultEnv, runCase } from "./helpers/corpus.js";

/** Saves a real plan with `plan --out plan.json`, then lets the case edit its JSON. */
function withSavedPlan(edit: (plan: Record<string, unknown>) => void): NonNullable<Case["setup"]> {
  return async (workspace, server) => {
    const saved = await runCli(["plan", "--out", "plan.json"], {
      cwd: workspace.dir,
      env: defaultEnv(server),
    });
    expect(saved.code, saved.stderr).toBe(0);
    const file = path.join(workspace.dir, "plan.json");
    const plan = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    edit(plan);
    await writeFile(file, JSON.stringify(plan));
  };
}

type Change = { fields: Record<string, unknown>[]; request: { body: Record<string, unknown> } };
const firstChange = (plan: Record<string, unknown>) => (plan.changes as Change[])[0] as Change;

const APPLY_PLAN = ["apply", "plan.json", "--auto-approve"];
const NOT_A_PLAN = /The plan file .*plan\.json is not a valid saved plan: /;

const savedPlans: Case[] = [
  {
    name: "saved plan whose options.prune is text",
    args: APPLY_PLAN,
    setup: withSavedPlan((plan) => {
      (plan.options as Record<string, unknown>).prune = "no";
    }),
    stderr: new RegExp(`${NOT_A_PLAN.source}options\\.prune must be true or false\\.`),
  },
  {
    name: "saved plan whose body sends a parameter of the wrong type",
    args: APPLY_PLAN,
    setup: withSavedPlan((plan) => {
      firstChange(plan).request.body.parameters = { preview_timeout: "30" };
    }),
    stderr: new RegExp(
      `${NOT_A_PLAN.source}changes\\[0\\]\\.request\\.body\\.parameters\\.preview_timeout must be a number\\.`,
    ),
  },
  {
    name: "saved plan with a field change that lost its before",
    args: APPLY_PLAN,
    setup: withSavedPlan((plan) => {
      delete firstChange(plan).fields[0]?.before;
    }),
    stderr: new RegExp(
      `${NOT_A_PLAN.source}changes\\[0\\]\\.fields\\[0\\] must have before and after\\.`,
    ),
  },
  {
    name: "saved plan that is a JSON list",
    args: APPLY_PLAN,
    files: { "plan.json": "[1, 2]\n" },
    stderr: /The plan file .*plan\.json is not a saved plan: it is not a JSON object\./,
  },
];

const DATA = "data.json";
const CAMPAIGN = { id: "00001", active: true, start_date: "2027-01-01", order: 1, parity: 50 };
const data = (value: unknown) => ({ [DATA]: JSON.stringify(value) });
const SANDBOX = ["sandbox", "--port", "0", "--data", DATA];

const sandboxData: Case[] = [
  {
    name: "sandbox data that is null",
    args: SANDBOX,
    files: { [DATA]: "null\n" },
    stderr: /Sandbox data file .*data\.json is not a sandbox data file \(version 1\)\./,
  },
  {
    name: "sandbox data with a campaign's active as text",
    args: SANDBOX,
    files: data({ version: 1, campaigns: [{ ...CAMPAIGN, active: "yes" }] }),
    stderr:
      /Sandbox data file .*data\.json: campaigns\[0\]\.active must be true or false\. Correct it, or delete the file to start afresh\./,
  },
  {
    name: "sandbox data with a campaign listed twice",
    args: SANDBOX,
    files: data({ version: 1, campaigns: [CAMPAIGN, CAMPAIGN] }),
    stderr: /Sandbox data file .*data\.json: campaigns\[1\]\.id repeats 00001\./,
  },
  {
    name: "sandbox data with a member list that is not one",
    args: SANDBOX,
    files: data({ version: 1, campaigns: [CAMPAIGN], members: { "00001": [1] } }),
    stderr: /Sandbox data file .*data\.json: members\["00001"\] is not a list of logins\./,
  },
  {
    name: "sandbox edit on data with a parameter it does not know",
    args: ["sandbox", "edit", "00001", "order=5", "--data", DATA],
    files: data({ version: 1, campaigns: [{ ...CAMPAIGN, parameters: { callerid: "1" } }] }),
    stderr:
      /Sandbox data file .*data\.json: campaigns\[0\]\.parameters\.callerid is not a known field\./,
  },
  {
    name: "apply --sandbox on data with an id that is not five digits",
    args: ["apply", "--sandbox", "--auto-approve"],
    files: {
      ".thulium/sandbox/data.json": JSON.stringify({ version: 1, campaigns: [{ id: "1" }] }),
    },
    stderr: /Sandbox data file .*data\.json: campaigns\[0\]\.id must be a five-digit campaign id\./,
  },
];

describe("bad input: saved plans that do not match their schema", () => {
  it.each(savedPlans.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad input: sandbox data that does not match its schema", () => {
  it.each(sandboxData.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
