/**
 * Start-up (issue 15, item 1): a command loads what it needs and nothing more. The built CLI
 * is spawned with a preload that records every module file Node loads (module-log.ts,
 * without built-ins: the cheap, in-thread way); `validate` and
 * `plan` must not load ajv's compiler (the campaign schema is compiled at build time,
 * scripts/build-schemas.mjs), the HTTP client or the sandbox.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, REPO } from "./built-cli.js";
import { moduleLog } from "./module-log.js";

const log = moduleLog({ builtins: false });
const scratch = mkdtempSync(path.join(tmpdir(), "thulium-imports-"));
afterAll(() => {
  log.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** The URLs of the ES modules the built CLI loads for these arguments, in the repository. */
function modulesLoaded(args: readonly string[]): string[] {
  const result = log.run(MAIN, args, { cwd: REPO });
  expect(result.status, result.stderr).toBe(0);
  return result.loaded;
}

const HEAVY_AND_UNNEEDED = [
  /\/ajv\/dist\/(ajv|core)\.js$/, // the schema compiler: validators are generated at build time
  /\/node_modules\/ky\//, // the HTTP client: validate and plan never reach the network
  /\/dist\/sandbox\//, // the sandbox server
  /\/dist\/cli\/flows\/(apply|drift|import|doctor|init)-flow\.js$/,
];

describe("start-up imports", () => {
  for (const args of [
    ["validate", "--dir", "campaigns"],
    ["plan", "--dir", "campaigns", "--state", path.join(scratch, "none.json")],
  ]) {
    it(`${args[0]} loads neither ajv's compiler, the HTTP client nor the sandbox`, () => {
      const loaded = modulesLoaded(args);
      expect(loaded.some((url) => url.endsWith("/dist/cli/main.js"))).toBe(true);
      for (const pattern of HEAVY_AND_UNNEEDED) {
        expect(loaded.filter((url) => pattern.test(url))).toEqual([]);
      }
    });
  }

  it("the generated validators are up to date with schemas/", () => {
    const result = spawnSync(process.execPath, ["scripts/build-schemas.mjs", "--check"], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
