/**
 * The state file replaced while an apply runs (a `git checkout`, a restore from backup,
 * another tool), end to end against a sandbox that answers slowly: the apply must notice
 * before its next write, stop sending, leave the new file exactly as it is, and save what
 * it changed in Thulium beside it, in a file its error names. Rerunning apply, as the
 * error says, merges.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { sampleCampaigns, type Workspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FOREIGN_LINEAGE = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Replaces the state file the way git or a restore does: a new file renamed over it. */
async function replaceState(ws: Workspace, text: string): Promise<void> {
  const temp = path.join(path.dirname(ws.stateFile), "incoming.json");
  await writeFile(temp, text);
  await rename(temp, ws.stateFile);
}

describe("the state file replaced during apply (in-process, slow sandbox)", () => {
  it("stops sending, leaves the other file untouched, saves this run's changes beside it; a rerun merges", async () => {
    const campaigns = sampleCampaigns(40);
    const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, {
      faults: { latencyMs: 100 },
    });
    const env = sb.env();
    // Runs while the test watches the state file and replaces it (the same event loop: the
    // apply's reads and writes interleave with the test's as with another process's).
    const applying = runCli(["apply", "--auto-approve", "--concurrency", "2"], {
      cwd: ws.dir,
      env,
    });
    // Once this apply has written the state at least once, someone puts another in its place.
    await waitFor(async () => ((await ws.readState())?.serial ?? 0) >= 1, "the first write");
    const ours = await ws.readState();
    const foreign = `${JSON.stringify(
      {
        campaigns: {
          "00001": {
            fields: { name: "Kampania z innej gałęzi" },
            source: "campaigns/c00001.yaml",
          },
        },
        lineage: FOREIGN_LINEAGE,
        serial: 50,
        target: ours?.target,
        version: 1,
      },
      null,
      2,
    )}\n`;
    await replaceState(ws, foreign);
    const replacedAt = sb.puts().length;

    const result = await applying;
    const shown = `${result.stdout}\n${result.stderr}`;
    expect(result.code, shown).toBe(1);
    expect(result.stderr).not.toMatch(/Internal error|^\s+at /m);
    const message = new RegExp(
      `State file ${ws.stateFile.replace(/[.]/g, "\\.")} was replaced by another program while this apply ran \\(it now holds lineage ${FOREIGN_LINEAGE}, serial 50; this apply last wrote lineage ${ours?.lineage}, serial \\d+\\), so it was left as it is and no further requests were sent\\. The (\\d+) changes? this apply made in Thulium are saved in (\\S+\\.unrecorded-\\d{8}T\\d{6}Z(?:-\\d+)?\\.json)\\. To merge: .*run apply again`,
    );
    const match = message.exec(result.stderr);
    expect(match, shown).not.toBeNull();

    // The other file is exactly as it was put there: not overwritten, not backed up over.
    expect(await readFile(ws.stateFile, "utf8")).toBe(foreign);

    // It stopped sending: requests in flight when it noticed finished, no new one started.
    const accepted = sb.puts(204).map((r) => r.campaignId ?? "");
    expect(sb.puts()).toHaveLength(accepted.length);
    expect(accepted.length).toBeGreaterThanOrEqual(replacedAt);
    expect(accepted.length).toBeLessThan(40);

    // Every change Thulium accepted is in the saved file, with the fields sent.
    const savedFile = match?.[2] ?? "";
    expect(path.dirname(savedFile)).toBe(path.dirname(ws.stateFile));
    const saved = JSON.parse(await readFile(savedFile, "utf8")) as {
      campaigns: Record<string, { fields: Record<string, unknown>; source: string }>;
      forgotten: string[];
      last_written_by_this_apply: { lineage: string; serial: number };
    };
    expect(Object.keys(saved.campaigns).sort()).toEqual([...accepted].sort());
    expect(Number(match?.[1])).toBe(accepted.length);
    for (const request of sb.puts(204)) {
      expect(saved.campaigns[request.campaignId ?? ""]?.fields).toEqual(request.body);
    }
    expect(saved.forgotten).toEqual([]);
    expect(saved.last_written_by_this_apply.lineage).toBe(ours?.lineage);

    // The merge the message describes: rerun apply on the state now in place.
    const rerun = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const merged = await ws.readState();
    expect(merged?.lineage).toBe(FOREIGN_LINEAGE);
    expect(merged?.serial).toBeGreaterThan(50);
    expect(Object.keys(merged?.campaigns ?? {}).sort()).toEqual(campaigns.map((c) => c.id));
    expectNoSecrets([result, rerun, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });
});
