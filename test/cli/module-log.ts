/**
 * What a spawned CLI loads, for the start-up tests: a `--import` preload registers a module
 * hook that logs every ES module URL Node loads, every built-in `require`d (as `node:name`),
 * every file compiled by `vm.Script` (the bundle's chunks, src/bin/chunk-loader.ts, with
 * whether V8 took its code cache) and, at exit, every CommonJS file `require` loaded (yargs'
 * help layout in the bundle is one), one a line.
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
  /** ES module URLs, built-ins, chunk paths, then CommonJS paths, in load order. */
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
import Module, { createRequire, register, syncBuiltinESMExports } from "node:module";
import vm from "node:vm";
register("./hooks.mjs", import.meta.url);
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
