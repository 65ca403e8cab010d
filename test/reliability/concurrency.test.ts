/**
 * Concurrency: five applies started at once on one state file. Exactly one gets the lock
 * and runs; the other four fail at once with the lock message naming the holder. The
 * winner's requests wait at a gate the test opens one at a time, so "while the apply is
 * running" is a state the test holds (no timing): the losers are proven fast because they
 * all exit before the winner's first request is let through. Meanwhile `plan` runs again
 * and again, and the state file is read in a tight loop, and every read must be whole.
 */

import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockFileFor, readState } from "../../src/io/state/index.js";
import { type CliResult, runCli, spawnCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, sampleCampaigns, type Workspace } from "../helpers/workspace.js";
import { differencesFromDeclarations } from "./helpers/accepted.js";
import { type GateProxy, startGateProxy } from "./helpers/gate-proxy.js";

const CAMPAIGNS = sampleCampaigns(6);
let sandbox: TestSandbox;
let gate: GateProxy;
let workspace: Workspace;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  seedSandbox(
    sandbox,
    CAMPAIGNS.map((c) => c.id),
  );
  gate = await startGateProxy(sandbox.url);
  workspace = await makeWorkspace(CAMPAIGNS);
});
afterAll(async () => {
  gate?.open();
  await gate?.close();
  await sandbox?.close();
  await workspace?.cleanup();
});

/** Resolves with the results of the first `count` of `runs` to finish, in finishing order. */
function firstFinished(
  runs: readonly { done: Promise<CliResult>; pid: number }[],
  count: number,
): Promise<(CliResult & { pid: number })[]> {
  return new Promise((resolve) => {
    const finished: (CliResult & { pid: number })[] = [];
    for (const run of runs)
      void run.done.then((result) => {
        finished.push({ ...result, pid: run.pid });
        if (finished.length === count) resolve(finished);
      });
  });
}

describe("five applies at once on one state file", () => {
  it("one runs; four fail fast naming it; plans and reads during the run always see a whole state", async () => {
    const env = {
      THULIUM_URL: gate.url,
      THULIUM_USER: sandbox.user,
      THULIUM_PASSWORD: sandbox.password,
    };
    const applies = Array.from({ length: 5 }, () =>
      spawnCli(["apply", "--auto-approve", "--concurrency", "1"], {
        cwd: workspace.dir,
        env,
        timeoutMs: 60_000,
      }),
    );
    const runs = applies.map((spawned) => ({ done: spawned.done, pid: spawned.child.pid ?? -1 }));

    // The four losers exit while the winner's first request is still held at the gate.
    const losers = await firstFinished(runs, 4);
    await gate.waitForArrivals(1);
    expect(gate.waiting).toBe(1);
    const winner = runs.find((run) => !losers.some((loser) => loser.pid === run.pid));
    if (winner === undefined) throw new Error("no apply is left running");
    for (const loser of losers) {
      expect(loser.code, loser.stderr).toBe(1);
      // The holder is named: command, pid and host, and the lock file to remove if stuck.
      expect(loser.stderr).toContain(
        `is locked by apply (pid ${winner.pid} on host ${hostname()}, since `,
      );
      expect(loser.stderr).toContain(lockFileFor(workspace.stateFile));
      expect(loser.stderr).not.toMatch(/Internal error|\n\s+at /);
      expect(loser.stdout).not.toContain("Applying");
    }

    // Read the state file in a tight loop while the winner writes it.
    let reading = true;
    let reads = 0;
    let lastSerial = 0;
    const reader = (async () => {
      while (reading) {
        const state = await readState(workspace.stateFile); // throws on a torn file
        expect(state.serial).toBeGreaterThanOrEqual(lastSerial);
        lastSerial = state.serial;
        reads += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    // Let the winner's requests through one at a time, a `plan` racing each state write.
    let lastUpdates = CAMPAIGNS.length;
    for (let arrived = 1; arrived <= CAMPAIGNS.length; arrived++) {
      await gate.waitForArrivals(arrived);
      const plan = runCli(["plan", "--format", "json"], { cwd: workspace.dir, env });
      gate.releaseOne();
      const result = await plan;
      expect(result.code, result.stderr).toBe(0);
      const { summary } = JSON.parse(result.stdout) as {
        summary: { update: number; unchanged: number };
      };
      expect(summary.update + summary.unchanged).toBe(CAMPAIGNS.length);
      // The state only grows during an apply, so what is left to do only shrinks.
      expect(summary.update).toBeLessThanOrEqual(lastUpdates);
      lastUpdates = summary.update;
    }
    const won = await winner.done;
    reading = false;
    await reader;
    expect(won.code, won.stderr).toBe(0);
    expect(won.stdout).toContain("Apply complete!");
    expect(reads).toBeGreaterThan(0);

    const state = await readState(workspace.stateFile);
    expect(Object.keys(state.campaigns)).toEqual(CAMPAIGNS.map((c) => c.id));
    expect(existsSync(lockFileFor(workspace.stateFile))).toBe(false);
    expect(sandbox.puts(204)).toHaveLength(CAMPAIGNS.length);
    expect(differencesFromDeclarations(sandbox, CAMPAIGNS)).toEqual([]);
  }, 90_000);
});
