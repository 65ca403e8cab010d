/**
 * What a spawned CLI loads, for the start-up tests: a `--import` preload registers a module
 * hook that logs every ES module URL Node loads and, at exit, every CommonJS file `require`
 * loaded (yargs' help layout in the bundle is one), one a line.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cliEnv } from "../helpers/cli.js";

export interface LoggedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** ES module URLs, then CommonJS paths, in load order. */
  loaded: string[];
}

export interface ModuleLog {
  /** Spawns `node <preload> main ...args` and returns what it printed and loaded. */
  run(main: string, args: readonly string[], options: { cwd: string }): LoggedRun;
  cleanup(): void;
}

/** A temp folder holding the preload; `cleanup` removes it. */
export function moduleLog(): ModuleLog {
  const dir = mkdtempSync(path.join(tmpdir(), "thulium-module-log-"));
  writeFileSync(
    path.join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.MODULE_LOG, url + "\\n");
  return next(url, context);
}
`,
  );
  writeFileSync(
    path.join(dir, "register.mjs"),
    `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
register("./hooks.mjs", import.meta.url);
const require = createRequire(import.meta.url);
process.on("exit", () => {
  appendFileSync(process.env.MODULE_LOG, Object.keys(require.cache).join("\\n") + "\\n");
});
`,
  );
  let runs = 0;
  return {
    run(main, args, { cwd }) {
      runs += 1;
      const log = path.join(dir, `run-${runs}.log`);
      writeFileSync(log, "");
      const result = spawnSync(
        process.execPath,
        ["--import", path.join(dir, "register.mjs"), main, ...args],
        { cwd, env: cliEnv({ MODULE_LOG: log }), encoding: "utf8", timeout: 30_000 },
      );
      return {
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        loaded: readFileSync(log, "utf8").trim().split("\n").filter(Boolean),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
