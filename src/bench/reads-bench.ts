/**
 * Reads at scale (issue 15): `import --all` and `drift` over N live campaigns, each against
 * a bare baseline in the same run (bare-reads.ts: a GET + JSON.parse; the same plus writing
 * one YAML file per campaign). The sandbox runs in the bench process with no latency.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { campaignFields, campaignId, type GeneratedCampaign, writeStateFor } from "./generate.js";
import { benchScript, CLI, expectExit, median, type Run, runNode } from "./measure.js";
import { type Figure, round } from "./report.js";
import { startBenchSandbox } from "./sandbox-fixture.js";

export interface ReadsBenchOptions {
  root: string;
  campaigns: number;
  repeats: number;
  report: (figure: Figure) => void;
  log: (message: string) => void;
}

const TARGET = 2;

export async function benchReads(options: ReadsBenchOptions): Promise<void> {
  const cwd = path.join(options.root, "reads");
  const campaigns: GeneratedCampaign[] = [];
  for (let index = 0; index < options.campaigns; index++) {
    const id = campaignId(index);
    campaigns.push({ id, fields: campaignFields(index), source: `campaigns/${id}.yaml` });
  }
  const sandbox = await startBenchSandbox({
    latencyMs: 0,
    seed: campaigns.map((campaign) => ({ id: campaign.id, fields: campaign.fields })),
  });
  try {
    const state = path.join(cwd, "state.json");
    await writeStateFor(state, campaigns, { changedEvery: 0, target: sandbox.target });
    const env = sandbox.env;
    const runs = {
      get: [] as Run[],
      drift: [] as Run[],
      write: [] as Run[],
      import: [] as Run[],
    };
    for (let i = 0; i < options.repeats; i++) {
      options.log(`reads: ${options.campaigns} campaigns, run ${i + 1}/${options.repeats}`);
      runs.get.push(
        expectExit(
          await runNode([benchScript("bare-reads.js"), "get"], { cwd, env, rss: true }),
          [0],
          "get",
        ),
      );
      runs.drift.push(
        expectExit(
          await runNode([CLI, "drift", "--state", state, "--detailed-exitcode"], {
            cwd,
            env,
            rss: true,
          }),
          [0],
          "drift",
        ),
      );
      const bare = path.join(cwd, `bare-${i}`);
      runs.write.push(
        expectExit(
          await runNode([benchScript("bare-reads.js"), "write", bare], { cwd, env, rss: true }),
          [0],
          "bare write",
        ),
      );
      await rm(bare, { recursive: true, force: true });
      const into = path.join(cwd, `import-${i}`);
      runs.import.push(
        expectExit(
          await runNode(
            [
              CLI,
              "import",
              "--all",
              "--dir",
              path.join(into, "campaigns"),
              "--state",
              path.join(into, "state.json"),
            ],
            { cwd, env, rss: true },
          ),
          [0],
          "import --all",
        ),
      );
      await rm(into, { recursive: true, force: true });
    }
    for (const [command, measured, baseline, against] of [
      ["drift", runs.drift, runs.get, "bare GET + JSON.parse"],
      ["import --all", runs.import, runs.write, "bare GET + JSON.parse + YAML files written"],
    ] as const) {
      const ms = median(measured.map((run) => run.wallMs));
      const baselineMs = median(baseline.map((run) => run.wallMs));
      const cpuMs = median(measured.map((run) => run.cpuMs ?? Number.NaN));
      const baselineCpuMs = median(baseline.map((run) => run.cpuMs ?? Number.NaN));
      options.report({
        figure: "reads",
        command,
        campaigns: options.campaigns,
        runs: options.repeats,
        ms: round(ms),
        baseline_ms: round(baselineMs),
        against,
        ratio: round(ms / baselineMs, 2),
        // CPU time, steadier than wall time on a shared machine (the target is on wall time).
        cpu_ratio: round(cpuMs / baselineCpuMs, 2),
        target: `ratio ≤ ${TARGET}`,
        met: ms / baselineMs <= TARGET,
      });
    }
  } finally {
    await sandbox.close();
    await rm(cwd, { recursive: true, force: true });
  }
}
