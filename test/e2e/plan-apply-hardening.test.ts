/**
 * `plan` and `apply` end to end (built CLI, sandbox on loopback) for the footguns of
 * issue 10 that belong to planning and applying: a wrong `--dir` that would forget every
 * managed campaign, `--prune` sending a partial body, `--only` with an unknown id, output
 * that claims more than was read, hints that drop flags, and approval decided too late.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import {
  type CampaignDoc,
  declaredFields,
  makeWorkspace,
  sampleCampaigns,
} from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const APPLY = ["apply", "--auto-approve"];

async function setup(
  campaigns: readonly CampaignDoc[],
  options: Parameters<typeof workspaceWithSandbox>[2] = {},
) {
  const { ws, sb } = await workspaceWithSandbox(campaigns, cleanups, options);
  const results: CliResult[] = [];
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const result = await runCli(args, { cwd: ws.dir, env: { ...sb.env(), ...env } });
    results.push(result);
    return result;
  };
  const expectNoLeaks = async () =>
    expectNoSecrets([...results, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  return { ws, sb, cli, expectNoLeaks };
}

describe("a --dir that declares none of the managed campaigns (issue 10, item 1)", () => {
  it("apply refuses to forget every managed campaign without --force, naming the folder; plan warns", async () => {
    const campaigns = sampleCampaigns(3);
    const { ws, sb, cli, expectNoLeaks } = await setup(campaigns);
    expect((await cli(APPLY)).code).toBe(0);
    const before = await ws.readState();
    await mkdir(path.join(ws.dir, "empty"));
    sb.clearRequests();

    const refused = await cli([...APPLY, "--dir", "empty"]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("would drop every campaign in the state (3 of 3");
    expect(refused.stderr).toContain("the campaign files in empty/ (0 files) declare none of them");
    expect(refused.stderr).toContain("thulium-campaigns apply --dir empty --auto-approve --force");
    expect(refused.stderr).not.toMatch(/Internal error|^\s+at /m);
    expect(refused.stdout).not.toContain("Apply complete");
    expect(await ws.readState()).toEqual(before);
    expect(sb.requests).toEqual([]);

    const pruned = await cli([...APPLY, "--dir", "empty", "--prune"]);
    expect(pruned.code).toBe(1);
    expect(pruned.stderr).toContain("would drop every campaign in the state (3 of 3");
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toEqual(before);

    const planned = await cli(["plan", "--dir", "empty"]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toMatch(
      /Warning: this plan drops every campaign in the state \(3 of 3\).*empty\/.*--force/s,
    );
    expect(planned.stdout).toContain("Plan: 0 to update, 3 to forget");

    const json = await cli(["plan", "--dir", "empty", "--format", "json"]);
    expect(JSON.parse(json.stdout).summary).toEqual({
      update: 0,
      unchanged: 0,
      forget: 3,
      deactivate: 0,
    });
    expect(json.stderr).toContain("Warning: this plan drops every campaign");

    const forced = await cli([...APPLY, "--dir", "empty", "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("Apply complete! 0 updated, 3 forgotten");
    expect((await ws.readState())?.campaigns).toEqual({});
    expect(sb.requests).toEqual([]);
    await expectNoLeaks();
  });

  it("a saved plan that drops everything is refused the same way at apply", async () => {
    const campaigns = sampleCampaigns(2);
    const { ws, cli } = await setup(campaigns);
    expect((await cli(APPLY)).code).toBe(0);
    await mkdir(path.join(ws.dir, "empty"));
    const saved = await cli(["plan", "--dir", "empty", "--out", "plan.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await cli(["apply", "plan.json", "--dir", "empty", "--auto-approve"]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("would drop every campaign in the state (2 of 2");
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00002"]);
  });
});

describe("--prune sends a full body (issue 10, item 2)", () => {
  it("a deactivation PUTs the last-applied fields with active: false, so a reset PUT keeps them", async () => {
    const campaigns = sampleCampaigns(3);
    const { ws, sb, cli, expectNoLeaks } = await setup(campaigns, { putSemantics: "reset" });
    expect((await cli(APPLY)).code).toBe(0);
    await ws.removeCampaign("00003");
    sb.clearRequests();

    const pruned = await cli([...APPLY, "--prune"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    const third = campaigns[2] as CampaignDoc;
    expect(sb.puts(204).map((r) => [r.campaignId, r.body])).toEqual([
      ["00003", { ...declaredFields(third), active: false }],
    ]);
    // Under `reset`, fields left out of the body would have been lost.
    expect(sb.store.get("00003")).toEqual({ ...third, active: false });
    expect(pruned.stdout).toContain(
      '✓ 00003 "Kampania 3 – sprzedaż" deactivated (9 fields sent, with active: false)',
    );
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00002"]);
    await expectNoLeaks();
  });
});

describe("--only with an id that is neither declared nor managed (issue 10, item 3)", () => {
  it("plan and apply exit 1 naming the id and the closest known ids; nothing sent or written", async () => {
    const { ws, sb, cli } = await setup(sampleCampaigns(3));

    const plan = await cli(["plan", "--only", "2"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("--only 2:");
    expect(plan.stderr).toContain("Did you mean 00002?");
    expect(plan.stdout).not.toContain("No changes");

    const apply = await cli([...APPLY, "--only", "00099"]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("--only 00099:");
    expect(apply.stderr).toContain("campaigns/");
    expect(apply.stderr).not.toMatch(/Internal error|^\s+at /m);
    expect(sb.requests).toEqual([]);
    expect(await ws.readState()).toBeUndefined();

    const both = await cli(["plan", "--only", "00001", "--only", "7", "--only", "00099"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--only 7, 00099:");
  });

  it("an id known only from the state is accepted (it is forgotten)", async () => {
    const campaigns = sampleCampaigns(3);
    const { ws, cli } = await setup(campaigns);
    expect((await cli(APPLY)).code).toBe(0);
    await ws.removeCampaign("00002");
    const plan = await cli(["plan", "--only", "00002"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("Plan: 0 to update, 1 to forget, 0 to deactivate, 0 unchanged.");
  });
});

describe("output that says only what is true (issue 10, item 17)", () => {
  it("a first apply says not yet managed; an update says how many fields changed and were sent; no changes names what was compared", async () => {
    const campaigns = sampleCampaigns(2);
    const { ws, cli } = await setup(campaigns);
    const first = await cli(APPLY);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      '+ 00001 "Kampania 1 – sprzedaż" (campaigns/c00001.yaml)\n    (not yet managed: every declared field is sent)\n    name: "Kampania 1 – sprzedaż"\n',
    );
    expect(first.stdout).not.toContain("(none)");
    expect(first.stdout).toMatch(
      /✓ 00001 "Kampania 1 – sprzedaż" updated \(first apply, 9 fields sent\) \d+ ms/,
    );

    await ws.writeCampaign({ ...(campaigns[0] as CampaignDoc), order: 77 });
    const plan = await cli(["plan"]);
    expect(plan.stdout).toContain(
      '~ 00001 "Kampania 1 – sprzedaż" (campaigns/c00001.yaml)\n    (1 field changed, 9 sent)\n    order: 11 → 77\n',
    );
    const markdown = await cli(["plan", "--format", "markdown"]);
    expect(markdown.stdout).toContain(
      "<summary><code>00001</code> Kampania 1 – sprzedaż: update, 1 field changed, 9 sent</summary>",
    );
    const second = await cli(APPLY);
    expect(second.stdout).toMatch(
      /✓ 00001 "Kampania 1 – sprzedaż" updated \(1 field changed, 9 sent\) \d+ ms/,
    );

    const third = await cli(APPLY);
    expect(third.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    const md = await cli(["plan", "--format", "markdown"]);
    expect(md.stdout).toContain("No changes. The campaign files match the last-applied state.");
  });
});

describe("hints repeat the flags that matter (issue 10, item 21)", () => {
  it("plan --sandbox --out suggests an apply with --sandbox, --state and --dir, which works as printed", async () => {
    const ws = await makeWorkspace();
    cleanups.push(ws.cleanup);
    await ws.writeFile("my campaigns/a.yaml", 'id: "00001"\nname: A\n');
    const planned = await runCli(
      ["plan", "--sandbox", "--dir", "my campaigns", "--state", "s/state.json", "--out", "p.json"],
      { cwd: ws.dir },
    );
    expect(planned.code, planned.stderr).toBe(0);
    const hint =
      "thulium-campaigns apply p.json --sandbox --dir 'my campaigns' --state s/state.json";
    expect(planned.stderr).toContain(`apply it with: ${hint}\n`);

    // The hint, as printed, applies the plan (plus --auto-approve: no terminal here).
    const applied = await runCli(
      ["apply", "p.json", "--sandbox", "--dir", "my campaigns", "--state", "s/state.json"].concat(
        "--auto-approve",
      ),
      { cwd: ws.dir },
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Apply complete! 1 updated");
  });

  it("the --auto-approve and --force hints carry the same flags", async () => {
    const ws = await makeWorkspace(sampleCampaigns(2));
    cleanups.push(ws.cleanup);
    const refused = await runCli(["apply", "--sandbox", "--only", "00001", "--prune"], {
      cwd: ws.dir,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "thulium-campaigns apply --sandbox --only 00001 --prune --auto-approve",
    );
  });
});

describe("approval is decided before anything is touched (issue 10, item 26)", () => {
  it("apply --sandbox without a terminal shows the plan, then refuses: no sandbox data, lock or state", async () => {
    const ws = await makeWorkspace(sampleCampaigns(2));
    cleanups.push(ws.cleanup);
    const result = await runCli(["apply", "--sandbox"], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Plan: 2 to update");
    expect(result.stderr).toContain("Standard input is not a terminal");
    expect(result.stderr).toContain("thulium-campaigns apply --sandbox --auto-approve");
    expect(result.stderr).not.toContain("Note: the sandbox had no campaigns");
    expect(existsSync(path.join(ws.dir, ".thulium"))).toBe(false);
  });

  it("with nothing to do it still says No changes and exits 0", async () => {
    const ws = await makeWorkspace(sampleCampaigns(1));
    cleanups.push(ws.cleanup);
    expect((await runCli(["apply", "--sandbox", "--auto-approve"], { cwd: ws.dir })).code).toBe(0);
    const dataFile = path.join(ws.dir, ".thulium/sandbox/data.json");
    const data = await readFile(dataFile, "utf8");
    const again = await runCli(["apply", "--sandbox"], { cwd: ws.dir });
    expect(again).toMatchObject({
      code: 0,
      stdout: "No changes. The campaign files match the last-applied state.\n",
    });
    expect(await readFile(dataFile, "utf8")).toBe(data);
  });
});
