/**
 * Bad-input corpus, part 1: campaign files, state files and saved plans, each given to the
 * built CLI. Every case: exit 1, a clear one-paragraph message, no stack trace, no request
 * sent, no file written or changed (see helpers/corpus.ts).
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sampleCampaign } from "../helpers/workspace.js";
import { type Case, defaultEnv, runCase } from "./helpers/corpus.js";

type Setup = NonNullable<Case["setup"]>;

const LINEAGE = "0b7e2a8c-3f4d-4e5a-9b6c-7d8e9f0a1b2c";
const STATE = ".thulium/state.json";

/** A valid state file's text, with `patch` applied to its top level. */
function stateText(patch: Record<string, unknown> = {}, target = "TARGET"): string {
  return `${JSON.stringify(
    {
      version: 1,
      lineage: LINEAGE,
      serial: 3,
      target,
      campaigns: {
        "00001": { fields: { name: "Stara nazwa" }, source: "campaigns/c00001.yaml" },
      },
      ...patch,
    },
    null,
    2,
  )}\n`;
}

/** Writes a state file for the case's server (the target must match to get further). */
function withState(text: (target: string) => string): Setup {
  return async (workspace, server) => {
    await workspace.writeFile(STATE, text(server.url));
  };
}

/** Saves a real plan with `plan --out plan.json`, then lets the case damage something. */
function withSavedPlan(damage: (planFile: string, workspaceDir: string) => Promise<void>): Setup {
  return async (workspace, server) => {
    const saved = await runCli(["plan", "--out", "plan.json"], {
      cwd: workspace.dir,
      env: defaultEnv(server),
    });
    expect(saved.code, saved.stderr).toBe(0);
    await damage(path.join(workspace.dir, "plan.json"), workspace.dir);
  };
}

async function editJson(file: string, edit: (value: Record<string, unknown>) => void) {
  const value = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value));
}

const INVALID_FILES = /Campaign files are invalid; nothing was sent/;

const campaignFiles: Case[] = [
  { name: "YAML syntax error", fixtures: ["syntax-unclosed-quote.yaml"], stderr: INVALID_FILES },
  {
    name: "unquoted id read as a number",
    fixtures: ["id-unquoted.yaml"],
    stderr: /id-unquoted\.yaml:\d+:\d+ error \/id: .*quote it/,
  },
  { name: "unknown field (typo)", fixtures: ["unknown-field-typo.yaml"], stderr: INVALID_FILES },
  {
    name: "dialer not allowed",
    fixtures: ["dialer-not-allowed.yaml"],
    stderr: /must be one of predictive, progressive, preview/,
  },
  {
    name: "end_date before start_date",
    fixtures: ["end-before-start.yaml"],
    stderr: INVALID_FILES,
  },
  {
    name: "impossible calendar date",
    fixtures: ["start-date-impossible.yaml"],
    stderr: INVALID_FILES,
  },
  { name: "Windows-1250 file", fixtures: ["not-utf8-windows-1250.yaml"], stderr: /UTF-8/ },
  { name: "UTF-16 file", fixtures: ["utf16.yaml"], stderr: /UTF-8|UTF-16/ },
  { name: "campaigns as a YAML list", fixtures: ["list-of-campaigns.yaml"], stderr: INVALID_FILES },
  { name: "tab indentation", fixtures: ["tab-indent.yaml"], stderr: INVALID_FILES },
  { name: "alias bomb", fixtures: ["alias-bomb.yaml"], stderr: INVALID_FILES },
  { name: "binary with NUL bytes", fixtures: ["binary-nul.yaml"], stderr: INVALID_FILES },
  {
    name: "the same id declared in two files",
    files: { "campaigns/other.yaml": `id: "00001"\nname: Duplikat\n` },
    stderr: /00001/,
  },
  {
    name: "error in the second document of a file",
    fixtures: ["second-document-error.yaml"],
    stderr: INVALID_FILES,
  },
  {
    name: "--dir that does not exist",
    args: ["apply", "--auto-approve", "--dir", "no-such-folder"],
    stderr: /no-such-folder/,
  },
  {
    name: "plan with an invalid campaign file",
    args: ["plan"],
    fixtures: ["order-zero.yaml"],
    stderr: INVALID_FILES,
  },
];

const stateFiles: Case[] = [
  {
    name: "truncated state",
    setup: withState((t) => stateText({}, t).slice(0, 60)),
    stderr: /State file .*state\.json is not valid JSON: .* at line \d+, column \d+.*backup/,
  },
  {
    name: "empty state",
    setup: withState(() => ""),
    stderr: /is empty \(it may have been truncated\)/,
  },
  {
    name: "state of an unknown version",
    setup: withState((t) => stateText({ version: 2 }, t)),
    stderr: /cannot be read: .*version/,
  },
  {
    name: "state that is a JSON array",
    setup: withState(() => "[]\n"),
    stderr: /top level must be a JSON object/,
  },
  {
    name: "hand-edited serial as a string",
    setup: withState((t) => stateText({ serial: "4" }, t)),
    stderr: /"serial".*non-negative whole number/,
  },
  {
    name: "hand-edited campaign id without its zeros",
    setup: withState((t) =>
      stateText({ campaigns: { "1": { fields: { name: "A" }, source: "campaigns/a.yaml" } } }, t),
    ),
    stderr: /campaigns\["1"\].*five digits/,
  },
  {
    name: "hand-edited entry with an unknown key",
    setup: withState((t) =>
      stateText(
        { campaigns: { "00001": { fields: { name: "A" }, source: "a.yaml", note: "x" } } },
        t,
      ),
    ),
    stderr: /campaigns\["00001"\]/,
  },
  {
    name: "state with a merge conflict left in it",
    setup: withState(
      (t) =>
        `<<<<<<< HEAD\n${stateText({}, t)}=======\n${stateText({ serial: 4 }, t)}>>>>>>> main\n`,
    ),
    stderr: /is not valid JSON/,
  },
  {
    name: "state path is a folder",
    setup: async (workspace) => {
      await workspace.writeFile(`${STATE}/keep`, "");
    },
    stderr: /Cannot read state file .*state\.json/,
  },
  {
    name: "state recorded for another Thulium system",
    setup: withState(() => stateText({}, "https://other.thulium.com/api")),
    stderr: /other\.thulium\.com/,
  },
  {
    name: "plan with a truncated state",
    args: ["plan", "--format", "json"],
    setup: withState((t) => stateText({}, t).slice(0, 40)),
    stderr: /is not valid JSON/,
  },
];

const savedPlans: Case[] = [
  {
    name: "saved plan that does not exist",
    args: ["apply", "missing.json", "--auto-approve"],
    stderr: /Cannot read the plan file .*missing\.json: no such file/,
  },
  {
    name: "saved plan that is not JSON",
    args: ["apply", "plan.json", "--auto-approve"],
    files: { "plan.json": "Plan: 2 to update\n" },
    stderr: /plan file .*plan\.json is not valid JSON/,
  },
  {
    name: "truncated saved plan",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: withSavedPlan(async (file) =>
      writeFile(file, (await readFile(file, "utf8")).slice(0, 200)),
    ),
    stderr: /is not valid JSON/,
  },
  {
    name: "saved plan of another format_version",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: withSavedPlan((file) =>
      editJson(file, (plan) => {
        plan.format_version = 2;
      }),
    ),
    stderr: /format_version 2; this thulium-campaigns reads format_version 1/,
  },
  {
    name: "saved plan with a hand-edited request body",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: withSavedPlan((file) =>
      editJson(file, (plan) => {
        const [first] = plan.changes as { request: { body: Record<string, unknown> } }[];
        if (first !== undefined) first.request.body.order = 1;
      }),
    ),
    stderr:
      /plan\.json does not match the plan .*change for campaign 00001 differs.*edited after plan --out/,
  },
  {
    name: "saved plan with a change dropped by hand",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: withSavedPlan((file) =>
      editJson(file, (plan) => {
        (plan.changes as unknown[]).pop();
        (plan.summary as { update: number }).update -= 1;
      }),
    ),
    stderr: /change for campaign 00002 differs.*edited after plan --out/,
  },
  {
    name: "saved plan made before the state changed",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: async (workspace, server) => {
      await withSavedPlan(async () => {})(workspace, server);
      await workspace.writeFile(STATE, stateText({ serial: 1 }, server.url));
    },
    stderr: /The plan is stale; run plan again: the state changed since \(serial 0 → 1\)/,
  },
  {
    name: "saved plan made before a campaign file changed",
    args: ["apply", "plan.json", "--auto-approve"],
    setup: async (workspace, server) => {
      await withSavedPlan(async () => {})(workspace, server);
      await workspace.writeCampaign(sampleCampaign(2, { name: "Zmieniona po planie" }));
    },
    stderr: /The plan is stale; run plan again: the campaign files changed since/,
  },
  {
    name: "saved plan with --only",
    args: ["apply", "plan.json", "--auto-approve", "--only", "00001"],
    setup: withSavedPlan(async () => {}),
    stderr: /--only and --prune belong to `plan --out`/,
  },
];

describe("bad input: campaign files", () => {
  it.each(campaignFiles.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad input: state files", () => {
  it.each(stateFiles.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad input: saved plans", () => {
  it.each(savedPlans.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
