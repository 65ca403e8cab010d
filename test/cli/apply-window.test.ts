/**
 * The change-window refusal through the CLI in-process, with the context's injected clock
 * (`CliContext.now`), so the next allowed time can be asserted exactly, across DST.
 */
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
  dir = await mkdtemp(path.join(tmpdir(), "apply-window-"));
  await writeFile(
    path.join(dir, "thulium-campaigns.yaml"),
    'windows:\n  allow:\n    - "mon-fri 08:00-20:00"\n  freeze:\n    - "2026-12-20..2027-01-06"\n',
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], now: string) {
  let stdout = "";
  let stderr = "";
  const sink = (add: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        add(String(chunk));
        done();
      },
    });
  const ctx: CliContext = {
    output: createOutput({
      stdout: sink((t) => (stdout += t)),
      stderr: sink((t) => (stderr += t)),
      env: {},
    }),
    env: { THULIUM_URL: "http://127.0.0.1:9/api", THULIUM_USER: "u", THULIUM_PASSWORD: "p4ssword" },
    cwd: dir,
    stdin: new PassThrough(),
    exitCode: 0,
    signal: new AbortController().signal,
    now: () => new Date(now),
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}

describe("apply in a closed change window (injected clock)", () => {
  it("Monday 21:00 in Warsaw: refused before anything is read, next allowed Tuesday 08:00", async () => {
    const result = await run(["apply", "--auto-approve"], "2026-11-30T20:00:00Z");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "Error: Apply is closed by the change windows. It is Mon 2026-11-30 21:00 Europe/Warsaw (UTC+1), 2026-11-30 20:00 UTC: outside the allowed windows (mon-fri 08:00-20:00) (windows in thulium-campaigns.yaml). " +
        "Nothing was sent, locked or written. Apply is next allowed at Tue 2026-12-01 08:00 Europe/Warsaw (UTC+1), 2026-12-01 07:00 UTC. " +
        'To apply anyway, say why: thulium-campaigns apply --auto-approve --force --reason "…"\n',
    });
  });

  it("inside the New Year freeze: next allowed the first weekday morning after it", async () => {
    const result = await run(["apply", "--auto-approve"], "2026-12-31T10:00:00Z");
    expect(result.stderr).toContain("inside the freeze 2026-12-20..2027-01-06");
    expect(result.stderr).toContain(
      "Apply is next allowed at Thu 2027-01-07 08:00 Europe/Warsaw (UTC+1), 2027-01-07 07:00 UTC.",
    );
  });

  it("a blank --reason is no reason", async () => {
    const result = await run(
      ["apply", "--auto-approve", "--force", "--reason", " "],
      "2026-12-31T10:00:00Z",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: --force overrides the change windows only with --reason TEXT/,
    );
  });

  it("plan says when the window is open", async () => {
    await writeFile(
      path.join(dir, "thulium-campaigns.yaml"),
      'windows:\n  allow: ["mon-fri 08:00-20:00"]\n',
    );
    await mkdir(path.join(dir, "campaigns"));
    const result = await run(["plan"], "2026-11-30T09:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Change windows: apply is allowed now \(inside the window mon-fri 08:00-20:00\)\.\n\n/,
    );
  });
});
