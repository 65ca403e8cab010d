/**
 * `import` end to end: the built CLI against a sandbox on loopback, in temp folders.
 * The done-when loop for each list shape (import --all → validate → plan: no change →
 * apply: no request), refusals (nothing written), --dry-run, --include-invalid.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import type { ListShape } from "../../src/sandbox/index.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, TEST_PASSWORD, type TestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, sampleCampaign, type Workspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function fieldsOf(i: number): CampaignFields {
  const dialer = (["predictive", "progressive", "preview"] as const)[i % 3] ?? "preview";
  return {
    name: i % 10 === 0 ? "Kampania sprzedażowa 2027" : `Kampania ${i} – Łódź`,
    dialer,
    active: i % 4 !== 0,
    start_date: "2027-01-05",
    ...(i % 4 === 0 ? {} : { end_date: "2027-06-30" }),
    order: i,
    parity: (i % 100) + 1,
    ...(i % 5 === 0 ? {} : { group_id: i % 7 }),
    parameters: {
      caller_id: i % 2 === 0 ? "+48221234567" : "0221234567",
      ...(dialer === "preview" ? { preview_timeout: 30 } : {}),
    },
  };
}

const id = (i: number) => String(i).padStart(5, "0");

async function setUp(
  count: number,
  options: { shape?: ListShape; seed?: readonly ReturnType<typeof sampleCampaign>[] } = {},
): Promise<{ sandbox: TestSandbox; ws: Workspace }> {
  const sandbox = await startTestSandbox({ listShape: options.shape ?? "plain" });
  cleanups.push(() => sandbox.close());
  for (let i = 1; i <= count; i++) sandbox.store.create(fieldsOf(i), id(i));
  const ws = await makeWorkspace(options.seed ?? []);
  cleanups.push(() => ws.cleanup());
  return { sandbox, ws };
}

function cli(args: string[], sandbox: TestSandbox, ws: Workspace) {
  return runCli(args, { cwd: ws.dir, env: sandbox.env(), timeoutMs: 60_000 });
}

describe.each(["plain", "paged", "partial"] as ListShape[])("import --all, %s list", (shape) => {
  it("200 campaigns → validate passes → plan: No changes → apply sends no request → drift clean; a panel change → drift → apply --refresh: one PUT", async () => {
    const { sandbox, ws } = await setUp(200, { shape });
    const imported = await cli(["import", "--all"], sandbox, ws);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      "Read 200 campaigns from Thulium's list; wrote 200 files to campaigns/ and recorded them in .thulium/state.json.",
    );
    expect(imported.stdout).toContain("Wrote campaigns/kampania-sprzedazowa-2027-00010.yaml");
    expect((await readdir(ws.campaignsDir)).length).toBe(200);
    const state = await ws.readState();
    expect(Object.keys(state?.campaigns ?? {})).toHaveLength(200);
    expect(state?.target).toBe(sandbox.url);

    const validated = await cli(["validate"], sandbox, ws);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const planned = await cli(["plan"], sandbox, ws);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain("No changes");
    sandbox.clearRequests();
    const applied = await cli(["apply", "--auto-approve"], sandbox, ws);
    expect(applied.code, applied.stderr).toBe(0);
    expect(sandbox.puts()).toEqual([]);

    // drift is clean; a change as in the panel shows exactly that field; apply --refresh
    // restores it with one PUT; drift is clean again.
    const clean = await cli(["drift", "--detailed-exitcode"], sandbox, ws);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain("No drift found");
    sandbox.store.edit("00042", { order: 99 });
    const drifted = await cli(["drift", "--detailed-exitcode"], sandbox, ws);
    expect(drifted.code, drifted.stderr).toBe(2);
    expect(drifted.stdout).toContain("order: 42 → 99 in Thulium");
    expect(drifted.stdout).toContain("Drift: 1 campaign differs");
    sandbox.clearRequests();
    const refreshed = await cli(["apply", "--refresh", "--auto-approve"], sandbox, ws);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(sandbox.puts().map((put) => put.path)).toEqual(["/api/outbounds/00042"]);
    const again = await cli(["drift", "--detailed-exitcode"], sandbox, ws);
    expect(again.code, again.stdout).toBe(0);
  }, 180_000);
});

describe("import refusals: one paragraph, exit 1, nothing written", () => {
  it("refuses an id declared already (naming the file), one in the state, one not in Thulium", async () => {
    const { sandbox, ws } = await setUp(5, { seed: [sampleCampaign(1)] });
    const before = await ws.readAllFiles();
    const result = await cli(["import", "1", "3", "00099"], sandbox, ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("campaign 00001 is already declared in campaigns/");
    expect(result.stderr).toContain("campaign 00099 is not in Thulium's list (closest ids:");
    expect(result.stderr).not.toContain("\n\n");
    expect(await ws.readAllFiles()).toEqual(before);

    const imported = await cli(["import", "3"], sandbox, ws);
    expect(imported.code, imported.stderr).toBe(0);
    await ws.removeCampaign("00001");
    await readdir(ws.campaignsDir).then(async (names) => {
      for (const name of names.filter((n) => n.includes("kampania-3")))
        await import("node:fs/promises").then((fs) => fs.unlink(path.join(ws.campaignsDir, name)));
    });
    const again = await cli(["import", "00003"], sandbox, ws);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("campaign 00003 is already in the state");
  }, 60_000);

  it("neither ids nor --all is a usage error", async () => {
    const { sandbox, ws } = await setUp(1);
    const result = await cli(["import"], sandbox, ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--all");
    expect(await readdir(ws.campaignsDir)).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });

  it("an answer with no recognisable list fails in one paragraph and writes nothing", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ foo: 1 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const ws = await makeWorkspace([]);
    cleanups.push(() => ws.cleanup());
    const result = await runCli(["import", "--all"], {
      cwd: ws.dir,
      env: {
        THULIUM_URL: `http://127.0.0.1:${port}/api`,
        THULIUM_USER: "u",
        THULIUM_PASSWORD: TEST_PASSWORD,
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("holds no list of campaigns this tool recognises");
    expect(result.stderr).toContain("doctor --show-shape");
    expect(result.stdout + result.stderr).not.toContain(TEST_PASSWORD);
    expect(await readdir(ws.campaignsDir)).toEqual([]);
    expect(existsSync(ws.stateFile)).toBe(false);
  });
});

describe("import --dry-run and --include-invalid", () => {
  it("--dry-run shows the files and the first one's text, and writes nothing", async () => {
    const { sandbox, ws } = await setUp(3);
    const result = await cli(["import", "--all", "--dry-run"], sandbox, ws);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Would write 3 files:");
    expect(result.stdout).toContain("campaigns/kampania-1-lodz.yaml would read:");
    expect(result.stdout).toContain('id: "00001"');
    expect(result.stdout).toContain("dry run: nothing was written");
    expect(await readdir(ws.campaignsDir)).toEqual([]);
    expect(existsSync(ws.stateFile)).toBe(false);
  });

  it("an invalid live campaign is skipped with its reason (exit 1); --include-invalid writes it for validate", async () => {
    const { sandbox, ws } = await setUp(2);
    sandbox.store.create({ ...fieldsOf(3), order: 0 }, "00003");
    const skipped = await cli(["import", "--all"], sandbox, ws);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain("Skipped campaign 00003: its live values break the schema:");
    expect(skipped.stdout).toMatch(/kampania-3-lodz\.yaml:\d+:\d+ .*order/);
    expect(skipped.stdout).toContain("skipped 1 (invalid live values: see above)");
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00002"]);

    const included = await cli(["import", "3", "--include-invalid"], sandbox, ws);
    expect(included.code).toBe(0);
    expect(included.stdout).toContain("was written although invalid (--include-invalid)");
    const validated = await cli(["validate"], sandbox, ws);
    expect(validated.code).toBe(1);
    expect(validated.stdout + validated.stderr).toMatch(/kampania-3-lodz\.yaml:\d+/);
    expect(Object.keys((await ws.readState())?.campaigns ?? {})).toEqual(["00001", "00002"]);
    const text = await readFile(path.join(ws.campaignsDir, "kampania-3-lodz.yaml"), "utf8");
    expect(text).toContain("order: 0");
  });
});

describe("import and the state file", () => {
  it("refuses while another apply holds the lock, writing nothing", async () => {
    const { acquireLock } = await import("../../src/io/state/index.js");
    const { mkdir } = await import("node:fs/promises");
    const { sandbox, ws } = await setUp(2);
    await mkdir(path.dirname(ws.stateFile), { recursive: true });
    const lock = await acquireLock(ws.stateFile, { command: "apply" });
    try {
      const result = await cli(["import", "--all"], sandbox, ws);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/lock/i);
      expect(await readdir(ws.campaignsDir)).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it("refuses a state applied to another Thulium system, writing nothing", async () => {
    const { sandbox, ws } = await setUp(2);
    await ws.writeFile(
      ".thulium/state.json",
      `${JSON.stringify({ version: 1, lineage: "11111111-1111-4111-8111-111111111111", serial: 1, target: "https://other.thulium.com/api", campaigns: {} })}\n`,
    );
    const result = await cli(["import", "--all"], sandbox, ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("was applied to https://other.thulium.com/api");
    expect(await readdir(ws.campaignsDir)).toEqual([]);
  });
});
