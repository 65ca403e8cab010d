/**
 * yargs' own messages stay English whatever the locale, as every message of the tool does
 * (and as the bundle, which ships no yargs locale files, always printed them): under
 * LANG=pl_PL the unbundled CLI used to say "Nieznany argument: bogus" in an English error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "./built-cli.js";

const cwd = mkdtempSync(path.join(tmpdir(), "thulium-locale-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("yargs' messages under a non-English locale", () => {
  for (const env of [{ LANG: "pl_PL.UTF-8" }, { LC_ALL: "de_DE.UTF-8" }]) {
    it(`an unknown flag is reported in English (${Object.entries(env)[0]?.join("=")})`, () => {
      const result = runBuiltCli(["plan", "--bogus"], cwd, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("Error: Unknown argument: bogus\nRun with --help for usage.\n");
    });

    it(`--help is in English (${Object.entries(env)[0]?.join("=")})`, () => {
      const result = runBuiltCli(["validate", "--help"], cwd, env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Show help");
      expect(result.stdout).toContain("Options:");
    });
  }
});
