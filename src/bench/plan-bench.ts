/**
 * `plan` at scale: unchanged and 1% changed, in both layouts, against a bare script that
 * only reads and YAML-parses the same files, measured in the same run.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Layout, writeCampaignFiles, writeStateFor } from "./generate.js";
import { benchScript, CLI, expectExit, median, type Run, runNode } from "./measure.js";
import { type Figure, round } from "./report.js";

export interface PlanBenchOptions {
  root: string;
  sizes: readonly number[];
  layouts: readonly Layout[];
  /** Runs per figure (the median is reported); fewer for the largest sizes keeps the bench short. */
  repeats: (size: number) => number;
  report: (figure: Figure) => void;
  log: (message: string) => void;
}

/** Largest size the RSS target is set for, and the targets themselves. */
const RSS_TARGET_SIZE = 50_000;
const RSS_TARGET_MB = 300;
const RATIO_TARGET_SIZE = 10_000;
// Issue 15 tightened it from 1.5.
const RATIO_TARGET = 1.35;

export async function benchPlan(options: PlanBenchOptions): Promise<void> {
  for (const size of options.sizes) {
    for (const layout of options.layouts) {
      await benchOne(size, layout, options);
    }
  }
}

async function benchOne(size: number, layout: Layout, options: PlanBenchOptions): Promise<void> {
  const cwd = path.join(options.root, `plan-${size}-${layout}`);
  options.log(`plan: generating ${size} campaigns, ${layout}`);
  const campaigns = await writeCampaignFiles(cwd, "campaigns", size, layout);
  const unchangedState = path.join(cwd, "unchanged.json");
  const changedState = path.join(cwd, "changed.json");
  await writeStateFor(unchangedState, campaigns, { changedEvery: 0, target: null });
  const changed = await writeStateFor(changedState, campaigns, { changedEvery: 100, target: null });

  // THULIUM_URL unset: plan needs no target; --detailed-exitcode proves what it found.
  const env = { THULIUM_URL: "", NO_COLOR: "1" };
  const plan = (state: string, exit: number) => async () =>
    expectExit(
      await runNode([CLI, "plan", "--dir", "campaigns", "--state", state, "--detailed-exitcode"], {
        cwd,
        env,
        rss: true,
      }),
      [exit],
      `plan of ${size} campaigns (${layout})`,
    );
  const baseline = async () =>
    expectExit(
      await runNode([benchScript("baseline-parse.js"), "campaigns"], { cwd, rss: true }),
      [0],
      "baseline",
    );

  // Interleaved, so drift on a busy machine hits all three alike.
  const runs = { baseline: [] as Run[], unchanged: [] as Run[], changed: [] as Run[] };
  const repeats = options.repeats(size);
  for (let i = 0; i < repeats; i++) {
    options.log(`plan: ${size} campaigns, ${layout}, run ${i + 1}/${repeats}`);
    runs.baseline.push(await baseline());
    runs.unchanged.push(await plan(unchangedState, 0)());
    runs.changed.push(await plan(changedState, 2)());
  }
  await rm(cwd, { recursive: true, force: true });

  const baselineMs = median(runs.baseline.map((run) => run.wallMs));
  const baselineMb = median(runs.baseline.map((run) => run.rssMb ?? Number.NaN));
  const baselineCpuMs = median(runs.baseline.map((run) => run.cpuMs ?? Number.NaN));
  for (const scenario of ["unchanged", "1%-changed"] as const) {
    const measured = scenario === "unchanged" ? runs.unchanged : runs.changed;
    const ms = median(measured.map((run) => run.wallMs));
    const mb = median(measured.map((run) => run.rssMb ?? Number.NaN));
    const cpuMs = median(measured.map((run) => run.cpuMs ?? Number.NaN));
    const ratio = ms / baselineMs;
    const figure: Figure = {
      figure: "plan",
      campaigns: size,
      layout,
      scenario,
      changed: scenario === "unchanged" ? 0 : changed,
      runs: repeats,
      plan_ms: round(ms),
      plan_rss_mb: round(mb),
      baseline_ms: round(baselineMs),
      baseline_rss_mb: round(baselineMb),
      ratio: round(ratio, 2),
      // The same comparison in CPU time: steadier than wall time when other work shares the
      // machine (the target is on wall time).
      cpu_ratio: round(cpuMs / baselineCpuMs, 2),
    };
    const targets: string[] = [];
    let met = true;
    if (size === RATIO_TARGET_SIZE && scenario === "unchanged") {
      targets.push(`ratio ≤ ${RATIO_TARGET}`);
      met &&= ratio <= RATIO_TARGET;
    }
    if (size === RSS_TARGET_SIZE) {
      targets.push(`RSS < ${RSS_TARGET_MB} MB`);
      met &&= mb < RSS_TARGET_MB;
    }
    if (targets.length > 0) {
      figure.target = targets.join(", ");
      figure.met = met;
    }
    options.report(figure);
  }
}
