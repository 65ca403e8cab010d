/**
 * Start-up (issue 15, item 1): a command loads what it needs and nothing more. The built CLI
 * is spawned with a module hook that records every ES module Node loads; `validate` and
 * `plan` must not load ajv's compiler (the campaign schema is compiled at build time,
 * scripts/build-schemas.mjs), the HTTP client or the sandbox.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, REPO } from "./built-cli.js";

const hooks = mkdtempSync(path.join(tmpdir(), "thulium-imports-"));
afterAll(() => rmSync(hooks, { recursive: true, force: true }));

writeFileSync(
  path.join(hooks, "hooks.mjs"),
  `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.IMPORTS_LOG, url + "\\n");
  return next(url, context);
}
`,
);
writeFileSync(
  path.join(hooks, "register.mjs"),
  `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
);

/** The URLs of the ES modules the built CLI loads for these arguments, in the repository. */
function modulesLoaded(args: readonly string[]): string[] {
  const log = path.join(hooks, `${args[0]}.log`);
  const result = spawnSync(
    process.execPath,
    ["--import", path.join(hooks, "register.mjs"), MAIN, ...args],
    { cwd: REPO, env: { NO_COLOR: "1", IMPORTS_LOG: log }, encoding: "utf8", timeout: 20_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, "utf8").trim().split("\n");
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
    ["plan", "--dir", "campaigns", "--state", path.join(hooks, "none.json")],
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
