/**
 * `apply --sandbox --auto-approve`, what `npm start` runs, in a temp working directory with
 * the repository's example campaigns: the in-process sandbox, its data and its own state
 * under .thulium/sandbox/, and "No changes" the second time. The first case runs the CLI
 * in-process; the second is the smoke run of the built CLI as `npm start` runs it.
 */
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO, runBuiltCli, runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { makeWorkspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function examplesWorkspace() {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  await cp(path.join(REPO, "campaigns"), ws.campaignsDir, { recursive: true });
  return ws;
}

describe("apply --sandbox", () => {
  it("creates the missing campaigns, applies them all, then says No changes", async () => {
    const ws = await examplesWorkspace();
    const args = ["apply", "--sandbox", "--auto-approve", "--dir", ws.campaignsDir];
    const env = { THULIUM_USER: TEST_USER, THULIUM_PASSWORD: TEST_PASSWORD };

    const first = await runCli(args, { cwd: ws.dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      "Note: the sandbox had no campaigns 00001, 00002, 00003, 00004, 00005, 00006; created them first",
    );
    expect(first.stderr).toMatch(/Using the built-in sandbox at http:\/\/127\.0\.0\.1:\d+\/api/);
    expect(first.stdout).toContain("Plan: 6 to update, 0 to forget, 0 to deactivate, 0 unchanged.");
    expect(first.stdout).toContain(
      "Apply complete! 6 updated, 0 forgotten, 0 deactivated, 0 failed.",
    );

    const state = JSON.parse(
      await readFile(path.join(ws.dir, ".thulium/sandbox/state.json"), "utf8"),
    );
    expect(state.target).toBe("sandbox");
    expect(Object.keys(state.campaigns)).toHaveLength(6);
    // The sandbox's data holds every declared field as applied.
    const data = JSON.parse(
      await readFile(path.join(ws.dir, ".thulium/sandbox/data.json"), "utf8"),
    );
    for (const [id, entry] of Object.entries(
      state.campaigns as Record<string, { fields: Record<string, unknown> }>,
    )) {
      const stored = data.campaigns.find((c: { id: string }) => c.id === id);
      expect(stored).toMatchObject(entry.fields);
    }
    expect(await ws.readState()).toBeUndefined(); // the real state file is untouched

    const second = await runCli(args, { cwd: ws.dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    expect(second.stderr).not.toContain("Note:");
    expectNoSecrets([first, second, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });

  it("runs as `npm start` does (built CLI): default campaigns/ folder and the documented credentials", async () => {
    const ws = await examplesWorkspace();
    const first = await runBuiltCli(["apply", "--sandbox", "--auto-approve"], { cwd: ws.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Apply complete! 6 updated");
    const second = await runBuiltCli(["apply", "--sandbox", "--auto-approve"], { cwd: ws.dir });
    expect(second.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    expectNoSecrets([first, second, await ws.readAllFiles()], "api_pass", "api_user");
  });
});
