/**
 * Faults and secrets with agent requests (issue 13, item 8). Against a sandbox that fails,
 * rate-limits, drops and slows requests, `add_agents`/`remove_agents` are retried like PUT:
 * apply converges to the declared membership, the state records exactly the logins the
 * tool made members, and a further apply sends nothing. The password appears nowhere, also
 * when Thulium refuses an unknown login.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FaultOptions } from "../../src/sandbox/index.js";
import { runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { sampleCampaigns } from "../helpers/workspace.js";
import { settled } from "./helpers/accepted.js";

/** A deadline far above the latency, and slow answers 1.5 times it (each costs a deadline). */
const CLIENT_ENV = { THULIUM_TIMEOUT_MS: "500", THULIUM_RETRIES: "4", THULIUM_RETRY_BASE_MS: "5" };
const FLAKY: FaultOptions = {
  latencyMs: 2,
  failureRate: 0.3,
  rateLimitRate: 0.05,
  retryAfterSeconds: 0,
  dropRate: 0.05,
  slowRate: 0.05,
  slowMs: 750,
  seed: 13,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type StateWithAgents = { campaigns: Record<string, { agents?: string[] }> };

describe("agents against a faulty Thulium", () => {
  it("add and remove are retried, converge, and a further apply sends nothing", async () => {
    const campaigns = sampleCampaigns(6).map((c) => ({ ...c, agents: ["anowak", "jkowalski"] }));
    const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, { faults: FLAKY });
    const env = { ...sb.env(), ...CLIENT_ENV };
    const converge = async (...extra: string[]) => {
      for (let run = 1; run <= 10; run++) {
        const result = await runCli(["apply", "--auto-approve", ...extra], { cwd: ws.dir, env });
        await settled(sb);
        expect(result.stderr).not.toMatch(/Internal error|\n\s+at /);
        if (result.code === 0) return;
        if (run === 10) throw new Error(`${result.stdout}\n${result.stderr}`);
      }
      throw new Error("apply did not converge in 10 runs");
    };
    await converge();
    // Drop jkowalski everywhere: removals under faults too (half the memberships: --force).
    await ws.writeCampaigns(campaigns.map((c) => ({ ...c, agents: ["anowak"] })));
    await converge("--force");

    const state = (await ws.readState()) as unknown as StateWithAgents;
    for (const c of campaigns) {
      expect(sb.store.agents.members(c.id)).toEqual(["anowak"]);
      expect(state.campaigns[c.id]?.agents).toEqual(["anowak"]);
    }
    const retriedAgents = sb.requests.filter((r) => /_agents$/.test(r.path) && r.status >= 500);
    expect(retriedAgents.length, "no agents call met a fault").toBeGreaterThan(0);
    const before = sb.requests.length;
    const last = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(last.stdout).toContain("No changes.");
    expect(sb.requests.length).toBe(before);
  }, 120_000);
});

describe("secrets with agent requests", () => {
  it("apply with agents, an unknown login and drift print and write no credentials", async () => {
    const campaigns = sampleCampaigns(2).map((c, i) => ({
      ...c,
      agents: i === 0 ? ["anowak"] : ["anowak", "nobody"],
    }));
    const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups);
    const results = [
      await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: sb.env() }),
      await runCli(["plan", "--refresh"], { cwd: ws.dir, env: sb.env() }),
      await runCli(["drift", "--format", "json"], { cwd: ws.dir, env: sb.env() }),
    ];
    expect(results[0]?.code).toBe(1);
    expect(results[0]?.stdout).toContain("nobody");
    await expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });
});
