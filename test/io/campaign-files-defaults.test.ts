/** `_defaults.yaml` files through the campaign-file loader (issue 14 item 1). */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";

const TODAY = "2026-06-15";
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "campaign-defaults-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `files` (paths under `campaigns/`) and loads the folder. */
async function load(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, "campaigns", name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return loadCampaignFiles("campaigns", { cwd: dir, today: TODAY });
}

const shown = (issues: { file: string; line: number; column: number; message: string }[]) =>
  issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`);

describe("layered defaults", () => {
  it("fill what a campaign leaves out; the nearest folder wins; the campaign's own value wins over all", async () => {
    const result = await load({
      "_defaults.yaml": "group_id: 15\norder: 10\nparity: 40\n",
      "sales/_defaults.yaml": "order: 20\nparity: 60\n",
      "sales/a.yaml": 'id: "00001"\nname: A\nparity: 70\n',
      "b.yaml": 'id: "00002"\nname: B\n',
    });
    expect(result.issues).toEqual([]);
    expect(result.files).toBe(2); // defaults files are not campaign files
    const [a, b] = result.campaigns;
    expect(a?.fields).toEqual({ name: "A", order: 20, parity: 70, group_id: 15 });
    expect(a?.origins).toEqual({
      order: { file: "campaigns/sales/_defaults.yaml", line: 1 },
      group_id: { file: "campaigns/_defaults.yaml", line: 1 },
    });
    expect(b?.fields).toEqual({ name: "B", order: 10, parity: 40, group_id: 15 });
    expect(b?.origins).toEqual({
      group_id: { file: "campaigns/_defaults.yaml", line: 1 },
      order: { file: "campaigns/_defaults.yaml", line: 2 },
      parity: { file: "campaigns/_defaults.yaml", line: 3 },
    });
  });

  it("merge parameters key by key, across folders and with the campaign's own", async () => {
    const result = await load({
      "_defaults.yaml": 'parameters:\n  caller_id: "111"\n  preview_timeout: 30\n',
      "x/_defaults.yaml": 'parameters:\n  caller_id: "222"\n',
      "x/a.yaml": 'id: "00001"\ndialer: preview\nparameters:\n  preview_timeout: 45\n',
    });
    expect(result.issues).toEqual([]);
    expect(result.campaigns[0]?.fields.parameters).toEqual({
      caller_id: "222",
      preview_timeout: 45,
    });
    expect(result.campaigns[0]?.origins).toEqual({
      "parameters.caller_id": { file: "campaigns/x/_defaults.yaml", line: 2 },
    });
  });

  it("replace an agents list whole (never merged), and inherit agents_policy", async () => {
    const result = await load({
      "_defaults.yaml": "agents: [anowak, jkowalski]\nagents_policy: exact\n",
      "a.yaml": 'id: "00001"\nagents: [pzielinski]\n',
      "b.yaml": 'id: "00002"\nagents_policy: owned\n',
      "c.yaml": 'id: "00003"\nagents: []\n',
    });
    expect(result.issues).toEqual([]);
    const [a, b, c] = result.campaigns;
    expect(a?.agents).toEqual({ logins: ["pzielinski"], policy: "exact" });
    expect(a?.origins).toEqual({ agents_policy: { file: "campaigns/_defaults.yaml", line: 2 } });
    // Its own policy applies to the inherited list; no "has no effect without agents" warning.
    expect(b?.agents).toEqual({ logins: ["anowak", "jkowalski"], policy: "owned" });
    expect(b?.origins).toEqual({ agents: { file: "campaigns/_defaults.yaml", line: 1 } });
    expect(c?.agents).toEqual({ logins: [], policy: "exact" });
  });

  it("apply only to campaigns in their folder and below", async () => {
    const result = await load({
      "sales/_defaults.yaml": "group_id: 15\n",
      "sales/a.yaml": 'id: "00001"\n',
      "support/b.yaml": 'id: "00002"\n',
    });
    expect(result.campaigns.map((c) => c.fields)).toEqual([{ group_id: 15 }, {}]);
    expect(result.campaigns[1]).not.toHaveProperty("origins");
  });

  it("change nothing when the file is empty or only comments (init writes such a file)", async () => {
    const result = await load({
      "_defaults.yaml": "# shared values\n# group_id: 15\n",
      "a.yaml": 'id: "00001"\nname: A\n',
    });
    expect(result.issues).toEqual([]);
    expect(result.campaigns[0]).toEqual({
      id: "00001",
      fields: { name: "A" },
      location: { file: "campaigns/a.yaml", line: 1, column: 1 },
    });
  });

  it("report an error in a defaults file at its line, like a campaign file's", async () => {
    const result = await load({
      "_defaults.yaml": "# shared\ndialer: predictve\nparameters:\n  caller_id: 48221234567\n",
      "a.yaml": 'id: "00001"\n',
    });
    expect(shown(result.issues)).toEqual([
      'campaigns/_defaults.yaml:2:9 must be one of predictive, progressive, preview; did you mean "predictive"?',
      'campaigns/_defaults.yaml:4:14 48221234567 was read by YAML as the number 48221234567; quote it: caller_id: "48221234567"',
    ]);
    expect(result.campaigns).toEqual([]);
  });

  it("refuse an id in a defaults file at its line", async () => {
    const result = await load({
      "_defaults.yaml": 'group_id: 1\nid: "00001"\n',
      "a.yaml": 'id: "00002"\n',
    });
    expect(shown(result.issues)).toEqual([
      "campaigns/_defaults.yaml:2:1 a defaults file has no id: its fields apply to every campaign in its folder and below; declare a campaign, with its id, in a file of its own",
    ]);
  });

  it("refuse a second document in a defaults file", async () => {
    const result = await load({
      "_defaults.yaml": "group_id: 1\n---\norder: 2\n",
      "a.yaml": 'id: "00002"\n',
    });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: "campaigns/_defaults.yaml", line: 3 });
    expect(result.issues[0]?.message).toMatch(/^a defaults file holds one YAML document/);
  });

  it("point a rule broken by an inherited value at the defaults file, naming the campaign", async () => {
    const result = await load({
      "sales/_defaults.yaml": "dialer: predictive\nparameters:\n  predictive_min_calls: 3\n",
      "sales/a.yaml": 'id: "00001"\nparameters:\n  predictive_max_calls: 2\n',
    });
    expect(shown(result.issues)).toEqual([
      "campaigns/sales/_defaults.yaml:3:25 predictive_min_calls (3) is above predictive_max_calls (2); campaign 00001 (campaigns/sales/a.yaml) inherits this value from here: set it in the campaign's file, or change this default",
    ]);
    expect(result.campaigns).toEqual([]);
  });

  it("keep a rule broken by the campaign's own value at the campaign's file", async () => {
    const result = await load({
      "_defaults.yaml": 'start_date: "2027-05-01"\n',
      "a.yaml": 'id: "00001"\nend_date: "2027-04-01"\n',
    });
    expect(shown(result.issues)).toEqual([
      "campaigns/a.yaml:2:11 end_date 2027-04-01 is before start_date 2027-05-01",
    ]);
  });
});
