/**
 * Every `thulium-campaigns …` command line in the README's code blocks parses with the
 * real CLI parser, so the manual never shows a flag or command that does not exist.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { findCommands, parseProblem } from "./command-lines.js";

const README = new URL("../../README.md", import.meta.url);

/** Code blocks that hold shell commands or their transcripts (not JSON or markdown samples). */
const SHELL_LIKE = new Set(["sh", "bash", "shell", "console", "text", "yaml", ""]);

async function readmeCommands() {
  const text = await readFile(README, "utf8");
  const blocks = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)];
  return blocks
    .filter((block) => SHELL_LIKE.has(block[1] ?? ""))
    .flatMap((block) => findCommands(block[2] ?? ""));
}

describe("README command lines", () => {
  it("every one is accepted by the CLI parser", async () => {
    const commands = await readmeCommands();
    const problems = await Promise.all(
      commands.map(async ({ args, line }) => ({ line, problem: await parseProblem(args) })),
    );
    expect(problems.filter((found) => found.problem !== null)).toEqual([]);
  });

  it("show every command at least once", async () => {
    const shown = new Set(
      (await readmeCommands()).map(({ args }) => args.filter((arg) => !arg.startsWith("-"))[0]),
    );
    for (const command of ["validate", "plan", "apply", "sandbox", "init", "state", "completion"])
      expect(shown, command).toContain(command);
  });
});
