/**
 * yargs' own messages stay English whatever the locale, as every message of the tool does
 * (and as the bundle, which ships no yargs locale files, always printed them): under
 * LANG=pl_PL the unbundled CLI used to say "Nieznany argument: bogus" in an English error.
 *
 * In-process: yargs reads the locale from this process's environment (not the CLI's
 * injected one) when it parses, and src/ loads yargs from node_modules, where its locale
 * files are, as the unbundled CLI does. So the variables are set on this process for each
 * run (and restored): without `.locale("en")` in src/cli/parser.ts these runs print Polish
 * and German.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";

const cwd = mkdtempSync(path.join(tmpdir(), "thulium-locale-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs the CLI in-process with `env` as this process's locale and in the CLI's environment. */
function runUnder(env: Record<string, string>, args: string[]) {
  // Only the one variable: another locale variable of the developer's shell must not win.
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"]) vi.stubEnv(name, "");
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return runCli(args, { cwd, env });
}

describe("yargs' messages under a non-English locale", () => {
  for (const env of [{ LANG: "pl_PL.UTF-8" }, { LC_ALL: "de_DE.UTF-8" }]) {
    it(`an unknown flag is reported in English (${Object.entries(env)[0]?.join("=")})`, async () => {
      const result = await runUnder(env, ["plan", "--bogus"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("Error: Unknown argument: bogus\nRun with --help for usage.\n");
    });

    it(`--help is in English (${Object.entries(env)[0]?.join("=")})`, async () => {
      const result = await runUnder(env, ["validate", "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Show help");
      expect(result.stdout).toContain("Options:");
    });
  }
});
