/**
 * First apply of many campaigns (empty state, no latency) against a bare HTTP loop that
 * sends the same PUTs to the same server in the same run: what apply adds on top of the
 * requests themselves (files, plan, state writes, progress output).
 */
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { normaliseFields } from "../core/normalise.js";
import { writeCampaignFiles } from "./generate.js";
import { benchScript, CLI, expectExit, median, runNode } from "./measure.js";
import { type Figure, round } from "./report.js";
import { startBenchSandbox } from "./sandbox-fixture.js";

export interface FirstApplyBenchOptions {
  root: string;
  campaigns: number;
  concurrency: number;
  repeats: number;
  report: (figure: Figure) => void;
  log: (message: string) => void;
}

const RATIO_TARGET = 2;

export async function benchFirstApply(options: FirstApplyBenchOptions): Promise<void> {
  const cwd = path.join(options.root, "first-apply");
  const campaigns = await writeCampaignFiles(cwd, "campaigns", options.campaigns, "100-per-file");
  const puts = campaigns.map((campaign) => ({
    path: `/outbounds/${campaign.id}`,
    body: normaliseFields(campaign.fields),
  }));
  await writeFile(path.join(cwd, "requests.json"), JSON.stringify(puts));
  const sandbox = await startBenchSandbox({
    latencyMs: 0,
    seed: campaigns.map((campaign) => ({
      id: campaign.id,
      fields: { name: `Campaign ${campaign.id}` },
    })),
  });
  const applyMs: number[] = [];
  const bareMs: number[] = [];
  const counts: number[] = [];
  try {
    for (let i = 0; i < options.repeats; i++) {
      options.log(`first apply: ${options.campaigns} campaigns, run ${i + 1}/${options.repeats}`);
      await removeState(cwd);
      await sandbox.resetCounts();
      const apply = await runNode(
        [
          CLI,
          "apply",
          "--dir",
          "campaigns",
          "--state",
          "state/state.json",
          "--auto-approve",
          "--concurrency",
          String(options.concurrency),
        ],
        { cwd, env: sandbox.env },
      );
      expectExit(apply, [0], "first apply");
      applyMs.push(apply.wallMs);
      counts.push((await sandbox.puts()).ok);

      await sandbox.resetCounts();
      const bare = await runNode(
        [benchScript("bare-put-loop.js"), "requests.json", String(options.concurrency)],
        { cwd, env: sandbox.env },
      );
      expectExit(bare, [0], "bare HTTP loop");
      bareMs.push(bare.wallMs);
      if ((await sandbox.puts()).ok !== options.campaigns)
        throw new Error("the bare loop lost requests");
    }
  } finally {
    await sandbox.close();
    await rm(cwd, { recursive: true, force: true });
  }
  const apply = median(applyMs);
  const bare = median(bareMs);
  const requests = Math.min(...counts);
  options.report({
    figure: "first-apply",
    campaigns: options.campaigns,
    concurrency: options.concurrency,
    runs: options.repeats,
    apply_ms: round(apply),
    bare_ms: round(bare),
    ratio: round(apply / bare, 2),
    requests,
    target: `ratio ≤ ${RATIO_TARGET}`,
    met: apply / bare <= RATIO_TARGET && requests === options.campaigns,
  });
}

/** A first apply starts from no state at all: the file, its backup, any temp files. */
async function removeState(cwd: string): Promise<void> {
  const dir = path.join(cwd, "state");
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(entries.map((entry) => rm(path.join(dir, entry), { force: true })));
}
