/**
 * What a spawned CLI loads, for the start-up tests: a `--import` preload registers a module
 * hook that logs every ES module URL Node loads and, at exit, every CommonJS file `require`
 * loaded (yargs' help layout in the bundle is one), one a line.
 *
 * `moduleLog({ builtins: false })` logs the same files without the hook, for tests that
 * look only at files: the preload listens, in the CLI's own thread, for the scripts V8
 * compiles (every ES module is compiled when it is linked) through node:inspector. Node 20
 * runs a module hook on a thread of its own, which cost ~0.3 s of CPU per run (a spawned
 * `validate` took ~0.7 s instead of ~0.4 s); the inspector adds next to nothing. It cannot
 * see the built-in modules (`node:fs`), which are not compiled from source.
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
export function moduleLog({ builtins = true }: { builtins?: boolean } = {}): ModuleLog {
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
  writeFileSync(
    path.join(dir, "register-files.mjs"),
    `import { appendFileSync } from "node:fs";
import { Session } from "node:inspector";
import { createRequire } from "node:module";
// Enabling the debugger reports the scripts compiled so far too: this preload's own, and
// Node's internals (named node:…), which are left out with it.
const urls = [];
const session = new Session();
session.connect();
session.on("Debugger.scriptParsed", ({ params }) => {
  if (params.url.startsWith("file:") && params.url !== import.meta.url) urls.push(params.url);
});
session.post("Debugger.enable");
const require = createRequire(import.meta.url);
process.on("exit", () => {
  const cjs = Object.keys(require.cache);
  appendFileSync(process.env.MODULE_LOG, [...urls, ...cjs].join("\\n") + "\\n");
});
`,
  );
  const preload = path.join(dir, builtins ? "register.mjs" : "register-files.mjs");
  let runs = 0;
  return {
    run(main, args, { cwd }) {
      runs += 1;
      const log = path.join(dir, `run-${runs}.log`);
      writeFileSync(log, "");
      const result = spawnSync(process.execPath, ["--import", preload, main, ...args], {
        cwd,
        env: cliEnv({ MODULE_LOG: log }),
        encoding: "utf8",
        timeout: 30_000,
      });
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
