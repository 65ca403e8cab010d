/**
 * Spawns the built CLI (`dist/cli/main.js`) as users and CI run it, with an explicit
 * environment: NO_COLOR, and nothing inherited (no THULIUM_* from the developer's shell).
 * `npm test` builds first; run `npm run build` before running a file alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const REPO = new URL("../../", import.meta.url).pathname;
export const MAIN = path.join(REPO, "dist", "cli", "main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `thulium-campaigns ...args` in `cwd` and waits for it. */
export function runBuiltCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CliResult {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  }
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    env: { NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
