/**
 * Smoke test of `npm run bench` at tiny sizes (`--quick`): it runs to the end and prints
 * every figure the issue asks for, as JSON lines and tables. No timing is asserted.
 *
 * It takes minutes of CPU (it spawns the CLI hundreds of times), so `npm test` skips it:
 * `npm run bench:smoke` (BENCH_SMOKE=1) runs it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { cliEnv } from "../helpers/cli.js";

const BENCH = fileURLToPath(new URL("../../dist/bench/main.js", import.meta.url));

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, "--quick"], {
      env: cliEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it.runIf(process.env.BENCH_SMOKE === "1")(
  "prints every figure at tiny sizes",
  { timeout: 240_000 },
  async () => {
    if (!existsSync(BENCH)) throw new Error(`${BENCH} is missing: run npm run build first`);
    const { code, stdout, stderr } = await runBench();
    expect(code, stderr).toBe(0);
    const figures = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (kind: string) => figures.filter((figure) => figure.figure === kind);

    // plan: both layouts, unchanged and 1% changed, each with its baseline and ratio.
    const plan = of("plan");
    expect(plan.map((f) => `${f.layout} ${f.scenario}`).sort()).toEqual([
      "100-per-file 1%-changed",
      "100-per-file unchanged",
      "one-per-file 1%-changed",
      "one-per-file unchanged",
    ]);
    for (const figure of plan) {
      for (const key of ["plan_ms", "plan_rss_mb", "baseline_ms", "baseline_rss_mb", "ratio"]) {
        expect(figure[key], key).toBeGreaterThan(0);
      }
    }
    expect(plan.find((f) => f.scenario === "1%-changed")?.changed).toBe(2);

    // apply: every concurrency, and exactly one request per changed campaign.
    const apply = of("apply");
    expect(apply.map((f) => f.concurrency)).toEqual([1, 4, 16, 64]);
    for (const figure of apply) {
      expect(figure.requests).toBe(figure.changed);
      expect(figure.requests_ok).toBe(figure.changed);
      for (const key of ["wall_ms", "limit_ms", "ratio", "bare_loop_ms", "client_requests_ms"]) {
        expect(figure[key], key).toBeGreaterThan(0);
      }
    }

    // start-up against node -e 0.
    // Issue 15 adds validate and plan of the shipped examples, each with its ≤ 3x target.
    expect(of("startup").map((f) => f.command)).toEqual([
      "--version",
      "validate (one file)",
      "validate (examples)",
      "plan (examples)",
    ]);
    for (const figure of of("startup")) expect(figure.ratio).toBeGreaterThan(0);

    // first apply against the bare HTTP loop.
    const [first] = of("first-apply");
    expect(first?.requests).toBe(first?.campaigns);
    expect(first?.bare_ms).toBeGreaterThan(0);
    expect(first?.ratio).toBeGreaterThan(0);

    // Issue 15: reads at scale against their bare baselines.
    expect(of("reads").map((f) => f.command)).toEqual(["drift", "import --all"]);
    for (const figure of of("reads")) {
      expect(figure.ms).toBeGreaterThan(0);
      expect(figure.baseline_ms).toBeGreaterThan(0);
      expect(figure.target).toBe("ratio ≤ 2");
    }

    // And the tables for people.
    for (const title of ["plan (", "apply (", "start-up (", "first apply (", "reads ("]) {
      expect(stdout).toContain(title);
    }
  },
);
