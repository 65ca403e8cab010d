/**
 * `--help` of every command (exit 0, a usage line, examples), `--version`, and the shell
 * completion script, through the built CLI.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliText, REPO, runBuiltCli } from "./built-cli.js";

const COMMANDS = [
  ["validate"],
  ["plan"],
  ["apply"],
  ["reconcile"],
  ["sandbox"],
  ["init"],
  ["state"],
  ["state", "list"],
  ["state", "show"],
  ["state", "rm"],
] as const;

describe("--help", () => {
  it("lists every command, with examples, at the top level", async () => {
    const { code, stdout, stderr } = await cliText(["--help"], REPO);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const command of ["validate", "plan", "apply", "sandbox", "init", "state", "completion"])
      expect(stdout).toMatch(new RegExp(`^  thulium-campaigns ${command}\\b`, "m"));
    expect(stdout).toContain("\nExamples:\n  thulium-campaigns init acme-campaigns");
  });

  it.each(COMMANDS.map((words) => [words.join(" "), words] as const))(
    "%s --help exits 0 and shows examples of that command",
    async (_name, words) => {
      const { code, stdout, stderr } = await cliText([...words, "--help"], REPO);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      // `reconcile` is apply's alias: its help is apply's.
      const shown = words[0] === "reconcile" ? ["apply"] : words;
      expect(stdout.split("\n")[0]).toMatch(new RegExp(`^thulium-campaigns ${shown.join(" ")}\\b`));
      const examples = stdout.slice(stdout.indexOf("\nExamples:\n"));
      expect(examples).toMatch(new RegExp(`^  thulium-campaigns ${shown.join(" ")}\\b`, "m"));
    },
  );

  it("-h is the same as --help", async () => {
    expect(await cliText(["plan", "-h"], REPO)).toEqual(await cliText(["plan", "--help"], REPO));
  });
});

describe("--version", () => {
  it("prints the package version and nothing else", async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8"));
    expect(runBuiltCli(["--version"], REPO)).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: "",
    });
  });
});

describe("shell completion", () => {
  it("`completion` prints a bash/zsh script that completes through the CLI itself", async () => {
    const { code, stdout, stderr } = await cliText(["completion"], REPO);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("###-begin-thulium-campaigns-completions-###");
    expect(stdout).toContain("thulium-campaigns --get-yargs-completions");
    expect(stdout).toMatch(/^complete .* thulium-campaigns$/m);
  });

  it("completes command names, state subcommands and a command's flags", async () => {
    const complete = async (...words: string[]) =>
      (
        await cliText(["--get-yargs-completions", "thulium-campaigns", ...words], REPO)
      ).stdout.split("\n");
    expect(await complete("")).toEqual(
      expect.arrayContaining(["validate", "plan", "apply", "state"]),
    );
    expect(await complete("state", "")).toEqual(expect.arrayContaining(["list", "show", "rm"]));
    expect(await complete("plan", "--")).toEqual(
      expect.arrayContaining(["--format", "--out", "--detailed-exitcode", "--only"]),
    );
  });
});

describe("mistakes on the command line", () => {
  it("a misspelt command suggests the right one, exit 1, no help dump", async () => {
    expect(await cliText(["pln"], REPO)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error: Unknown command. Did you mean plan?\nRun with --help for usage.\n",
    });
  });

  it("no command at all names the commands", async () => {
    const { code, stderr } = await cliText([], REPO);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "Name a command: validate, plan, apply, drift, import, doctor, journal, sandbox, init or state.",
    );
  });
});
