/**
 * Start-up: `--version`, `validate` of one file, and `validate` and `plan` of the shipped
 * examples (campaigns/), against `node -e 0`, interleaved.
 */
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { campaignFields, campaignId, campaignYaml } from "./generate.js";
import { CLI, expectExit, median, runNode } from "./measure.js";
import { type Figure, round } from "./report.js";

export interface StartupBenchOptions {
  root: string;
  repeats: number;
  report: (figure: Figure) => void;
  log: (message: string) => void;
}

const VERSION_TARGET = 2;
/** Issue 15: `validate` and `plan` of the examples, at most this many times `node -e 0`. */
const EXAMPLES_TARGET = 3;
/** The shipped example campaigns, at the package root. */
const EXAMPLES = new URL("../../campaigns/", import.meta.url);

export async function benchStartup(options: StartupBenchOptions): Promise<void> {
  const cwd = path.join(options.root, "startup");
  await mkdir(cwd, { recursive: true });
  await writeFile(path.join(cwd, "one.yaml"), campaignYaml(campaignId(0), campaignFields(0)));
  await cp(EXAMPLES, path.join(cwd, "campaigns"), { recursive: true });
  const commands = {
    node: ["-e", "0"],
    version: [CLI, "--version"],
    validate: [CLI, "validate", "--dir", "one.yaml"],
    validateExamples: [CLI, "validate"],
    planExamples: [CLI, "plan"],
  };
  const times = {
    node: [] as number[],
    version: [] as number[],
    validate: [] as number[],
    validateExamples: [] as number[],
    planExamples: [] as number[],
  };
  options.log(`start-up: ${options.repeats} runs each`);
  // One warm-up round, so the first figure does not pay for a cold disk cache.
  for (let i = -1; i < options.repeats; i++) {
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const run = expectExit(await runNode(args, { cwd }), [0], `${name}`);
      if (i >= 0) times[name].push(run.wallMs);
    }
  }
  await rm(cwd, { recursive: true, force: true });
  const node = median(times.node);
  for (const [command, key] of [
    ["--version", "version"],
    ["validate (one file)", "validate"],
    ["validate (examples)", "validateExamples"],
    ["plan (examples)", "planExamples"],
  ] as const) {
    const ms = median(times[key]);
    const figure: Figure = {
      figure: "startup",
      command,
      runs: options.repeats,
      ms: round(ms),
      node_ms: round(node),
      ratio: round(ms / node, 2),
    };
    if (key === "version") {
      figure.target = `ratio ≤ ${VERSION_TARGET}`;
      figure.met = ms / node <= VERSION_TARGET;
    }
    if (key === "validateExamples" || key === "planExamples") {
      figure.target = `ratio ≤ ${EXAMPLES_TARGET}`;
      figure.met = ms / node <= EXAMPLES_TARGET;
    }
    options.report(figure);
  }
}
