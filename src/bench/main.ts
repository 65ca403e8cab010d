/**
 * `npm run bench`: generates its inputs in a temporary folder, measures the built CLI as a
 * child process, and prints one JSON line per figure as it is measured, then tables.
 * Not part of the CLI: nothing under src/cli imports this folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { benchApply } from "./apply-bench.js";
import { benchConfig } from "./config.js";
import { benchFirstApply } from "./first-apply-bench.js";
import { benchPlan } from "./plan-bench.js";
import { benchReads } from "./reads-bench.js";
import { type Figure, figureLine, renderTables } from "./report.js";
import { benchStartup } from "./startup-bench.js";

const config = benchConfig(process.argv.slice(2), process.env);
const root = await mkdtemp(path.join(os.tmpdir(), "thulium-bench-"));
const figures: Figure[] = [];
const report = (figure: Figure) => {
  figures.push(figure);
  process.stdout.write(`${figureLine(figure)}\n`);
};
const started = Date.now();
const log = (message: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
const common = { root, report, log };

try {
  for (const section of config.sections) {
    if (section === "plan") await benchPlan({ ...common, ...config.plan });
    if (section === "apply") await benchApply({ ...common, ...config.apply });
    if (section === "startup") await benchStartup({ ...common, ...config.startup });
    if (section === "first-apply") await benchFirstApply({ ...common, ...config.firstApply });
    if (section === "reads") await benchReads({ ...common, ...config.reads });
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s`;
process.stdout.write(`\n${machine}\n\n${renderTables(figures)}\n`);
const missed = figures.filter((figure) => figure.met === false).length;
process.stdout.write(
  missed === 0 ? "\nEvery target met.\n" : `\n${missed} figure(s) missed their target.\n`,
);
