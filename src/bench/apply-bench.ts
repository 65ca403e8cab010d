/**
 * `apply` of changed campaigns against the sandbox with injected latency, at several
 * concurrencies. The floor is N × latency / concurrency: apply should be bounded by the
 * network, not by us.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { normaliseFields } from "../core/normalise.js";
import { writeCampaignFiles, writeStateFor } from "./generate.js";
import { benchScript, CLI, expectExit, runNode } from "./measure.js";
import { type Figure, round } from "./report.js";
import { startBenchSandbox } from "./sandbox-fixture.js";

export interface ApplyBenchOptions {
  root: string;
  campaigns: number;
  latencyMs: number;
  concurrencies: readonly number[];
  /**
   * Also time the bare HTTP loop (same PUTs, same server) at concurrencies at least this:
   * what a lean client reaches on this machine. Below it the floor is all latency.
   */
  bareFrom: number;
  report: (figure: Figure) => void;
  log: (message: string) => void;
}

/** Issue 15: ≤ 1.2× the limit up to concurrency 16 (issue 6 for 1 and 4), ≤ 1.6× at 64. */
function ratioTarget(concurrency: number): number {
  return concurrency >= 64 ? 1.6 : 1.2;
}

export async function benchApply(options: ApplyBenchOptions): Promise<void> {
  const cwd = path.join(options.root, "apply");
  const campaigns = await writeCampaignFiles(cwd, "campaigns", options.campaigns, "100-per-file");
  const sandbox = await startBenchSandbox({
    latencyMs: options.latencyMs,
    seed: campaigns.map((campaign) => ({
      id: campaign.id,
      fields: { name: `Campaign ${campaign.id}` },
    })),
  });
  const requests = campaigns.map((campaign) => ({
    path: `/outbounds/${campaign.id}`,
    body: normaliseFields(campaign.fields),
  }));
  await writeFile(path.join(cwd, "requests.json"), JSON.stringify(requests));
  try {
    for (const concurrency of options.concurrencies) {
      // Every campaign recorded with an older name: all of them changed. --force, because
      // changing 100% of the managed campaigns at once is what the safety gate stops.
      const state = path.join(cwd, "state.json");
      await rm(`${state}.backup`, { force: true });
      const changed = await writeStateFor(state, campaigns, {
        changedEvery: 1,
        target: sandbox.target,
      });
      await sandbox.resetCounts();
      options.log(
        `apply: ${changed} changed, ${options.latencyMs} ms latency, concurrency ${concurrency}`,
      );
      const args = [
        CLI,
        "apply",
        "--dir",
        "campaigns",
        "--state",
        "state.json",
        "--auto-approve",
        "--force",
        "--concurrency",
        String(concurrency),
      ];
      const spawnedAt = Date.now();
      const run = expectExit(
        await runNode(args, { cwd, env: sandbox.env, rss: true }),
        [0],
        "apply",
      );
      const puts = await sandbox.puts();
      const limitMs = (changed * options.latencyMs) / concurrency;
      const ratio = run.wallMs / limitMs;
      // The request phase alone: first PUT sent (its answer minus the latency) to last answer.
      const requestPhaseMs = puts.lastMs - puts.firstMs + options.latencyMs;
      // What sits in front of the first request: spawn to the first PUT reaching the server.
      const firstPutMs = puts.firstMs - options.latencyMs - spawnedAt;
      let bareMs: number | null = null;
      let bareCpuMs: number | null = null;
      let clientRequestsMs: number | null = null;
      if (concurrency >= options.bareFrom) {
        await sandbox.resetCounts();
        const bare = await runNode(
          [benchScript("bare-put-loop.js"), "requests.json", String(concurrency)],
          { cwd, env: sandbox.env, rss: true },
        );
        bareMs = expectExit(bare, [0], "bare HTTP loop").wallMs;
        bareCpuMs = bare.cpuMs ?? null;
        await sandbox.resetCounts();
        const client = await runNode(
          [benchScript("client-put-loop.js"), "requests.json", String(concurrency)],
          { cwd, env: sandbox.env, captureStdout: true },
        );
        const answer = JSON.parse(expectExit(client, [0], "client loop").stdout) as {
          requestsMs: number;
        };
        clientRequestsMs = answer.requestsMs;
      }
      options.report({
        figure: "apply",
        campaigns: options.campaigns,
        changed,
        latency_ms: options.latencyMs,
        concurrency,
        wall_ms: round(run.wallMs),
        first_put_ms: round(firstPutMs),
        request_phase_ms: round(requestPhaseMs),
        limit_ms: round(limitMs),
        ratio: round(ratio, 2),
        request_phase_ratio: round(requestPhaseMs / limitMs, 2),
        bare_loop_ms: bareMs === null ? null : round(bareMs),
        // CPU time of the whole run (start-up, files, plan, requests, state): what a loaded
        // machine's wall time hides.
        cpu_ms: run.cpuMs === undefined ? null : round(run.cpuMs),
        bare_loop_cpu_ms: bareCpuMs === null ? null : round(bareCpuMs),
        bare_loop_ratio: bareMs === null ? null : round(bareMs / limitMs, 2),
        // The tool's client alone, its requests only (no start-up, files, state or plan):
        // what apply's request phase cannot go below while ky makes every request.
        client_requests_ms: clientRequestsMs === null ? null : round(clientRequestsMs),
        client_requests_ratio:
          clientRequestsMs === null ? null : round(clientRequestsMs / limitMs, 2),
        requests: puts.total,
        requests_ok: puts.ok,
        requests_match: puts.total === changed && puts.ok === changed,
        target: `ratio ≤ ${ratioTarget(concurrency)}, requests = changed`,
        met: ratio <= ratioTarget(concurrency) && puts.total === changed && puts.ok === changed,
      });
    }
  } finally {
    await sandbox.close();
    await rm(cwd, { recursive: true, force: true });
  }
}
