/** `agents` and `agents_policy` through the campaign-file loader (issue 13 item 1). */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AGENT_LOGIN } from "../../src/core/agents.js";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { campaignSchema } from "../../src/schema/validator.js";

const TODAY = "2026-06-15";
const repo = new URL("../../", import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "campaign-agents-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(text: string) {
  await writeFile(path.join(dir, "c.yaml"), text);
  return loadCampaignFiles(dir, { cwd: dir, today: TODAY });
}

const shown = (issues: { line: number; column: number; path: string; message: string }[]) =>
  issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);

describe("agents in campaign files", () => {
  it("are carried apart from the PUT fields, sorted, with the default policy owned", async () => {
    const result = await load('id: "00001"\nname: A\nagents:\n  - jkowalski\n  - anowak\n');
    expect(result.issues).toEqual([]);
    expect(result.campaigns[0]?.fields).toEqual({ name: "A" });
    expect(result.campaigns[0]?.agents).toEqual({
      logins: ["anowak", "jkowalski"],
      policy: "owned",
    });
  });

  it("take agents_policy exact, and an empty list", async () => {
    const result = await load('id: "00001"\nagents: []\nagents_policy: exact\n');
    expect(result.issues).toEqual([]);
    expect(result.campaigns[0]?.fields).toEqual({});
    expect(result.campaigns[0]?.agents).toEqual({ logins: [], policy: "exact" });
  });

  it("leave membership unmanaged when the key is absent", async () => {
    const result = await load('id: "00001"\nname: A\n');
    expect(result.campaigns[0]).not.toHaveProperty("agents");
  });

  it("report a login listed twice at the second listing, naming the first one's line", async () => {
    const result = await load(
      'id: "00001"\nagents:\n  - anowak\n  - jkowalski\n  - anowak\n  - jkowalski\n',
    );
    expect(result.campaigns).toEqual([]);
    expect(shown(result.issues)).toEqual([
      '5:5 /agents/2: login "anowak" is already listed at line 3; list each login once',
      '6:5 /agents/3: login "jkowalski" is already listed at line 4; list each login once',
    ]);
  });

  it("report a repeat in a flow list at its column", async () => {
    const result = await load('id: "00001"\nagents: [anowak, anowak]\n');
    expect(shown(result.issues)).toEqual([
      '2:18 /agents/1: login "anowak" is already listed at line 2; list each login once',
    ]);
  });

  it("refuse a login of the wrong form, a number, a non-list and an unknown policy", async () => {
    const result = await load(
      'id: "00001"\nagents:\n  - "a nowak"\n  - 1234\nagents_policy: Exact\n---\nid: "00002"\nagents: anowak\n',
    );
    expect(result.campaigns).toEqual([]);
    expect(shown(result.issues)).toEqual([
      '3:5 /agents/0: must be a Thulium agent login (letters, digits and . _ - @, starting with a letter or digit, at most 64 characters), such as "jkowalski", not "a nowak"',
      '4:5 /agents/1: must be a login written as text, not the number 1234; quote it: "1234"',
      '5:16 /agents_policy: must be one of owned, exact; did you mean "exact"? (values are lower case)',
      '8:9 /agents: must be a list of agent logins, such as [anowak, jkowalski] (or one "- login" per line), not the text "anowak"',
    ]);
  });

  it("warn that agents_policy alone has no effect", async () => {
    const result = await load('id: "00001"\nagents_policy: exact\n');
    expect(result.campaigns).toHaveLength(1);
    expect(result.campaigns[0]).not.toHaveProperty("agents");
    expect(result.issues.map((i) => [i.severity, i.line, i.path])).toEqual([
      ["warning", 2, "/agents_policy"],
    ]);
    expect(result.issues[0]?.message).toMatch(/has no effect without agents/);
  });

  it("suggest agents for a misspelt key", async () => {
    const result = await load('id: "00001"\nagnets: [anowak]\n');
    expect(result.issues[0]?.message).toMatch(/did you mean "agents"\?/);
  });

  it("use the schema's login pattern", () => {
    const items = (campaignSchema().properties.agents as { items: { pattern: string } }).items;
    expect(items.pattern).toBe(AGENT_LOGIN.source);
  });

  it("are declared by two of the example campaigns, which stay valid", async () => {
    const result = await loadCampaignFiles("campaigns", { cwd: repo, today: TODAY });
    expect(result.issues).toEqual([]);
    expect(result.campaigns.filter((c) => c.agents !== undefined).length).toBe(2);
  });
});
