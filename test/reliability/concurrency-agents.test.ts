/**
 * Concurrency with agent requests (issue 13, item 8): three applies started at once on one
 * state file, campaigns declaring agents. The lock lets one apply at a time: each run either
 * applies (or finds nothing left) or fails naming the lock, and across all of them every
 * campaign gets exactly one add_agents; the state records the declared logins.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readState } from "../../src/io/state/index.js";
import { spawnCli } from "../helpers/cli.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("concurrent applies with agents", () => {
  it("one at a time: each campaign gets one add_agents in all, the state records them", async () => {
    const campaigns = sampleCampaigns(6).map((c) => ({ ...c, agents: ["anowak", "kwojcik"] }));
    const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, {
      faults: { latencyMs: 20 },
    });
    const runs = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          spawnCli(["apply", "--auto-approve", "--concurrency", "2"], {
            cwd: ws.dir,
            env: sb.env(),
            timeoutMs: 30_000,
          }).done,
      ),
    );
    for (const run of runs) {
      if (run.code === 0) continue;
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain("is locked by apply");
    }
    expect(runs.filter((run) => run.stdout.includes("Apply complete!"))).toHaveLength(1);
    const adds = sb.requests
      .filter((r) => r.path.endsWith("/add_agents"))
      .map((r) => r.campaignId)
      .sort();
    expect(adds).toEqual(campaigns.map((c) => c.id));
    const state = await readState(ws.stateFile);
    for (const c of campaigns) expect(state.campaigns[c.id]?.agents).toEqual(["anowak", "kwojcik"]);
  }, 60_000);
});
