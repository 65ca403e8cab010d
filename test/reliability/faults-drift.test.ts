/**
 * Faults on the reads: the sandbox answers a share of every request (the GETs of the list,
 * its pages and `outbounds/stats` included) 500/503 or 429. `drift` must converge: each run
 * either says what is true (exit 0 when Thulium matches, 2 with exactly the field changed
 * in the panel) or fails with a readable message (exit 1); it never reports a difference
 * that is not there, and a failure of `outbounds/stats` never changes its verdict.
 * `apply --refresh` under the same faults restores the field with PUTs of that campaign only.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FaultOptions, ListShape } from "../../src/sandbox/index.js";
import { type CliResult, runCli } from "../helpers/cli.js";
import { startCountingProxy } from "../helpers/counting-proxy.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, sampleCampaigns, type Workspace } from "../helpers/workspace.js";
import { putIds } from "./helpers/put-history.js";

const CLIENT_ENV = { THULIUM_TIMEOUT_MS: "2000", THULIUM_RETRIES: "3", THULIUM_RETRY_BASE_MS: "1" };
const MAX_RUNS = 12;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp(count: number, shape: ListShape, faults: FaultOptions) {
  const sandbox = await startTestSandbox({ faults, listShape: shape });
  const workspace = await makeWorkspace(sampleCampaigns(count));
  cleanups.push(
    () => sandbox.close(),
    () => workspace.cleanup(),
  );
  seedSandbox(
    sandbox,
    sampleCampaigns(count).map((c) => c.id),
  );
  return { sandbox, workspace };
}

function run(args: string[], sandbox: TestSandbox, workspace: Workspace): Promise<CliResult> {
  return runCli(args, { cwd: workspace.dir, env: { ...sandbox.env(), ...CLIENT_ENV } });
}

/** Runs `args` until it exits with `success` (at most MAX_RUNS), checking every run. */
async function untilExit(
  args: string[],
  success: number,
  sandbox: TestSandbox,
  workspace: Workspace,
  check: (result: CliResult) => void = () => {},
): Promise<{ last: CliResult; runs: number }> {
  const reads = args[0] === "drift" || args.includes("--refresh");
  for (let runs = 1; runs <= MAX_RUNS; runs++) {
    const result = await run(args, sandbox, workspace);
    const label = `${args.join(" ")}, run ${runs}:\n${result.stdout}\n${result.stderr}`;
    expect(result.stderr, label).not.toMatch(/Internal error|\n\s+at /);
    expect([success, 1], label).toContain(result.code);
    if (result.code === success) {
      check(result);
      return { last: result, runs };
    }
    if (args[0] === "drift") {
      // A failed read says which request failed, in one paragraph; nothing is claimed.
      expect(result.stderr, label).toMatch(/^Error: Listing campaigns: /m);
      expect(result.stdout, label).toBe("");
    } else if (reads && result.stdout === "") {
      expect(result.stderr, label).toMatch(/^Error: Listing campaigns: /m); // nothing sent
    } else expect(result.stderr, label).toMatch(/campaigns? failed/);
  }
  throw new Error(`${args.join(" ")} did not exit ${success} in ${MAX_RUNS} runs`);
}

const FLAKY: FaultOptions = { failureRate: 0.3, rateLimitRate: 0.1, retryAfterSeconds: 0 };

describe("drift under 500/503/429 on the GETs", () => {
  it.each<[number, ListShape, number]>([
    [1, "plain", 6],
    [2, "paged", 130], // two pages: faults on the page at offset 100 too
    [3, "partial", 6],
  ])(
    "seed %i, %s list of %i: clean, then exactly the panel's change, then clean after apply --refresh",
    async (seed, shape, count) => {
      const { sandbox, workspace } = await setUp(count, shape, { ...FLAKY, seed });
      await untilExit(["apply", "--auto-approve"], 0, sandbox, workspace);
      await untilExit(["apply", "--auto-approve"], 0, sandbox, workspace, (r) =>
        expect(r.stdout).toContain("No changes."),
      );

      const from = sandbox.requests.length;
      const clean = await untilExit(
        ["drift", "--detailed-exitcode", "--format", "json"],
        0,
        sandbox,
        workspace,
      );
      const cleanReport = JSON.parse(clean.last.stdout);
      expect(cleanReport.drifted).toEqual([]);
      expect(cleanReport.checked).toBe(count);

      sandbox.store.edit("00002", { order: 99 });
      const dirty = await untilExit(
        ["drift", "--detailed-exitcode", "--format", "json"],
        2,
        sandbox,
        workspace,
      );
      const report = JSON.parse(dirty.last.stdout);
      expect(report.drifted.map((c: { id: string; fields: unknown }) => [c.id, c.fields])).toEqual([
        ["00002", [{ path: "order", applied: 12, live: 99 }]],
      ]);
      expect(report.missing_in_thulium).toEqual([]);

      const putsFrom = sandbox.requests.length;
      await untilExit(["apply", "--refresh", "--auto-approve"], 0, sandbox, workspace);
      // Only 00002 was sent (retries of its one PUT included), and only once it succeeded.
      expect([...new Set(putIds(sandbox.requests.slice(putsFrom)))]).toEqual(["00002"]);
      await untilExit(["drift", "--detailed-exitcode"], 0, sandbox, workspace, (r) =>
        expect(r.stdout).toMatch(/^No drift found/m),
      );

      // The faults really hit the reads, or this proves nothing.
      const faultedGets = sandbox.requests
        .slice(from)
        .filter((r) => r.method === "GET" && r.fault !== undefined);
      expect(faultedGets.length).toBeGreaterThan(0);
    },
    240_000,
  );

  it("statistics failing every try (503): the verdict and exit code stay, one line says why", async () => {
    const { sandbox, workspace } = await setUp(3, "plain", {});
    const proxy = await startCountingProxy(sandbox.url, (req) =>
      req.url === "/api/outbounds/stats"
        ? { status: 503, body: '{"errors":[{"message":"Busy."}]}', headers: { "Retry-After": "0" } }
        : undefined,
    );
    cleanups.push(() => proxy.close());
    const env = { ...sandbox.env(), ...CLIENT_ENV, THULIUM_URL: proxy.url };
    expect((await runCli(["apply", "--auto-approve"], { cwd: workspace.dir, env })).code).toBe(0);
    const clean = await runCli(["drift", "--detailed-exitcode"], { cwd: workspace.dir, env });
    expect(clean.code).toBe(0);
    sandbox.store.edit("00001", { order: 99 });
    const dirty = await runCli(["drift", "--detailed-exitcode"], { cwd: workspace.dir, env });
    expect(dirty.code).toBe(2);
    for (const result of [clean, dirty]) {
      const lines = result.stdout.split("\n").filter((line) => line.includes("dialling"));
      expect(lines).toEqual([
        expect.stringMatching(/^Campaigns dialling now are not marked: .*503/),
      ]);
    }
    // Retried as any GET (THULIUM_RETRIES tries), then given up on.
    const statsTries = proxy.requests.filter((r) => r.path === "/api/outbounds/stats");
    expect(statsTries).toHaveLength(2 * Number(CLIENT_ENV.THULIUM_RETRIES));
  });
});
