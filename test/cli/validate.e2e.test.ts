/**
 * End to end: the built CLI (`dist/cli/main.js`) spawned as a process, as users and CI run
 * it. `npm test` builds first; run `npm run build` before running this file alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const main = path.join(repo, "dist", "cli", "main.js");
let dir: string;

beforeAll(async () => {
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
  dir = await mkdtemp(path.join(tmpdir(), "validate-e2e-"));
  // The examples plus one broken file, shared by the failure tests.
  await cp(path.join(repo, "campaigns"), path.join(dir, "campaigns"), { recursive: true });
  await writeFile(
    path.join(dir, "campaigns", "broken.yaml"),
    'id: "00007"\nname: Test\norder: 0\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [main, ...args], {
    cwd,
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("thulium-campaigns validate (built CLI)", () => {
  it("validates the example campaigns with a one-line summary", () => {
    expect(run(["validate"], repo)).toEqual({
      code: 0,
      stdout: "✓ 6 campaigns in 5 files are valid.\n",
      stderr: "",
    });
  });

  it("prints the location of a broken file and exits 1", () => {
    const { code, stdout, stderr } = run(["validate"], dir);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toBe(
      "campaigns/broken.yaml:3:8 error /order: must be a whole number from 1 to 99999, not 0\n" +
        "✗ 1 error in 6 files (7 campaigns).\n",
    );
  });

  it("--format json and --format github on the same broken folder", () => {
    const json = run(["validate", "--format", "json"], dir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      files: 6,
      campaigns: 7,
      errors: [{ file: "campaigns/broken.yaml", line: 3, column: 8, path: "/order" }],
      warnings: [],
    });
    const github = run(["validate", "--format", "github"], dir);
    expect(github.code).toBe(1);
    expect(github.stdout.split("\n")[0]).toBe(
      "::error file=campaigns/broken.yaml,line=3,col=8,title=thulium-campaigns error::/order: must be a whole number from 1 to 99999, not 0",
    );
  });

  it("has no colour when piped, and colour only when forced and NO_COLOR is unset", () => {
    expect(run(["validate", "--dir", "campaigns"], repo).stdout).not.toContain("\u001b[");
    expect(run(["validate"], repo, { FORCE_COLOR: "1" }).stdout).toContain("\u001b[");
    expect(run(["validate"], repo, { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain(
      "\u001b[",
    );
    expect(run(["validate", "--no-color"], repo, { FORCE_COLOR: "1" }).stdout).not.toContain(
      "\u001b[",
    );
  });

  it("lists validate in --help", () => {
    const help = run(["--help"], repo);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate\s+Parse and validate every campaign file/);
  });
});
