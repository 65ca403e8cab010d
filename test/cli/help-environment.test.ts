/**
 * The environment variables each command reads are listed in its `--help` (an
 * "Environment:" section), through the built CLI: credentials are never flags, so `--help`
 * is where a user looks for how to pass them.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliText, REPO } from "./built-cli.js";

/** The "Environment:" section of a help text, up to the next blank line or the end. */
function environmentSection(help: string): string {
  const start = help.indexOf("\nEnvironment:\n");
  expect(start, help).toBeGreaterThanOrEqual(0);
  return help.slice(start);
}

/** Every variable the Thulium client reads (src/io/thulium/options.ts). */
const CLIENT_VARIABLES = [
  "THULIUM_URL",
  "THULIUM_USER",
  "THULIUM_PASSWORD",
  "THULIUM_TIMEOUT_MS",
  "THULIUM_RETRIES",
  "THULIUM_RETRY_BASE_MS",
];

/** Every `THULIUM_*` name anywhere in src/: a variable added later must join the help too. */
async function variablesNamedInSource(): Promise<string[]> {
  const names = new Set<string>();
  const files = await readdir(path.join(REPO, "src"), { recursive: true });
  for (const file of files.filter((name) => name.endsWith(".ts"))) {
    const text = await readFile(path.join(REPO, "src", file), "utf8");
    for (const match of text.matchAll(/\bTHULIUM_[A-Z_]+\b/g)) names.add(match[0]);
  }
  return [...names].sort();
}

describe("Environment: in --help", () => {
  it("apply --help names every THULIUM_* variable the source mentions", async () => {
    const section = environmentSection((await cliText(["apply", "--help"], REPO)).stdout);
    const names = await variablesNamedInSource();
    expect(names).toEqual(expect.arrayContaining(CLIENT_VARIABLES));
    for (const name of names) expect(section, name).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });

  it.each([["apply"], ["reconcile"], ["import"]])(
    "%s --help lists every variable apply reads",
    async (command) => {
      const { code, stdout } = await cliText([command, "--help"], REPO);
      expect(code).toBe(0);
      const section = environmentSection(stdout);
      for (const name of [...CLIENT_VARIABLES, "NO_COLOR"])
        expect(section).toMatch(new RegExp(`^  ${name}\\b`, "m"));
      expect(section).toContain("https://acme.thulium.com/api");
      // With --sandbox the credentials only name the sandbox's own user.
      expect(section).toMatch(/--sandbox/);
    },
  );

  it("sandbox --help lists the credentials it accepts, their defaults, and THULIUM_URL", async () => {
    const { code, stdout } = await cliText(["sandbox", "--help"], REPO);
    expect(code).toBe(0);
    const section = environmentSection(stdout);
    expect(section).toMatch(/^ {2}THULIUM_USER\b.*api_user/m);
    expect(section).toMatch(/^ {2}THULIUM_PASSWORD\b.*api_pass/m);
    expect(section).toMatch(/^ {2}THULIUM_URL\b/m);
  });

  it("plan --help says what THULIUM_URL does for plan, and that no credentials are needed", async () => {
    const { code, stdout } = await cliText(["plan", "--help"], REPO);
    expect(code).toBe(0);
    const section = environmentSection(stdout);
    expect(section).toMatch(/^ {2}THULIUM_URL\b/m);
    expect(section).toMatch(/no credentials/i);
    expect(section).toMatch(/^ {2}NO_COLOR\b/m);
  });
});
