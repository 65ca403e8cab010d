/**
 * Runs the built CLI (`dist/cli/main.js`) as a child process, the way users and CI do.
 * Tests may assume dist/ is built (`npm test` builds first); run `npm run build` before
 * running a single suite.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const CLI_MAIN = path.join(REPO, "dist", "cli", "main.js");

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
  /** Killed with SIGKILL after this long. Default 30000. */
  timeoutMs?: number;
  /** Written to stdin, which is then closed. Default: stdin closed at once (not a TTY). */
  input?: string;
}

/**
 * The child's environment: only what Node needs, NO_COLOR=1, and `extra`. Nothing is
 * inherited, so a developer's THULIUM_* or FORCE_COLOR never leaks into a test.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
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

/** Spawns the CLI; for tests that signal it or watch its output as it runs. */
export function spawnCli(args: readonly string[], options: CliOptions): SpawnedCli {
  if (!existsSync(CLI_MAIN))
    throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` first (npm test does).`);
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
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

/** Runs the CLI to completion and returns its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return spawnCli(args, options).done;
}
