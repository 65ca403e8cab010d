/**
 * Bad-input corpus, absurd nesting: YAML nested past 64 collections is refused where it goes
 * one too deep, before the yaml library recurses into it. Two such files in one folder used
 * to abort the whole process (V8 ran out of memory compiling a regular expression on an
 * exhausted stack), and explicit keys (`? ? ? …`) 400 deep took 44 s.
 */
import { describe, expect, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

const TOO_DEEP = "the YAML is nested too deeply to read; campaign files nest two levels at most";

const cases: Case[] = [
  {
    name: "two deeply nested files, with apply",
    files: {
      "campaigns/a-deep.yaml": `id: ${"[".repeat(1_000)}${"]".repeat(1_000)}\n`,
      "campaigns/b-deeper.yaml": `id: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`,
    },
    stderr: new RegExp(
      `campaigns/a-deep\\.yaml:1:68 error ${TOO_DEEP}\\n(.*\\n)?campaigns/b-deeper\\.yaml:1:68 error ${TOO_DEEP}\\n`,
    ),
  },
  {
    name: "explicit keys 2,000 deep, with plan",
    args: ["plan"],
    files: { "campaigns/keys.yaml": `${"? ".repeat(2_000)}x\n` },
    stderr: new RegExp(`campaigns/keys\\.yaml:1:129 error ${TOO_DEEP}\\n`),
  },
];

describe("bad input: absurd nesting", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await runCase(c);
    expect(result.stderr).toMatch(/Campaign files are invalid; nothing was sent/);
  });

  it("validate reports each deep file on standard output", async () => {
    const result = await runCase({
      name: "validate",
      args: ["validate"],
      files: { "campaigns/deep.yaml": `id:\n${"- ".repeat(100_000)}x\n` },
      stderr: /^$/,
    });
    expect(result.stdout).toContain(`campaigns/deep.yaml:2:127 error ${TOO_DEEP}`);
  });
});
