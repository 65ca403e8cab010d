/**
 * Running the CLI in tests. Two ways, one result shape ({@link CliResult}):
 *
 * - {@link runCli}: in-process. Parses and runs `src/cli/run.ts` `runCli` with an injected
 *   environment, working folder, stdin (text; not a terminal unless asked), clock and abort
 *   signal, and captures what it prints. No Node start-up per call, so use it for every
 *   end-to-end, bad-input, secrets, state and saved-plan case.
 * - {@link runBuiltCli} / {@link spawnCli}: the built executable, `dist/bundle/main.js` (the
 *   package's `bin`), as a child process, the way users and CI run it. Only for what needs a real process: smoke runs of the
 *   binary, signals (Ctrl-C), kill -9 and crash safety, the lock between two processes, the
 *   `--version` fast path in main.ts, a real process's exit code. `npm test` builds first;
 *   run `npm run build` before running such a suite alone.
 *
 * Both get the same environment ({@link cliEnv}): nothing from the test process but what
 * Node needs, NO_COLOR=1, and what the test passes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CliContext } from "../../src/cli/context.js";
import { createOutput } from "../../src/cli/output.js";
import { runCli as runCliInProcess } from "../../src/cli/run.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** tsc's output, one module per source file (test/cli/startup-imports.test.ts reads its graph). */
export const CLI_MAIN = path.join(REPO, "dist", "cli", "main.js");
/**
 * What spawned runs execute: the bundle the package ships (scripts/bundle.mjs), the same
 * code as CLI_MAIN in a few chunks, which starts in about two thirds of the CPU time (the
 * reliability suites spawn it dozens of times).
 */
export const CLI_BIN = path.join(REPO, "dist", "bundle", "main.js");

export interface CliResult {
  /** The exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory (a temp dir; never the repo when the command writes). */
  cwd: string;
  /** Added to the minimal environment (see cliEnv). */
  env?: Record<string, string>;
  /**
   * Spawned: killed with SIGKILL after this long. In-process: the run is aborted (as by
   * Ctrl-C) and the test fails. Default 30000.
   */
  timeoutMs?: number;
  /** Written to stdin, which is then closed. Default: stdin closed at once (not a TTY). */
  input?: string;
}

/** What only an in-process run can be given. */
export interface InProcessOptions extends CliOptions {
  /** The clock the CLI reads "today" and "now" from. Default: the real one. */
  now?: () => Date;
  /** Aborting it is Ctrl-C for the run. */
  signal?: AbortSignal;
  /** Make stdin claim to be a terminal (the apply prompt). Default false. */
  stdinIsTTY?: boolean;
}

/** The only variables a CLI under test sees from the test process: what Node needs. */
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"] as const;

/**
 * The CLI's environment, spawned or in-process: only what Node needs, NO_COLOR=1, and
 * `extra`. Nothing else is inherited, so a developer's THULIUM_* or FORCE_COLOR never
 * leaks into a test.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/** A stream that collects what is written to it as text. */
function collector(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** A context for an in-process run, and what it printed so far. */
export interface TestContext {
  ctx: CliContext;
  stdout(): string;
  stderr(): string;
}

/** The context `runCli` builds, for tests that drive a command themselves. */
export function testContext(args: readonly string[], options: InProcessOptions): TestContext {
  const env = cliEnv(options.env);
  const out = collector();
  const err = collector();
  const stdin = Object.assign(new PassThrough(), { isTTY: options.stdinIsTTY ?? false });
  if (options.input !== undefined) stdin.end(options.input);
  else stdin.end();
  return {
    ctx: {
      // As main.ts builds it, with streams that are not terminals.
      output: createOutput({
        stdout: out.stream,
        stderr: err.stream,
        env,
        colorFlag: !args.includes("--no-color"),
      }),
      env,
      cwd: options.cwd,
      stdin,
      exitCode: 0,
      signal: options.signal ?? new AbortController().signal,
      now: options.now ?? (() => new Date()),
    },
    stdout: out.text,
    stderr: err.text,
  };
}

/**
 * Variables Node itself reads once, at start-up: an in-process run cannot honour them, so a
 * test that sets one needs the built CLI ({@link runBuiltCli}).
 */
const READ_AT_START_UP = ["NODE_EXTRA_CA_CERTS", "NODE_OPTIONS", "NODE_TLS_REJECT_UNAUTHORIZED"];

/** Whether `env` sets a variable only a new process honours (see READ_AT_START_UP). */
export function needsOwnProcess(env: Record<string, string> = {}): boolean {
  return READ_AT_START_UP.some((name) => env[name] !== undefined);
}

/**
 * Runs `thulium-campaigns ...args` in this process and returns its exit code and output.
 * The same code main.ts runs, minus what only a process has (signal handlers, the bare
 * `--version` fast path): use {@link runBuiltCli} for those.
 */
export async function runCli(
  args: readonly string[],
  options: InProcessOptions,
): Promise<CliResult> {
  if (needsOwnProcess(options.env))
    throw new Error(
      `${READ_AT_START_UP.join(", ")} are read by Node at start-up: run this case with runBuiltCli.`,
    );
  const timeout = new AbortController();
  const signal =
    options.signal === undefined
      ? timeout.signal
      : AbortSignal.any([options.signal, timeout.signal]);
  const { ctx, stdout, stderr } = testContext(args, { ...options, signal });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, timeoutMs);
  try {
    const code = await runCliInProcess(args, ctx);
    if (timedOut)
      throw new Error(
        `thulium-campaigns ${args.join(" ")} ran longer than ${timeoutMs} ms:\n${stdout()}\n${stderr()}`,
      );
    return { code, signal: null, stdout: stdout(), stderr: stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** A running CLI with its output collected so far. */
export interface SpawnedCli {
  child: ChildProcess;
  /** Output so far (grows as the child writes). */
  readonly stdout: string;
  readonly stderr: string;
  /**
   * Resolves when the stream (stdout unless given) contains `text` (or matches it);
   * rejects if the child exits first.
   */
  waitForOutput(text: string | RegExp, stream?: "stdout" | "stderr"): Promise<void>;
  /** Resolves once the child has exited and its streams closed. */
  done: Promise<CliResult>;
}

/** Spawns the built CLI; for tests that signal it or watch its output as it runs. */
export function spawnCli(args: readonly string[], options: CliOptions): SpawnedCli {
  if (!existsSync(CLI_BIN))
    throw new Error(`${CLI_BIN} is missing: run \`npm run build\` first (npm test does).`);
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: {
    test: (s: string) => boolean;
    stream: "stdout" | "stderr";
    resolve: () => void;
  }[] = [];
  const check = () => {
    for (const watcher of [...watchers])
      if (watcher.test(watcher.stream === "stdout" ? stdout : stderr)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    check();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();

  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForOutput(text, stream = "stdout") {
      const test = (s: string) => (typeof text === "string" ? s.includes(text) : text.test(s));
      if (test(stream === "stdout" ? stdout : stderr)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        watchers.push({ test, stream, resolve });
        void done.then((result) =>
          reject(
            new Error(
              `CLI exited (${result.code ?? result.signal}) before printing ${String(text)} on ${stream}:\n${result.stdout}\n${result.stderr}`,
            ),
          ),
        );
      });
    },
    done,
  };
}

/** Runs the built CLI as a child process to completion; for what needs a real process. */
export function runBuiltCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return spawnCli(args, options).done;
}
