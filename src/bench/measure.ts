/** Running a child process and measuring its wall time and, optionally, its peak memory. */
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shipped executable (the bundle, package.json `bin`), beside this module in dist/. */
export const CLI = fileURLToPath(new URL("../bundle/main.js", import.meta.url));
/** A compiled bench helper script in dist/bench/. */
export const benchScript = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const PROBE = new URL("./rss-probe.js", import.meta.url).href;

/** One measured run. */
export interface Run {
  wallMs: number;
  /** Peak RSS in MB; only when measured with `rss: true`. */
  rssMb?: number;
  /** CPU time used (user + system) in ms; only when measured with `rss: true`. */
  cpuMs?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Preload the RSS and CPU probe (adds one tiny module; leave off for start-up figures). */
  rss?: boolean;
  /** Keep stdout (default: discarded, as a CI log or a terminal would take it). */
  captureStdout?: boolean;
}

/**
 * What a measured child inherits: only what Node needs, and NO_COLOR=1 (the tests' policy,
 * test/helpers/cli.ts). A developer's THULIUM_* or FORCE_COLOR would change what is measured.
 */
function benchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"])
    if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

/** Runs `node ...args` and measures it from spawn to exit. Never throws on a non-zero exit. */
export async function runNode(args: readonly string[], options: RunOptions): Promise<Run> {
  const rssFile = path.join(options.cwd, `.rss-${process.pid}-${Date.now()}`);
  const nodeArgs = options.rss ? ["--import", PROBE, ...args] : [...args];
  const env = {
    ...benchEnv(),
    ...options.env,
    ...(options.rss ? { BENCH_RSS_OUT: rssFile } : {}),
  };
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: options.cwd,
    env,
    stdio: ["ignore", options.captureStdout ? "pipe" : "ignore", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    // Bounded: only the tail matters, to explain a failure.
    stderr = (stderr + chunk).slice(-20_000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exit) => resolve(exit));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const run: Run = { wallMs, code, stdout, stderr };
  if (options.rss) {
    const [maxRssKb, cpuMicros] = (await readFile(rssFile, "utf8")).split(" ").map(Number);
    run.rssMb = (maxRssKb ?? Number.NaN) / 1024;
    run.cpuMs = (cpuMicros ?? Number.NaN) / 1000;
    await rm(rssFile, { force: true });
  }
  return run;
}

/** Fails loudly when a measured command did not do what it was asked (a bench of an error is worthless). */
export function expectExit(run: Run, codes: readonly number[], what: string): Run {
  if (run.code === null || !codes.includes(run.code)) {
    throw new Error(`${what} exited with ${run.code}:\n${run.stderr.slice(-4000)}`);
  }
  return run;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `measure` `times` times, one after another, and returns every run. */
export async function repeat<T>(times: number, measure: () => Promise<T>): Promise<T[]> {
  const runs: T[] = [];
  for (let i = 0; i < times; i++) runs.push(await measure());
  return runs;
}
