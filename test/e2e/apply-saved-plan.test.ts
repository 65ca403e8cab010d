/**
 * `plan --out FILE` then `apply FILE`, end to end: a current plan applies exactly its
 * changes; a stale one (files changed, or the state written since) is refused unsent.
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { startTestSandbox, TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { type CampaignDoc, sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const STALE = /the plan is stale; run plan again/i;

async function setup(count = 4) {
  const campaigns = sampleCampaigns(count);
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups);
  const results: CliResult[] = [];
  const cli = async (args: string[], env = sb.env()) => {
    const result = await runCli(args, { cwd: ws.dir, env });
    results.push(result);
    return result;
  };
  const expectNoLeaks = async () =>
    expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  return { ws, sb, cli, campaigns, expectNoLeaks };
}

describe("apply PLANFILE (built CLI)", () => {
  it("applies a current saved plan, then the same plan is stale", async () => {
    const { ws, sb, cli, expectNoLeaks } = await setup();
    const saved = await cli(["plan", "--out", "plans/p.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const plan = JSON.parse(await readFile(path.join(ws.dir, "plans/p.json"), "utf8"));
    expect(plan.summary.update).toBe(4);
    expect(sb.requests).toEqual([]); // plan sends nothing

    const applied = await cli(["apply", "plans/p.json", "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(
      sb
        .puts(204)
        .map((r) => [r.campaignId, r.body])
        .sort(),
    ).toEqual(
      plan.changes.map((c: { id: string; request: { body: unknown } }) => [c.id, c.request.body]),
    );

    sb.clearRequests();
    const again = await cli(["apply", "plans/p.json", "--auto-approve"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(STALE);
    expect(again.stderr).toMatch(/the state changed since \(serial 0 → [1-9]\d*\)/);
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });

  it("refuses a plan whose campaign files changed since, sending nothing", async () => {
    const { ws, sb, cli, campaigns, expectNoLeaks } = await setup();
    expect((await cli(["apply", "--auto-approve"])).code).toBe(0);
    await ws.writeCampaign({ ...(campaigns[0] as CampaignDoc), order: 2 });
    expect((await cli(["plan", "--out", "p.json"])).code).toBe(0);
    await ws.writeCampaign({ ...(campaigns[1] as CampaignDoc), order: 3 });

    sb.clearRequests();
    const stateBefore = await ws.readState();
    const result = await cli(["apply", "p.json", "--auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(STALE);
    expect(result.stderr).toContain("the campaign files changed since");
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toEqual(stateBefore);
    await expectNoLeaks();
  });

  it("refuses a plan made before another apply wrote the state", async () => {
    const { ws, sb, cli, campaigns, expectNoLeaks } = await setup();
    expect((await cli(["apply", "--auto-approve"])).code).toBe(0);
    await ws.writeCampaign({ ...(campaigns[2] as CampaignDoc), name: "Plan A" });
    expect((await cli(["plan", "--out", "p.json"])).code).toBe(0);
    // Someone applies the same files in between.
    expect((await cli(["apply", "--auto-approve"])).code).toBe(0);

    sb.clearRequests();
    const result = await cli(["apply", "p.json", "--auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(STALE);
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });

  it("refuses a plan made for another THULIUM_URL", async () => {
    const { sb, cli, expectNoLeaks } = await setup(2);
    const other = await startTestSandbox();
    cleanups.push(() => other.close());
    expect((await cli(["plan", "--out", "p.json"], other.env())).code).toBe(0);
    const result = await cli(["apply", "p.json", "--auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`was made for ${other.url}, but this apply targets ${sb.url}`);
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });
});
