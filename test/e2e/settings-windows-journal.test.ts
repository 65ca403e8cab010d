/**
 * Project settings (thulium-campaigns.yaml), change windows and the apply journal, end to
 * end: the built CLI spawned in a temp workspace against a loopback sandbox.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { seedSandbox, TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { type CampaignDoc, sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A date in Warsaw, `days` from today, as YYYY-MM-DD. */
function warsawDate(days: number): string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" });
  return format.format(new Date(Date.now() + days * 86_400_000));
}

/** A freeze from yesterday to tomorrow (Warsaw): it covers now whenever the test runs. */
const FREEZE_NOW = `windows:\n  freeze:\n    - "${warsawDate(-1)}..${warsawDate(1)}"\n`;

async function setup(campaigns: readonly CampaignDoc[], settings?: string) {
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups);
  if (settings !== undefined) await ws.writeFile("thulium-campaigns.yaml", settings);
  const results: CliResult[] = [];
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const result = await runCli(args, { cwd: ws.dir, env: { ...sb.env(), ...env } });
    results.push(result);
    return result;
  };
  const expectNoLeaks = async () =>
    expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  const journal = async () =>
    (await readFile(path.join(ws.dir, ".thulium", "journal.jsonl"), "utf8"))
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
  return { ws, sb, run, expectNoLeaks, journal };
}

const APPLY = ["apply", "--auto-approve"];

describe("project settings", () => {
  it("dir and state come from the file; a flag given on the command line wins", async () => {
    const { ws, sb, run } = await setup([]);
    seedSandbox(sb, ["00001", "00002"]);
    await ws.writeFile("thulium-campaigns.yaml", "dir: declared\nstate: other/state.json\n");
    await ws.writeFile("declared/a.yaml", 'id: "00001"\nname: A\n');
    await ws.writeFile("campaigns/b.yaml", 'id: "00002"\nname: B\n');
    const fromFile = await run(["plan", "--format", "json"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).changes.map((c: { id: string }) => c.id)).toEqual(["00001"]);
    const flag = await run(["plan", "--format", "json", "--dir", "campaigns"]);
    expect(JSON.parse(flag.stdout).changes.map((c: { id: string }) => c.id)).toEqual(["00002"]);
    const applied = await run([...APPLY, "--dir=campaigns"]);
    expect(applied.code, applied.stderr).toBe(0);
    // The state named by the settings file was written, not the default one.
    expect(await ws.readState()).toBeUndefined();
    const other = JSON.parse(await readFile(path.join(ws.dir, "other", "state.json"), "utf8"));
    expect(Object.keys(other.campaigns)).toEqual(["00002"]);
    // --config names another file; --state still wins over it.
    await ws.writeFile("ci.yaml", "dir: campaigns\n");
    const viaConfig = await run(["validate", "--config", "ci.yaml"]);
    expect(viaConfig.stdout).toContain("1 campaign");
  });

  it("reports settings errors at file:line:col, every one, and runs nothing", async () => {
    const { sb, run } = await setup(
      sampleCampaigns(1),
      'dir: campaigns\nconcurency: 4\nsafety:\n  max_forgets: -1\nwindows:\n  timezone: Europe/Warsawa\n  allow:\n    - "weekdays 08:00-20:00"\n',
    );
    const result = await run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'thulium-campaigns.yaml:2:1 error /concurency: unknown setting "concurency"; did you mean "concurrency"?',
    );
    expect(result.stderr).toContain(
      "thulium-campaigns.yaml:4:16 error /safety/max_forgets: must be a whole number of at least 0, not -1",
    );
    expect(result.stderr).toContain("The settings file thulium-campaigns.yaml is invalid");
    expect(sb.requests).toEqual([]);

    // Once the schema passes, the window entries are checked, each at its own line.
    const { ws: ws2, run: run2 } = await setup(sampleCampaigns(1));
    await ws2.writeFile(
      "thulium-campaigns.yaml",
      'windows:\n  timezone: Europe/Warsawa\n  allow:\n    - "weekdays 08:00-20:00"\n',
    );
    const windows = await run2(["plan"]);
    expect(windows.code).toBe(1);
    expect(windows.stderr).toContain(
      'thulium-campaigns.yaml:2:13 error /windows/timezone: "Europe/Warsawa" is not an IANA time zone',
    );
    expect(windows.stderr).toContain(
      'thulium-campaigns.yaml:4:7 error /windows/allow/0: "weekdays 08:00-20:00": "weekdays" is not a day',
    );
  });

  it("--config naming a missing file is an error; a missing default file is not", async () => {
    const { run } = await setup(sampleCampaigns(1));
    expect((await run(["validate"])).code).toBe(0);
    const missing = await run(["validate", "--config", "nope.yaml"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "Error: Cannot read the settings file nope.yaml (--config): there is no such file. Name an existing file, or leave --config out to use thulium-campaigns.yaml when there is one.\n",
    );
  });

  it("an absolute per-kind limit refuses the plan, naming the limit, the count, the line and --force", async () => {
    const campaigns = sampleCampaigns(5);
    const { ws, sb, run } = await setup(campaigns, "safety:\n  max_deactivations: 2\n");
    expect((await run(APPLY)).code).toBe(0);
    for (const c of campaigns.slice(0, 3)) await ws.removeCampaign(c.id);
    sb.clearRequests();
    const refused = await run([...APPLY, "--prune"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "The plan would deactivate 3 campaigns, more than the safety limit max_deactivations: 2 (set in thulium-campaigns.yaml:2). Nothing was sent.",
    );
    expect(refused.stderr).toContain("--prune --auto-approve --force");
    expect(sb.requests).toEqual([]);
    const forced = await run([...APPLY, "--prune", "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
  });

  it("max_changed_percent and min_managed from the file replace the defaults", async () => {
    const campaigns = sampleCampaigns(4);
    const { ws, run } = await setup(
      campaigns,
      "safety:\n  max_changed_percent: 25\n  min_managed: 2\n",
    );
    expect((await run(APPLY)).code).toBe(0);
    await ws.writeCampaigns(campaigns.slice(0, 2).map((c) => ({ ...c, name: `${c.name} v2` })));
    const refused = await run(APPLY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "more than the safety threshold of 25% (max_changed_percent, thulium-campaigns.yaml:2)",
    );
  });
});

describe("change windows", () => {
  it("a freeze covering now blocks apply: exit 1, nothing sent, locked or written, the next allowed time", async () => {
    const { ws, sb, run } = await setup(sampleCampaigns(2), FREEZE_NOW);
    const before = await ws.readAllFiles();
    const result = await run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error: Apply is closed by the change windows.");
    expect(result.stderr).toContain(
      `inside the freeze ${warsawDate(-1)}..${warsawDate(1)} (windows in thulium-campaigns.yaml)`,
    );
    expect(result.stderr).toMatch(
      new RegExp(
        `Apply is next allowed at \\w{3} ${warsawDate(2)} 00:00 Europe/Warsaw \\(UTC\\+[12]\\), \\d{4}-\\d{2}-\\d{2} 2[23]:00 UTC\\.`,
      ),
    );
    expect(result.stderr).toContain('--force --reason "…"');
    expect(sb.requests).toEqual([]);
    expect(await ws.readAllFiles()).toEqual(before);
  });

  it("--force without --reason in a closed window is a usage error saying so", async () => {
    const { sb, run } = await setup(sampleCampaigns(1), FREEZE_NOW);
    const result = await run([...APPLY, "--force"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: --force overrides the change windows only with --reason TEXT saying why/,
    );
    expect(sb.requests).toEqual([]);
  });

  it("--force --reason applies in a freeze, and the journal records who, what, force and reason", async () => {
    const campaigns = sampleCampaigns(2);
    const { sb, run, journal, expectNoLeaks } = await setup(campaigns, FREEZE_NOW);
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const result = await run([...APPLY, "--force", "--reason", "hotfix INC-42"], {
      GITHUB_ACTOR: "anowak",
      GITHUB_SHA: sha,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'Warning: applying outside the change windows with --force (reason: "hotfix INC-42").',
    );
    expect(sb.puts(204)).toHaveLength(2);
    const [entry, ...more] = await journal();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      version: 1,
      actor: "anowak",
      commit: sha,
      target: sb.url,
      counts: { update: 2, forget: 0, deactivate: 0, applied: 2, failed: 0, not_started: 0 },
      campaigns: campaigns.map((c) => ({ id: c.id, action: "update", result: "applied" })),
      interrupted: false,
      force: true,
      reason: "hotfix INC-42",
    });
    expect(Date.parse(entry.time)).toBeGreaterThan(Date.now() - 60_000);
    await expectNoLeaks();
  });

  it("plan shows the window as a banner (text, markdown) and a key (json)", async () => {
    const { run } = await setup(sampleCampaigns(1), FREEZE_NOW);
    const text = await run(["plan"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^Change windows: apply is closed now \(inside the freeze .*\); next allowed \w{3} .* Europe\/Warsaw .* UTC\. apply refuses until then unless run with --force --reason TEXT\.\n\n/,
    );
    const markdown = await run(["plan", "--format", "markdown"]);
    expect(markdown.stdout).toMatch(
      /^<!-- thulium-campaigns-plan -->\n### thulium-campaigns plan\n\n> \*\*⛔ Change windows: apply is closed now/,
    );
    const json = JSON.parse((await run(["plan", "--format", "json"])).stdout);
    expect(json.window).toMatchObject({
      allowed: false,
      timezone: "Europe/Warsaw",
      reason: `inside the freeze ${warsawDate(-1)}..${warsawDate(1)}`,
    });
    expect(json.window.next_allowed).toMatch(/^\d{4}-\d{2}-\d{2}T2[23]:00:00\.000Z$/);
    // Without windows, nothing is added.
    const { run: plain } = await setup(sampleCampaigns(1));
    expect(JSON.parse((await plain(["plan", "--format", "json"])).stdout)).not.toHaveProperty(
      "window",
    );
  });
});

describe("apply journal", () => {
  it("every apply that runs appends one line; a torn last line is skipped with a warning and never blocks", async () => {
    const campaigns = sampleCampaigns(2);
    const { ws, run, journal } = await setup(campaigns);
    expect((await run(APPLY, { USER: "ci-bot" })).code).toBe(0);
    expect(await journal()).toHaveLength(1);
    const file = path.join(ws.dir, ".thulium", "journal.jsonl");
    // A crash mid-write leaves half a line with no newline.
    await writeFile(file, `${await readFile(file, "utf8")}{"version":1,"time":"20`);
    await ws.writeCampaign({ ...campaigns[0], name: "Renamed" } as CampaignDoc);
    const second = await run(APPLY, { USER: "ci-bot" });
    expect(second.code, second.stderr).toBe(0);

    const shown = await run(["journal"]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(
      `Warning: ${file}:2 is not a journal entry (torn by a crash, or edited); skipped.\n`,
    );
    const lines = shown.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC {2}ci-bot {2}(no commit|[0-9a-f]{12}) {2}http:\/\/127\.0\.0\.1:\d+\/api {2}1 update, 0 deactivate, 0 forget: 1 applied$/,
    );
    const json = JSON.parse((await run(["journal", "-n", "1", "--format", "json"])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0].campaigns).toEqual([
      { id: campaigns[0]?.id, action: "update", result: "applied" },
    ]);
    // The torn line stays on its own line; the entry after it is whole.
    const raw = (await readFile(file, "utf8")).split("\n");
    expect(raw).toHaveLength(4); // three lines and the final newline
    expect(raw[1]).toBe('{"version":1,"time":"20');
    expect(JSON.parse(raw[2] ?? "").counts.applied).toBe(1);
  });

  it("an apply with nothing to do writes a line saying so; `journal` with none says so", async () => {
    const { ws, run } = await setup([]);
    const file = path.join(ws.dir, ".thulium", "journal.jsonl");
    const none = await run(["journal"]);
    expect(none.stdout).toBe(`No applies recorded yet in ${file}.\n`);
    const result = await run(APPLY);
    expect(result.code).toBe(0);
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? "");
    expect(entry.counts).toMatchObject({ update: 0, forget: 0, deactivate: 0, applied: 0 });
    expect(entry.campaigns).toEqual([]);
    const shown = await run(["journal"]);
    expect(shown.stdout).toMatch(/ no changes: 0 applied\n$/);
  });
});
