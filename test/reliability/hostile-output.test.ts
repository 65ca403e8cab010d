/**
 * Bad-input corpus, output part: untrusted text (campaign file names, YAML keys, campaign
 * names, the state file's sources and target, a server's redirect `Location`) carrying
 * terminal escapes, C1 controls, bidi overrides and GitHub workflow commands. Every view
 * of the built CLI must show such text escaped, visibly, and never let it start a line of
 * output: the PR workflow's log turns a line starting with `::notice …::` (or holding
 * `##[…]` anywhere) into a command, and a terminal obeys ESC and C1 sequences.
 */
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findCommands } from "../examples/command-lines.js";
import { type CliResult, REPO, runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { makeWorkspace, sampleCampaign, type Workspace } from "../helpers/workspace.js";
import { defaultEnv, startCountingServer } from "./helpers/corpus.js";

/** Hostile fragments, each also valid inside a file name (no `/`, no NUL). */
const HOSTILE = {
  esc: "e\u001b[2J\u001b]0;pwn\u0007",
  c1: "c\u009b31m\u0085",
  workflow: "x\n::notice title=pwn::INJECTED\n",
  carriage: "r\r::warning title=pwn::CR",
  bidi: "b\u202egnp.exe\u2066",
  del: "d\u007f",
  legacy: "l##[warning]LEGACY",
  tab: "t\t::error::TAB",
} as const;

/**
 * The first character that must never reach the terminal raw, as `U+XXXX`: C0 controls but
 * the newline that ends our own lines, DEL, C1, and the bidi/line-separator format
 * characters. Written out here rather than imported, so the test does not trust the code.
 */
function rawUnsafe(text: string): string | null {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const unsafe =
      (code < 0x20 && code !== 0x0a) ||
      (code >= 0x7f && code <= 0x9f) ||
      [0x061c, 0x200e, 0x200f, 0x2028, 0x2029].includes(code) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    if (unsafe) return `U+${code.toString(16).padStart(4, "0")}`;
  }
  return null;
}

/** Lines the GitHub runner would execute: `::cmd` after leading white space. */
const WORKFLOW_LINE = /^[\s\u0085]*::/mu;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(): Promise<Workspace> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  return ws;
}

/**
 * The promises every view keeps with hostile input: no raw unsafe character, no line that
 * starts a workflow command (except `validate --format github`'s own `::error file=`
 * lines), no legacy `##[` command anywhere.
 */
function expectSafe(result: CliResult, label: string, own: RegExp | null = null): void {
  for (const [stream, text] of [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ] as const) {
    const shown = `${label} ${stream}:\n${JSON.stringify(text)}`;
    expect(rawUnsafe(text), shown).toBeNull();
    expect(text, shown).not.toContain("##[");
    const commands = text.split("\n").filter((line) => WORKFLOW_LINE.test(line));
    expect(
      commands.filter((line) => own === null || !own.test(line)),
      shown,
    ).toEqual([]);
    expect(text, shown).not.toMatch(/Internal error|^\s+at /m);
  }
}

/** Runs the built CLI and checks `expectSafe`; returns the result for further checks. */
async function run(
  ws: Workspace,
  args: string[],
  env: Record<string, string> = {},
  own: RegExp | null = null,
): Promise<CliResult> {
  const result = await runCli(args, { cwd: ws.dir, env: { NO_COLOR: "1", ...env } });
  expectSafe(result, args.join(" "), own);
  return result;
}

const SANDBOX_ENV = { THULIUM_USER: TEST_USER, THULIUM_PASSWORD: TEST_PASSWORD };
const GITHUB_OWN = /^::(error|warning) file=/;

/** The read-only views of campaign files, then an apply against the sandbox and the state views. */
async function everyView(ws: Workspace): Promise<Map<string, CliResult>> {
  const results = new Map<string, CliResult>();
  const views: [string[], RegExp | null][] = [
    [["validate"], null],
    [["validate", "--format", "json"], null],
    [["validate", "--format", "github"], GITHUB_OWN],
    [["plan"], null],
    [["plan", "--format", "markdown"], null],
    [["plan", "--format", "json"], null],
    [["apply", "--sandbox", "--auto-approve"], null],
    [["state", "list", "--sandbox"], null],
    [["state", "list", "--sandbox", "--format", "json"], null],
    [["state", "show", "00001", "--sandbox"], null],
    [["state", "show", "00001", "--sandbox", "--format", "json"], null],
    [["state", "rm", "00001", "--sandbox"], null],
  ];
  for (const [args, own] of views)
    results.set(args.join(" "), await run(ws, args, SANDBOX_ENV, own));
  return results;
}

describe("hostile text never reaches the terminal raw (built CLI)", () => {
  // Each spawn costs half a second or more on a loaded machine: these tests run a dozen.
  const MANY_RUNS = 120_000;

  it(
    "file names and campaign names: escaped in validate, plan, apply and state views",
    async () => {
      const ws = await workspace();
      for (const [i, text] of Object.values(HOSTILE).entries()) {
        // end_date in the past: a warning that names the file on stderr of plan and apply.
        const campaign = sampleCampaign(i + 1, {
          name: `${text} ##[endgroup]`,
          end_date: "2020-01-31",
          start_date: undefined,
        });
        await ws.writeCampaign(campaign, `${text}.yaml`);
      }
      const results = await everyView(ws);
      const plan = results.get("plan");
      expect(plan?.code, plan?.stderr).toBe(0);
      // Shown, escaped: the test exercises the display, not an early refusal.
      expect(plan?.stdout).toContain(
        String.raw`(campaigns/x\n::notice title=pwn::INJECTED\n.yaml)`,
      );
      expect(plan?.stdout).toContain(String.raw`e\u001b[2J\u001b]0;pwn\u0007.yaml`);
      expect(plan?.stdout).toContain(String.raw`"b\u202egnp.exe\u2066 ##\u005bendgroup]"`);
      expect(plan?.stderr).toContain(String.raw`campaigns/b\u202egnp.exe\u2066.yaml:`);
      expect(results.get("apply --sandbox --auto-approve")?.stdout).toMatch(/✓ 00001 .*updated/);
      expect(results.get("state list --sandbox")?.stdout).toContain(String.raw`c\u009b31m\u0085`);
      // `state show` prints a declaration to paste back into a campaign file: its escapes
      // are YAML's own, so it parses back to the very same name.
      const shown = results.get("state show 00001 --sandbox")?.stdout ?? "";
      expect((parse(shown) as { name: string }).name).toBe(`${HOSTILE.esc} ##[endgroup]`);
      expect(
        JSON.parse(results.get("state show 00001 --sandbox --format json")?.stdout ?? ""),
      ).toMatchObject({ fields: { name: `${HOSTILE.esc} ##[endgroup]` } });
      const markdown = results.get("plan --format markdown")?.stdout ?? "";
      expect(markdown).toContain("| x ::notice title=pwn::INJECTED  "); // line breaks → spaces
    },
    MANY_RUNS,
  );

  it("the shipped PR workflow's validate and plan steps log no workflow command", async () => {
    const ws = await workspace();
    const campaign = sampleCampaign(1, { end_date: "2020-01-31", start_date: undefined });
    await ws.writeCampaign(campaign, "x\n::notice title=pwn::INJECTED\n.yaml");
    await ws.writeCampaign(sampleCampaign(2, { name: "##[stop-commands]pwn" }));
    const workflow = parse(
      await readFile(path.join(REPO, "examples/github-actions/thulium-campaigns.yml"), "utf8"),
    ) as { jobs: { plan: { steps: { run?: string }[] } } };
    const commands = workflow.jobs.plan.steps.flatMap((step) => findCommands(step.run ?? ""));
    expect(commands.map((command) => command.args[0])).toEqual(["validate", "plan"]);
    for (const { args } of commands) {
      // What the step prints is its log (the plan's stdout goes to plan.md, its stderr to the log).
      const result = await run(ws, args, {}, GITHUB_OWN);
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it("a file name that would start a line is shown after a prefix (./)", async () => {
    const ws = await workspace();
    const campaign = sampleCampaign(1, { end_date: "2020-01-31", start_date: undefined });
    await ws.writeFile("::notice title=pwn::TOP.yaml", JSON.stringify(campaign));
    await ws.writeFile(" ::warning::SPACE.yaml", JSON.stringify(sampleCampaign(2)));
    const validate = await run(ws, ["validate", "--dir", "."]);
    expect(validate.stdout).toContain("./::notice title=pwn::TOP.yaml:");
    const plan = await run(ws, ["plan", "--dir", "."]);
    expect(plan.stderr).toContain("./::notice title=pwn::TOP.yaml:");
    await run(ws, ["validate", "--dir", ".", "--format", "github"], {}, GITHUB_OWN);
  });

  it(
    "state show: hostile names round-trip through its YAML",
    async () => {
      const ws = await workspace();
      // A long value too: YAML folds long double-quoted strings onto lines of their own.
      // (Every other fragment round-trips in test/cli/escape.test.ts, in-process.)
      const long = `${"a long campaign name ".repeat(4)}\n::notice title=pwn::LONG\n${"z".repeat(50)}`;
      const names = [long, HOSTILE.workflow, `${HOSTILE.bidi}${HOSTILE.c1}${HOSTILE.del}`];
      for (const [i, name] of names.entries())
        await ws.writeCampaign(sampleCampaign(i + 1, { name }));
      expect((await run(ws, ["apply", "--sandbox", "--auto-approve"], SANDBOX_ENV)).code).toBe(0);
      for (const [i, name] of names.entries()) {
        const id = String(i + 1).padStart(5, "0");
        const shown = await run(ws, ["state", "show", id, "--sandbox"]);
        expect((parse(shown.stdout) as { name: string }).name, shown.stdout).toBe(name);
      }
    },
    MANY_RUNS,
  );

  it(
    "YAML keys: escaped in validate errors and in plan/apply's refusal",
    async () => {
      const ws = await workspace();
      const lines = Object.values(HOSTILE).map((key, i) => `${JSON.stringify(`${key}${i}`)}: 1`);
      await ws.writeFile(
        "campaigns/keys.yaml",
        `id: "00001"\nname: Keys\n${lines.join("\n")}\nparameters:\n  ${JSON.stringify(HOSTILE.workflow)}: 2\n`,
      );
      for (const args of [
        ["validate"],
        ["validate", "--format", "json"],
        ["plan"],
        ["apply", "--auto-approve"],
      ]) {
        const result = await run(ws, args, {
          THULIUM_URL: "http://127.0.0.1:9/api",
          ...SANDBOX_ENV,
        });
        expect(result.code, result.stderr).toBe(1);
      }
      const github = await run(ws, ["validate", "--format", "github"], {}, GITHUB_OWN);
      expect(github.code).toBe(1);
      const text = await run(ws, ["validate"]);
      expect(text.stdout).toContain(String.raw`e\u001b[2J\u001b]0;pwn\u00070`);
    },
    MANY_RUNS,
  );

  it(
    "state sources, names and target: escaped in state, plan and apply views",
    async () => {
      const ws = await workspace();
      const server = await startCountingServer();
      cleanups.push(server.close);
      const campaigns: Record<string, unknown> = {};
      for (const [i, text] of Object.values(HOSTILE).entries()) {
        campaigns[String(i + 1).padStart(5, "0")] = {
          fields: { name: `${text} name`, active: true },
          source: `campaigns/${text}.yaml`,
        };
      }
      const state = (target: string) =>
        `${JSON.stringify({ version: 1, lineage: "0b7e2a8c-3f4d-4e5a-9b6c-7d8e9f0a1b2c", serial: 3, target, campaigns }, null, 2)}\n`;
      await ws.writeFile(".thulium/state.json", state(server.url));
      await ws.writeFile(".thulium/other.json", state(`${HOSTILE.workflow}${HOSTILE.esc}`));
      const env = defaultEnv(server);
      const list = await run(ws, ["state", "list"]);
      expect(list.stdout).toContain(String.raw`campaigns/x\n::notice title=pwn::INJECTED\n.yaml`);
      await run(ws, ["state", "list", "--format", "json"]);
      await run(ws, ["state", "list", "--state", ".thulium/other.json"]);
      await run(ws, ["state", "show", "00001"]);
      await run(ws, ["state", "show", "00003", "--format", "json"]);
      await run(ws, ["plan"], env);
      await run(ws, ["plan", "--format", "markdown"], env);
      await run(ws, ["plan", "--format", "json"], env);
      // Another target in the state: the refusal names it, escaped.
      const refused = await run(
        ws,
        ["apply", "--auto-approve", "--state", ".thulium/other.json"],
        env,
      );
      expect(refused.code).toBe(1);
      // Every campaign is gone from the files: apply (with --force past the safety gate)
      // forgets each, printing one line per campaign.
      const applied = await run(ws, ["apply", "--auto-approve", "--force"], env);
      expect(applied.stdout).toMatch(/00003 .*forgotten/);
      await run(ws, ["state", "rm", "00001", "--state", ".thulium/other.json"]);
    },
    MANY_RUNS,
  );

  it("a redirect's Location with C1 controls (node:http server): escaped in apply's error", async () => {
    const ws = await workspace();
    await ws.writeCampaign(sampleCampaign(1, { name: "Redirect" }));
    const server = await startCountingServer((_req, res) => {
      // node:http sends header values as latin1: 0x9b and 0x85 arrive as C1 CSI and NEL.
      res.writeHead(302, { Location: "https://evil.example/\u009b2J\u0085::notice::LOC" });
      res.end();
    });
    cleanups.push(server.close);
    const result = await run(ws, ["apply", "--auto-approve"], defaultEnv(server));
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      String.raw`https://evil.example/\u009b2J\u0085::notice::LOC`,
    );
  });

  it("a password holding bidi characters, echoed by the server, shows neither raw nor escaped", async () => {
    const ws = await workspace();
    await ws.writeCampaign(sampleCampaign(1, { name: "Echo" }));
    // (Controls in a password are left to the secrets suite: the client collapses them to
    // spaces in its summary of a body before it redacts, an issue of its own.)
    const password = "pa\u202ess\u2066word\u200f";
    const server = await startCountingServer((_req, res) => {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`Bad password ${password} for this user`);
    });
    cleanups.push(server.close);
    const env = { ...defaultEnv(server), THULIUM_PASSWORD: password };
    const result = await run(ws, ["apply", "--auto-approve"], env);
    expect(result.code).toBe(1);
    const printed = result.stdout + result.stderr;
    expect(printed).toContain("Bad password [REDACTED] for this user");
    // Escaping runs after redaction: the escaped spelling must not slip past it either.
    for (const form of [
      password,
      String.raw`pa\u202ess\u2066word\u200f`,
      "ss\u2066w",
      String.raw`ss\u2066w`,
    ])
      expect(printed).not.toContain(form);
  });

  it("a redirect's Location with ESC (raw socket): the answer is refused, nothing raw printed", async () => {
    const ws = await workspace();
    await ws.writeCampaign(sampleCampaign(1, { name: "Redirect" }));
    const server = net.createServer((socket) => {
      socket.once("data", () =>
        socket.end(
          Buffer.from(
            "HTTP/1.1 302 Found\r\nLocation: https://evil.example/\u001b[2J\u001b]0;pwn\u0007\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "latin1",
          ),
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as net.AddressInfo;
    const env = {
      THULIUM_URL: `http://127.0.0.1:${port}/api`,
      ...SANDBOX_ENV,
      THULIUM_RETRIES: "1",
      THULIUM_RETRY_BASE_MS: "0",
    };
    const result = await run(ws, ["apply", "--auto-approve"], env);
    expect(result.code).toBe(1);
  });

  it(
    "a hostile --dir or --state given on the command line is escaped too",
    async () => {
      const ws = await workspace();
      const dir = `${HOSTILE.workflow}${HOSTILE.esc}`;
      await ws.writeFile(path.join(dir, "c.yaml"), JSON.stringify(sampleCampaign(1)));
      await run(ws, ["validate", "--dir", dir]);
      await run(ws, ["plan", "--dir", dir]);
      const missing = await run(ws, ["validate", "--dir", `${HOSTILE.c1}missing`]);
      expect(missing.code).toBe(1);
      // An error message that quotes the path across its own lines: the line the value's
      // newline opens cannot begin a workflow command.
      await ws.writeFile(path.join(`s${HOSTILE.workflow}`, "keep"), "");
      const unreadable = await run(ws, ["plan", "--dir", dir, "--state", `s${HOSTILE.workflow}`]);
      expect(unreadable.code).toBe(1);
    },
    MANY_RUNS,
  );
});
