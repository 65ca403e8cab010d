/**
 * Agents as code, the done-when of issue 13, in-process against the sandbox: 50 campaigns
 * declare agents → apply sends exactly one add_agents per campaign → a rerun sends nothing →
 * one login removed from 5 campaigns → exactly 5 remove_agents → an agent added as in the
 * panel survives under owned and is removed under exact → an owned agent removed as in the
 * panel shows in drift and `apply --refresh` adds it back.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { type CampaignDoc, sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type StateWithAgents = { campaigns: Record<string, { agents?: string[] }> };
const APPLY = ["apply", "--auto-approve"];
const TEAM = ["anowak", "jkowalski"];

async function setup(campaigns: CampaignDoc[]) {
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups);
  const results: Awaited<ReturnType<typeof runCli>>[] = [];
  const run = async (...args: string[]) => {
    const result = await runCli(args, { cwd: ws.dir, env: sb.env() });
    results.push(result);
    return result;
  };
  /** The agents calls answered since the last clear, as `kind id logins`. */
  const agentCalls = () =>
    sb.requests
      .filter((r) => r.method === "POST" && /_agents$/.test(r.path))
      .map((r) => {
        const kind = r.path.endsWith("/add_agents") ? "add" : "remove";
        return `${kind} ${r.campaignId} ${(r.body as { logins: string[] }).logins.join(",")}`;
      });
  return { ws, sb, run, agentCalls, results };
}

describe("agents as code against the sandbox (issue 13, done when)", () => {
  it("adds once, reruns clean, removes from 5, keeps or removes panel members by policy, repairs drift", async () => {
    const campaigns = sampleCampaigns(50).map((c) => ({ ...c, agents: TEAM }));
    const { ws, sb, run, agentCalls, results } = await setup(campaigns);

    // 50 campaigns declare agents: one PUT and one add_agents per campaign.
    const first = await run(...APPLY);
    expect(first.code, first.stderr).toBe(0);
    expect(agentCalls().sort()).toEqual(
      campaigns.map((c) => `add ${c.id} anowak,jkowalski`).sort(),
    );
    expect(sb.requests.filter((r) => r.method === "PUT")).toHaveLength(50);
    expect(sb.store.agents.members("00007")).toEqual(TEAM);
    const state = (await ws.readState()) as unknown as StateWithAgents;
    expect(state.campaigns["00007"]?.agents).toEqual(TEAM);

    // A rerun sends nothing.
    sb.clearRequests();
    const rerun = await run(...APPLY);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(sb.requests).toEqual([]);

    // One login dropped from 5 campaigns: exactly 5 remove_agents, no PUT.
    const five = campaigns.slice(0, 5);
    for (const c of five) await ws.writeCampaign({ ...c, agents: ["anowak"] });
    const planned = await run("plan");
    expect(planned.stdout).toContain("agents: \u2212 jkowalski");
    sb.clearRequests();
    const removal = await run(...APPLY);
    expect(removal.code, removal.stderr).toBe(0);
    expect(agentCalls().sort()).toEqual(five.map((c) => `remove ${c.id} jkowalski`));
    expect(sb.requests.filter((r) => r.method === "PUT")).toEqual([]);
    expect(sb.store.agents.members("00001")).toEqual(["anowak"]);

    // An agent added as in the panel survives under owned ...
    sb.store.agents.set("00001", ["kwojcik"], true);
    sb.clearRequests();
    const owned = await run(...APPLY, "--refresh");
    expect(owned.code, owned.stderr).toBe(0);
    expect(agentCalls()).toEqual([]);
    expect(sb.store.agents.members("00001")).toEqual(["anowak", "kwojcik"]);
    // ... and is removed under exact (apply reads membership under the lock).
    await ws.writeCampaign({
      ...(campaigns[0] as CampaignDoc),
      agents: ["anowak"],
      agents_policy: "exact",
    });
    const unread = await run("plan");
    expect(unread.stdout).toContain(
      "removals of members the files do not declare are decided at apply time",
    );
    const refreshed = await run("plan", "--refresh");
    expect(refreshed.stdout).toContain("agents: \u2212 kwojcik");
    sb.clearRequests();
    const exact = await run(...APPLY);
    expect(exact.code, exact.stderr).toBe(0);
    expect(agentCalls()).toEqual(["remove 00001 kwojcik"]);
    expect(sb.store.agents.members("00001")).toEqual(["anowak"]);
    const after = (await ws.readState()) as unknown as StateWithAgents;
    expect(after.campaigns["00001"]).toMatchObject({
      agents: ["anowak"],
      agents_policy: "exact",
    });

    // An owned agent removed as in the panel: drift shows it, apply --refresh adds it back.
    sb.store.agents.set("00009", ["jkowalski"], false);
    const drift = await run("drift", "--format", "json");
    const drifted = JSON.parse(drift.stdout).drifted;
    expect(drifted).toEqual([
      expect.objectContaining({ id: "00009", agents: { missing: ["jkowalski"], unexpected: [] } }),
    ]);
    sb.clearRequests();
    const repair = await run(...APPLY, "--refresh");
    expect(repair.code, repair.stderr).toBe(0);
    expect(agentCalls()).toEqual(["add 00009 jkowalski"]);
    expect(sb.store.agents.members("00009")).toEqual(TEAM);
    const clean = await run("drift", "--format", "json");
    expect(JSON.parse(clean.stdout).drifted).toEqual([]);

    await expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  }, 60_000);
});

describe("agents: failures and saved plans", () => {
  it("an unknown login fails that campaign with Thulium's message; the others are applied and recorded", async () => {
    const campaigns = sampleCampaigns(3).map((c) => ({ ...c, agents: ["anowak"] }));
    const bad = { ...(campaigns[1] as CampaignDoc), agents: ["anowak", "nobody"] };
    const { ws, sb, run, agentCalls } = await setup([
      campaigns[0],
      bad,
      campaigns[2],
    ] as CampaignDoc[]);
    const result = await run(...APPLY);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /✗ 00002 .*Thulium says: Unknown agent login: nobody\. \(request_id \w+\)/,
    );
    expect(result.stdout).toMatch(/✓ 00001 .*agents: \+ anowak/);
    expect(agentCalls()).toHaveLength(3);
    expect(sb.store.agents.members("00001")).toEqual(["anowak"]);
    expect(sb.store.agents.members("00002")).toEqual([]);
    const state = (await ws.readState()) as unknown as StateWithAgents;
    expect(state.campaigns["00001"]?.agents).toEqual(["anowak"]);
    expect(state.campaigns["00003"]?.agents).toEqual(["anowak"]);
    // The PUT of 00002 went through and is recorded (membership managed, no login owned yet):
    // never ahead of Thulium.
    expect(state.campaigns["00002"]?.agents).toEqual([]);
  });

  it("plan --out then apply FILE sends the agents requests; dropping agents later is a state-only change", async () => {
    const campaigns = sampleCampaigns(2).map((c) => ({ ...c, agents: ["anowak"] }));
    const { ws, sb, run, agentCalls } = await setup(campaigns);
    const saved = await run("plan", "--out", "plan.json");
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await run("apply", "--auto-approve", "plan.json");
    expect(applied.code, applied.stderr).toBe(0);
    expect(agentCalls().sort()).toEqual(["add 00001 anowak", "add 00002 anowak"]);

    await ws.writeCampaign({ ...(campaigns[0] as CampaignDoc), agents: undefined });
    const planned = await run("plan", "--format", "json");
    const change = JSON.parse(planned.stdout).changes[0];
    expect(change).toMatchObject({ id: "00001", action: "update", request: null, fields: [] });
    expect((await run("plan")).stdout).toContain(
      "members stay in Thulium and the state forgets them",
    );
    sb.clearRequests();
    const dropped = await run(...APPLY);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(sb.requests).toEqual([]);
    const state = (await ws.readState()) as unknown as StateWithAgents;
    expect(state.campaigns["00001"]?.agents).toBeUndefined();
    expect(sb.store.agents.members("00001")).toEqual(["anowak"]);
  });
});
