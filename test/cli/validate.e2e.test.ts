/**
 * End to end: `validate` through the whole CLI (parser, command, renderers, exit code), run
 * in-process with the test environment (test/helpers/cli.ts). The built binary's own smoke
 * runs are in test/e2e/apply-sandbox.test.ts.
 */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliText } from "./built-cli.js";

const repo = new URL("../../", import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
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

/** NO_COLOR unset (empty) unless a test sets it, so the colour rules can be seen. */
async function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return cliText(args, cwd, { NO_COLOR: "", ...env });
}

describe("thulium-campaigns validate (built CLI)", () => {
  it("validates the example campaigns with a one-line summary", async () => {
    expect(await run(["validate"], repo)).toEqual({
      code: 0,
      stdout: "✓ 6 campaigns in 5 files are valid.\n",
      stderr: "",
    });
  });

  it("prints the location of a broken file and exits 1", async () => {
    const { code, stdout, stderr } = await run(["validate"], dir);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toBe(
      "campaigns/broken.yaml:3:8 error /order: must be a whole number from 1 to 99999, not 0\n" +
        "✗ 1 error in 6 files (7 campaigns).\n",
    );
  });

  it("--format json and --format github on the same broken folder", async () => {
    const json = await run(["validate", "--format", "json"], dir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      files: 6,
      campaigns: 7,
      errors: [{ file: "campaigns/broken.yaml", line: 3, column: 8, path: "/order" }],
      warnings: [],
    });
    const github = await run(["validate", "--format", "github"], dir);
    expect(github.code).toBe(1);
    expect(github.stdout.split("\n")[0]).toBe(
      "::error file=campaigns/broken.yaml,line=3,col=8,title=thulium-campaigns error::/order: must be a whole number from 1 to 99999, not 0",
    );
  });

  it("has no colour when piped, and colour only when forced and NO_COLOR is unset", async () => {
    expect((await run(["validate", "--dir", "campaigns"], repo)).stdout).not.toContain("\u001b[");
    expect((await run(["validate"], repo, { FORCE_COLOR: "1" })).stdout).toContain("\u001b[");
    expect(
      (await run(["validate"], repo, { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout,
    ).not.toContain("\u001b[");
    expect(
      (await run(["validate", "--no-color"], repo, { FORCE_COLOR: "1" })).stdout,
    ).not.toContain("\u001b[");
  });

  it("lists validate in --help", async () => {
    const help = await run(["--help"], repo);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate\s+Parse and validate every campaign file/);
  });
});
