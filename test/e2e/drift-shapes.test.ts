/**
 * The acceptance loop of issue 12, for each list shape, with the built CLI spawned: apply
 * the example campaigns → `drift` is clean → a change made as in Thulium's panel → `drift`
 * shows exactly that field (exit 2) → `apply --refresh` sends exactly one PUT → `drift` is
 * clean again. Once against `thulium-campaigns sandbox --list-shape X` running as its own
 * process (requests counted by a proxy in front of it), once against the in-process
 * `--sandbox` (THULIUM_SANDBOX_LIST_SHAPE), edited through its data file between runs.
 */
import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO, runCli, type SpawnedCli, spawnCli } from "../helpers/cli.js";
import { type CountingProxy, startCountingProxy } from "../helpers/counting-proxy.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";

const SHAPES = ["plain", "paged", "partial"] as const;
const CREDENTIALS = { THULIUM_USER: TEST_USER, THULIUM_PASSWORD: TEST_PASSWORD };
const EXAMPLE_IDS = ["00001", "00002", "00003", "00004", "00005", "00006"];

/** Each loop spawns the CLI about ten times; the machine running the suite may be busy. */
const LOOP_TIMEOUT = 120_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function examplesWorkspace(): Promise<Workspace> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  await cp(path.join(REPO, "campaigns"), ws.campaignsDir, { recursive: true });
  return ws;
}

/**
 * `thulium-campaigns sandbox --port 0 --data sandbox.json --list-shape SHAPE`, seeded with
 * the example ids (as an admin would have created them) and one campaign nobody manages.
 */
async function sandboxProcess(ws: Workspace, shape: string): Promise<string> {
  const seeded = [...EXAMPLE_IDS, "00042"].map((id) => ({
    id,
    name: `Seed ${id}`,
    active: true,
    start_date: "2027-01-01",
    order: 50,
    parity: 50,
  }));
  await writeFile(
    path.join(ws.dir, "sandbox.json"),
    JSON.stringify({ version: 1, campaigns: seeded }),
  );
  const child: SpawnedCli = spawnCli(
    ["sandbox", "--port", "0", "--data", "sandbox.json", "--list-shape", shape],
    { cwd: ws.dir, env: CREDENTIALS, timeoutMs: 300_000 },
  );
  cleanups.push(async () => {
    child.child.kill("SIGTERM");
    await child.done;
  });
  await child.waitForOutput(/Sandbox listening on \S+\n/);
  return /Sandbox listening on (\S+)/.exec(child.stdout)?.[1] as string;
}

function puts(proxy: CountingProxy, from: number): string[] {
  return proxy.since(from).filter((line) => line.startsWith("PUT "));
}

describe.each(SHAPES)("list shape %s", (shape) => {
  it(
    "against `sandbox --list-shape`: drift clean → panel edit → exactly that field → one PUT → clean",
    async () => {
      const ws = await examplesWorkspace();
      const sandboxUrl = await sandboxProcess(ws, shape);
      const proxy = await startCountingProxy(sandboxUrl);
      cleanups.push(() => proxy.close());
      const env = { ...CREDENTIALS, THULIUM_URL: proxy.url, THULIUM_RETRY_BASE_MS: "0" };
      const run = (args: string[]) => runCli(args, { cwd: ws.dir, env });

      const applied = await run(["apply", "--auto-approve"]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(puts(proxy, 0)).toHaveLength(6);

      let from = proxy.requests.length;
      const clean = await run(["drift", "--detailed-exitcode"]);
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/^No drift found: compared \d+ fields of 6 campaigns/m);
      if (shape === "partial")
        expect(clean.stdout).toMatch(
          /; \d+ fields not shown by Thulium's list were not compared\./,
        );
      else expect(clean.stdout).not.toContain("not compared");
      expect(clean.stdout).toContain(
        "Not managed: 1 campaign in Thulium is not in the state: 00042.",
      );
      // One listing (the seven campaigns fit one page in every shape), the membership of the
      // two example campaigns that declare agents (issue 13), then the statistics.
      expect(proxy.since(from)).toEqual([
        "GET /api/outbounds",
        "GET /api/outbounds/00001/agents",
        "GET /api/outbounds/00002/agents",
        "GET /api/outbounds/stats",
      ]);

      const edit = await runCli(["sandbox", "edit", "00001", "order=99", "--url", sandboxUrl], {
        cwd: ws.dir,
        env: CREDENTIALS,
      });
      expect(edit.code, edit.stderr).toBe(0);

      const dirty = await run(["drift", "--detailed-exitcode", "--format", "json"]);
      expect(dirty.code, dirty.stderr).toBe(2);
      const report = JSON.parse(dirty.stdout);
      expect(report.drifted).toEqual([
        {
          id: "00001",
          source: "campaigns/sprzedaz-2027.yaml",
          name: "Kampania sprzedażowa 2027",
          fields: [{ path: "order", applied: 10, live: 99 }],
          dialling: { records_count: 137, completion_percent: 14.87 },
        },
      ]);
      expect(report).toMatchObject({
        format_version: 1,
        target: proxy.url,
        checked: 6,
        missing_in_thulium: [],
        unmanaged: ["00042"],
        unreadable: [],
      });
      const text = await run(["drift"]);
      expect(text.code).toBe(0); // drift without --detailed-exitcode succeeds
      expect(text.stdout).toContain(
        '~ 00001 "Kampania sprzedażowa 2027" (campaigns/sprzedaz-2027.yaml), dialling now: active, 137 records, 14.9% done\n    order: 10 → 99 in Thulium\n',
      );

      // Without --refresh nothing changes: the state says unchanged, so nothing is sent; the
      // only request reads the membership of the campaign whose agents_policy is exact, which
      // apply always checks (issue 13).
      from = proxy.requests.length;
      const plain = await run(["apply", "--auto-approve"]);
      expect(plain.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
      expect(proxy.since(from)).toEqual(["GET /api/outbounds/00002/agents"]);

      from = proxy.requests.length;
      const refreshed = await run(["apply", "--refresh", "--auto-approve"]);
      expect(refreshed.code, refreshed.stderr).toBe(0);
      expect(refreshed.stdout).toContain("    (1 field changed in Thulium, 11 sent)\n");
      expect(refreshed.stdout).toContain("    order: 99 in Thulium → 10\n");
      expect(puts(proxy, from)).toEqual(["PUT /api/outbounds/00001"]);
      expect(proxy.since(from)[0]).toBe("GET /api/outbounds");

      const again = await run(["drift", "--detailed-exitcode"]);
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toMatch(/^No drift found/m);
    },
    LOOP_TIMEOUT,
  );

  it(
    "against the in-process --sandbox: an edit of its data file between runs is seen",
    async () => {
      const ws = await examplesWorkspace();
      const env = { THULIUM_SANDBOX_LIST_SHAPE: shape };
      const run = (args: string[]) => runCli(args, { cwd: ws.dir, env });

      expect((await run(["apply", "--sandbox", "--auto-approve"])).code).toBe(0);
      const clean = await run(["drift", "--sandbox", "--detailed-exitcode"]);
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/^No drift found: compared \d+ fields of 6 campaigns/m);

      const edit = await run([
        "sandbox",
        "edit",
        "00001",
        "order=99",
        "--data",
        ".thulium/sandbox/data.json",
      ]);
      expect(edit.code, edit.stderr).toBe(0);

      const dirty = await run(["drift", "--sandbox", "--detailed-exitcode"]);
      expect(dirty.code).toBe(2);
      expect(dirty.stdout).toContain("    order: 10 → 99 in Thulium\n");
      expect(dirty.stdout).toMatch(/^Drift: 1 campaign differs from the last-applied state; /m);

      const plan = await run(["plan", "--sandbox", "--refresh", "--detailed-exitcode"]);
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain("    order: 99 in Thulium → 10\n");
      expect(plan.stdout).toContain(
        "Plan: 1 to update, 0 to forget, 0 to deactivate, 5 unchanged.",
      );

      const applied = await run(["apply", "--sandbox", "--refresh", "--auto-approve"]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain("Applying 1 change with concurrency 4…");
      expect(applied.stdout).toContain(
        "Apply complete! 1 updated, 0 forgotten, 0 deactivated, 0 failed.",
      );

      const again = await run(["drift", "--sandbox", "--detailed-exitcode"]);
      expect(again.code, again.stdout).toBe(0);
      const refreshedPlan = await run(["plan", "--sandbox", "--refresh"]);
      expect(refreshedPlan.stdout).toMatch(
        /^No changes\. The campaign files match the last-applied state and Thulium's live campaigns\.\nCompared with Thulium's list: \d+ fields of 6 campaigns/,
      );
    },
    LOOP_TIMEOUT,
  );
});
