/**
 * Reading a saved plan (`apply FILE`) or a sandbox data file checks it against its JSON
 * Schema with the validator generated at build time (scripts/build-schemas.mjs): ajv's
 * compiler is never loaded at run time. The built CLI is spawned with a preload that
 * records every module file Node loads, as in startup-imports.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, REPO } from "./built-cli.js";
import { moduleLog } from "./module-log.js";

const log = moduleLog({ builtins: false });
const dir = mkdtempSync(path.join(tmpdir(), "thulium-schema-imports-"));
// The work folder exists before any test: each test runs alone, in any order.
mkdirSync(path.join(dir, "work"));
afterAll(() => {
  log.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built CLI in the work folder; its exit code and the modules it loaded. */
function run(args: readonly string[]): { status: number | null; stderr: string; loaded: string[] } {
  return log.run(MAIN, args, { cwd: path.join(dir, "work") });
}

const AJV = /\/ajv\//;

describe("start-up imports of the commands that read saved plans and sandbox data", () => {
  it("plan --out and apply FILE check the saved plan without loading ajv", () => {
    cpSync(path.join(REPO, "campaigns"), path.join(dir, "work", "campaigns"), { recursive: true });
    const saved = run(["plan", "--out", "plan.json"]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.loaded.filter((url) => AJV.test(url))).toEqual([]);
    // Writing a plan does not read one: its validator stays unloaded.
    expect(saved.loaded.filter((url) => /\/schema\/.*saved-plan/.test(url))).toEqual([]);
    const applied = run(["apply", "plan.json", "--sandbox", "--auto-approve"]);
    expect(applied.status, applied.stderr).toBe(0);
    // The saved plan's validator ran (it is loaded only to read a plan file).
    expect(applied.loaded.some((url) => url.endsWith("/schema/saved-plan-schema.js"))).toBe(true);
    expect(applied.loaded.some((url) => url.endsWith("/schema/sandbox-data-schema.js"))).toBe(true);
    expect(applied.loaded.filter((url) => AJV.test(url))).toEqual([]);
  });

  it("sandbox --data refuses a data file that does not match its schema without loading ajv", () => {
    writeFileSync(
      path.join(dir, "work", "bad.json"),
      JSON.stringify({ version: 1, campaigns: [{ id: "00001", order: "1" }] }),
    );
    const result = run(["sandbox", "--port", "0", "--data", "bad.json"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("campaigns[0].order must be a whole number");
    expect(result.loaded.filter((url) => AJV.test(url))).toEqual([]);
  });
});
