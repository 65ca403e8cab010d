/**
 * An in-process run of the CLI prints only through the context it is given: yargs' own
 * output (help, version, the completion script, completions) included. Tests and tools
 * that run the parser in-process (test/examples checks every README and CI command line)
 * then capture everything, and nothing reaches the test log.
 */
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { createOutput } from "../../src/cli/output.js";
import { checkCommandLine } from "../../src/cli/parser.js";
import { runCli } from "../../src/cli/run.js";

/** A context whose stdout and stderr are collected as text. */
function capturingContext(): { ctx: CliContext; stdout: () => string; stderr: () => string } {
  const collect = () => {
    let text = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    return { stream, text: () => text };
  };
  const out = collect();
  const err = collect();
  return {
    ctx: {
      output: createOutput({ stdout: out.stream, stderr: err.stream, env: {} }),
      env: {},
      cwd: process.cwd(),
      stdin: new PassThrough(),
      exitCode: 0,
      signal: new AbortController().signal,
      now: () => new Date(),
    },
    stdout: out.text,
    stderr: err.text,
  };
}

describe("yargs' own output goes to the context's Output", () => {
  it.each([
    [["--help"], /^thulium-campaigns <command> \[options\]/],
    [["plan", "--help"], /^thulium-campaigns plan\n/],
    [["apply", "--help"], /\nEnvironment:\n {2}THULIUM_URL/],
    [["--version", "--no-color"], /^\d+\.\d+\.\d+\n$/],
    [["completion"], /###-begin-thulium-campaigns-completions-###/],
    [["--get-yargs-completions", "thulium-campaigns", "sta"], /^state$/m],
  ])("runCli %j: exit 0, printed to ctx.output and nowhere else", async (argv, expected) => {
    const { ctx, stdout, stderr } = capturingContext();
    // The setup file (test/setup/no-stray-output.ts) fails this test if anything reaches
    // the process's own console or stdout instead.
    expect(await runCli(argv, ctx)).toBe(0);
    expect(stdout()).toMatch(expected);
    expect(stderr()).toBe("");
  });

  it("a command's --help does not run the command", async () => {
    const { ctx, stdout, stderr } = capturingContext();
    // `validate` in the current folder would report on it; with --help it only explains.
    expect(await runCli(["validate", "--help"], ctx)).toBe(0);
    expect(stdout()).not.toMatch(/campaigns? in \d+ files?|folder not found/);
    expect(stderr()).toBe("");
  });

  it("checkCommandLine prints nothing for --help, --version or completion", async () => {
    for (const argv of [["plan", "--help"], ["--version"], ["completion"]]) {
      const { ctx, stdout, stderr } = capturingContext();
      await checkCommandLine(argv, ctx);
      expect(stdout() + stderr()).toBe("");
    }
  });
});
