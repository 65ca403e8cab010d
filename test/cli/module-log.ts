/**
 * What a spawned CLI loads, for the start-up tests: a `--import` preload registers a module
 * preload that logs, one a line, what the spawned CLI loads.
 *
 * `moduleLog()` is for the bundle (dist/bundle/, CommonJS): every built-in `require`d (as
 * `node:name`), every file compiled by `vm.Script` (the bundle's chunks,
 * src/bin/chunk-loader.ts, with whether V8 took its code cache) and, at exit, every
 * CommonJS file `require` loaded (the bin, yargs' help layout).
 *
 * `moduleLog({ builtins: false })` is for the unbundled ES modules (dist/cli/main.js): the
 * preload listens, in the CLI's own thread, for the scripts V8 compiles (every ES module is
 * compiled when it is linked) through node:inspector. A module hook would see them too, but
 * Node 20 runs hooks on a thread of their own, which cost ~0.3 s of CPU per run; the
 * inspector adds next to nothing. It cannot see the built-in modules (`node:fs`), which are
 * not compiled from source.
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
  /** Built-ins and chunk names, then CommonJS paths; or ES module URLs (`builtins: false`). */
  loaded: string[];
  /** Files compiled by `vm.Script`: from V8's code cache, from source, or with a cache V8 refused. */
  compiled: { filename: string; from: "cache" | "source" | "rejected-cache" }[];
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
    path.join(dir, "register.mjs"),
    `import { appendFileSync } from "node:fs";
import Module, { createRequire, syncBuiltinESMExports } from "node:module";
import vm from "node:vm";
const log = (line) => appendFileSync(process.env.MODULE_LOG, line + "\\n");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (Module.isBuiltin(request)) log("node:" + request.replace(/^node:/, ""));
  return load.call(this, request, ...rest);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    const from = options?.cachedData === undefined ? "source" : this.cachedDataRejected ? "rejected-cache" : "cache";
    log(options?.filename);
    log("compiled " + from + " " + options?.filename);
  }
};
syncBuiltinESMExports();
const require = createRequire(import.meta.url);
process.on("exit", () => log(Object.keys(require.cache).join("\\n")));
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
      const lines = readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
      return {
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        loaded: lines.filter((line) => !line.startsWith("compiled ")),
        compiled: lines.flatMap((line) => {
          const match = /^compiled (cache|source|rejected-cache) (.*)$/.exec(line);
          return match ? [{ filename: match[2] as string, from: match[1] as "cache" }] : [];
        }),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
