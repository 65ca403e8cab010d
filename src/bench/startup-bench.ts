/** Start-up: `--version` and `validate` of one file, against `node -e 0`, interleaved. */
import { mkdir, rm, writeFile } from "node:fs/promises";
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

export async function benchStartup(options: StartupBenchOptions): Promise<void> {
  const cwd = path.join(options.root, "startup");
  await mkdir(cwd, { recursive: true });
  await writeFile(path.join(cwd, "one.yaml"), campaignYaml(campaignId(0), campaignFields(0)));
  const commands = {
    node: ["-e", "0"],
    version: [CLI, "--version"],
    validate: [CLI, "validate", "--dir", "one.yaml"],
  };
  const times = { node: [] as number[], version: [] as number[], validate: [] as number[] };
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
    options.report(figure);
  }
}
