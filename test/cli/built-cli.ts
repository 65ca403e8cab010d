/**
 * The CLI for the test/cli suites, as `{ code, stdout, stderr }`:
 * - {@link cliText} runs it in-process (test/helpers/cli.ts `runCli`): the default.
 * - {@link runBuiltCli} spawns the built `dist/cli/main.js`, for what only the real
 *   process shows (the `--version` fast path in main.ts). `npm test` builds first; run
 *   `npm run build` before running such a file alone.
 * Both get the one test environment (test/helpers/cli.ts `cliEnv`): NO_COLOR, and nothing
 * inherited but what Node needs (no THULIUM_* from the developer's shell).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { CLI_MAIN, cliEnv, REPO as REPO_ROOT, runCli } from "../helpers/cli.js";

export const REPO = REPO_ROOT;
export const MAIN = CLI_MAIN;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `thulium-campaigns ...args` in `cwd`, in this process. */
export async function cliText(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const { code, stdout, stderr } = await runCli(args, { cwd, env });
  return { code, stdout, stderr };
}

/** Spawns the built `thulium-campaigns ...args` in `cwd` and waits for it. */
export function runBuiltCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): CliResult {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  }
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: path.resolve(cwd),
    env: cliEnv(env),
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
