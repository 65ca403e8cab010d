/**
 * Ctrl-C during apply, end to end: SIGINT to the spawned CLI after its first completion
 * line. It must stop sending, finish and record what is in flight, release the lock and
 * exit 130 — and a rerun must finish the job.
 */

import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lockFileFor } from "../../src/io/state/index.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("apply interrupted by Ctrl-C (built CLI)", () => {
  it("exits 130 with a state holding exactly what the sandbox accepted; a rerun converges", async () => {
    const campaigns = sampleCampaigns(20);
    const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, {
      faults: { latencyMs: 200 },
    });

    const cli = spawnCli(["apply", "--auto-approve", "--concurrency", "2"], {
      cwd: ws.dir,
      env: sb.env(),
    });
    await cli.waitForOutput(/✓ \d{5} /);
    cli.child.kill("SIGINT");
    const interrupted = await cli.done;

    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("Interrupted: finishing requests in flight");
    expect(interrupted.stderr).toMatch(/Interrupted: \d+ changes? applied and recorded/);
    expect(interrupted.stdout).toContain("Apply incomplete:");
    const accepted = sb
      .puts(204)
      .map((r) => r.campaignId)
      .sort();
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThan(20); // it stopped sending
    expect(sb.puts()).toHaveLength(accepted.length); // nothing was cut off mid-request
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toEqual(accepted);
    expect(existsSync(lockFileFor(ws.stateFile))).toBe(false);

    sb.clearRequests();
    const rerun = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: sb.env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(
      sb
        .puts(204)
        .map((r) => r.campaignId)
        .sort(),
    ).toEqual(campaigns.map((c) => c.id).filter((id) => !accepted.includes(id)));
    const last = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: sb.env() });
    expect(last.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    for (const c of campaigns) expect(sb.store.get(c.id)).toEqual(c);
    expectNoSecrets([interrupted, rerun, last, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });
});
