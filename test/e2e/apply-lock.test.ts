/**
 * The apply lock, end to end: this test process holds the lock beside the state file
 * (the real acquireLock), and a spawned `apply` must respect it.
 */

import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, lockFileFor } from "../../src/io/state/index.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const campaigns = sampleCampaigns(3);
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups);
  const lock = await acquireLock(ws.stateFile, { command: "apply" });
  cleanups.push(() => lock.release());
  return { ws, sb, lock };
}

describe("apply and the lock (built CLI)", () => {
  it("refuses at once while another apply holds the lock, naming the holder; nothing is sent", async () => {
    const { ws, sb, lock } = await setup();
    const result = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: sb.env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `is locked by apply (pid ${process.pid} on host ${hostname()}, since ${lock.info.since})`,
    );
    expect(result.stderr).toContain("--lock-timeout");
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toBeUndefined();
    expect(existsSync(lockFileFor(ws.stateFile))).toBe(true); // still ours, untouched
    expectNoSecrets([result, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });

  it("with --lock-timeout waits for the lock, then applies once it is released", async () => {
    const { ws, sb, lock } = await setup();
    const cli = spawnCli(["apply", "--auto-approve", "--lock-timeout", "60s"], {
      cwd: ws.dir,
      env: sb.env(),
    });
    await cli.waitForOutput(`locked by apply (pid ${process.pid}`, "stderr");
    // Waiting, not failing: nothing sent while we hold the lock.
    expect(cli.child.exitCode).toBeNull();
    expect(sb.requests).toEqual([]);
    await lock.release();

    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("waiting up to 60 s for it (--lock-timeout)");
    expect(sb.puts(204)).toHaveLength(3);
    expect(existsSync(lockFileFor(ws.stateFile))).toBe(false); // released after the run
    expectNoSecrets([result, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });

  it("a --lock-timeout that runs out fails with the holder named", async () => {
    const { ws, sb } = await setup();
    const result = await runCli(["apply", "--auto-approve", "--lock-timeout", "300ms"], {
      cwd: ws.dir,
      env: sb.env(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is locked \(waited \d+ ms\) by apply \(pid \d+/);
    expect(sb.requests).toEqual([]);
    expectNoSecrets([result, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });
});
