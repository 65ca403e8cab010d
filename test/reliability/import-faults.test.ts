/**
 * Faults on the reads `import` makes: GET outbounds (and its pages) answered 500, 503 or
 * 429 now and then. The client's retries absorb them: the import converges to the same
 * files and state as without faults, and `plan` shows No changes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe("import under 500/503/429 on GET outbounds", () => {
  it("converges within the retries: every campaign imported, plan shows No changes", async () => {
    const sandbox = await startTestSandbox({
      listShape: "paged",
      faults: { failureRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 0, seed: 7 },
    });
    cleanups.push(() => sandbox.close());
    for (let i = 1; i <= 250; i++) {
      sandbox.store.create(
        { name: `Kampania ${i}`, dialer: "progressive", order: i, parity: 1 },
        String(i).padStart(5, "0"),
      );
    }
    const ws = await makeWorkspace([]);
    cleanups.push(() => ws.cleanup());
    const env = { ...sandbox.env(), THULIUM_RETRIES: "10", THULIUM_RETRY_BASE_MS: "1" };
    const result = await runCli(["import", "--all"], { cwd: ws.dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Read 250 campaigns from Thulium's list; wrote 250 files");
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toHaveLength(250);
    const { faults } = sandbox.stats;
    expect(faults.failed).toBeGreaterThan(0);
    expect(faults.rateLimited).toBeGreaterThan(0);
    const planned = await runCli(["plan"], { cwd: ws.dir, env });
    expect(planned.stdout).toContain("No changes");
  }, 60_000);
});
