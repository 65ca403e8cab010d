/** `validate` run in-process through the real parser, against real temporary folders. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { createOutput } from "../../src/cli/output.js";
import { runCli } from "../../src/cli/run.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "validate-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), text);
}

async function validate(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const stream = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const ctx: CliContext = {
    output: createOutput({
      stdout: stream((t) => (stdout += t)),
      stderr: stream((t) => (stderr += t)),
      env,
    }),
    env,
    cwd: dir,
    stdin: new PassThrough(),
    exitCode: 0,
    signal: new AbortController().signal,
    now: () => new Date(),
  };
  const code = await runCli(["validate", ...args], ctx);
  return { code, stdout, stderr };
}

const GOOD =
  '# yaml-language-server: $schema=../schemas/campaign.schema.json\nid: "00001"\nname: Kampania\ndialer: preview\n';

describe("validate", () => {
  it("prints a short summary and exits 0 when everything is valid", async () => {
    await put("campaigns/a.yaml", GOOD);
    await put("campaigns/b.yml", 'id: "00002"\n---\nid: "00003"\n');
    expect(await validate([])).toEqual({
      code: 0,
      stdout: "✓ 3 campaigns in 2 files are valid.\n",
      stderr: "",
    });
  });

  it("exits 0 with warnings, and lists them", async () => {
    await put("campaigns/a.yaml", 'id: "00001"\nparameters:\n  preview_timeout: 10\n');
    const { code, stdout } = await validate([]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "campaigns/a.yaml:3:3 warning /parameters/preview_timeout: preview_timeout has no effect unless dialer is preview (no dialer is declared)\n" +
        "✓ 1 campaign in 1 file is valid (1 warning).\n",
    );
  });

  it("reports every error with its location and exits 1, without a stack trace", async () => {
    await put("x/sales.yaml", 'id: "00001"\nname: Sprzedaż\n\ndialer: auto\n');
    await put("x/b.yaml", "id: 00002\n");
    const { code, stdout, stderr } = await validate(["--dir", "x"]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toBe(
      'x/b.yaml:1:5 error /id: 00002 was read by YAML as the number 2; quote it: id: "00002"\n' +
        "x/sales.yaml:4:9 error /dialer: must be one of predictive, progressive, preview\n" +
        "✗ 2 errors in 2 files (2 campaigns).\n",
    );
  });

  it("--format json prints the cli-contract document", async () => {
    await put("campaigns/sales.yaml", 'id: "00001"\nname: Sprzedaż\n\ndialer: auto\n');
    await put("campaigns/ok.yaml", GOOD.replace("00001", "00004"));
    await put("campaigns/two.yaml", 'id: "00002"\n---\nid: "00003"\n');
    const { code, stdout } = await validate(["--format", "json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      files: 3,
      campaigns: 4,
      errors: [
        {
          file: "campaigns/sales.yaml",
          line: 4,
          column: 9,
          path: "/dialer",
          message: "must be one of predictive, progressive, preview",
        },
      ],
      warnings: [],
    });
  });

  it("--format github prints annotations and the summary", async () => {
    await put(
      "campaigns/a.yaml",
      'id: "00001"\norder: 0\nparameters:\n  predictive_max_calls: 2\n',
    );
    const { code, stdout } = await validate(["--format", "github"]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      "::error file=campaigns/a.yaml,line=2,col=8,title=thulium-campaigns error::/order: must be a whole number from 1 to 99999, not 0\n" +
        "::warning file=campaigns/a.yaml,line=4,col=3,title=thulium-campaigns warning::/parameters/predictive_max_calls: predictive_max_calls has no effect unless dialer is predictive (no dialer is declared)\n" +
        "✗ 1 error, 1 warning in 1 file (1 campaign).\n",
    );
  });

  it("colours only when asked by the environment, and never with NO_COLOR", async () => {
    await put("campaigns/a.yaml", GOOD);
    expect((await validate([], { FORCE_COLOR: "1" })).stdout).toContain("\u001b[");
    expect((await validate([], { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout).not.toContain(
      "\u001b[",
    );
  });

  it("rejects an unknown format as a usage error", async () => {
    const { code, stderr } = await validate(["--format", "xml"]);
    expect(code).toBe(1);
    expect(stderr).toContain('Argument: format, Given: "xml", Choices: "text", "json", "github"');
  });

  it("reports a missing folder and exits 1", async () => {
    const { code, stdout } = await validate(["--dir", "nowhere"]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `nowhere error folder not found: looked for ${path.join(dir, "nowhere")} (nowhere from the current folder ${dir}); campaign files are read from the folder given with --dir (default: campaigns): run the command in the folder that holds it, or point --dir at your campaign files, e.g. --dir infra/campaigns\n✗ 1 error in 0 files (0 campaigns).\n`,
    );
  });
});
