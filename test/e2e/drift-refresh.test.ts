/**
 * `drift`, `plan --refresh` and `apply --refresh` (the built CLI, spawned) against a sandbox
 * on loopback with a request log: saved refreshed plans and their staleness, statistics
 * refused, values the list cannot read, campaigns missing from Thulium, the state's target,
 * unknown `--only` ids, and plans without `--refresh` reading nothing.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxOptions } from "../../src/sandbox/index.js";
import { runCli } from "../helpers/cli.js";
import { startCountingProxy } from "../helpers/counting-proxy.js";
import type { TestSandbox } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { sampleCampaigns, type Workspace } from "../helpers/workspace.js";
import { startCountingServer } from "../reliability/helpers/corpus.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { THULIUM_RETRY_BASE_MS: "0", THULIUM_RETRIES: "2" };

/** `count` sample campaigns applied to a fresh sandbox; the request log cleared after. */
async function applied(
  count = 3,
  sandboxOptions: SandboxOptions = {},
): Promise<{ ws: Workspace; sb: TestSandbox; env: Record<string, string> }> {
  const { ws, sb } = await workspaceWithSandbox(sampleCampaigns(count), cleanups, sandboxOptions);
  const env = { ...sb.env(), ...FAST };
  const first = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
  expect(first.code, first.stderr).toBe(0);
  sb.clearRequests();
  return { ws, sb, env };
}

function requestLines(sb: TestSandbox): string[] {
  return sb.requests.map((r) => `${r.method} ${r.path}`);
}

describe("plan and apply without --refresh read nothing", () => {
  it("after a change in the panel: `plan` and `apply` say No changes and send no request", async () => {
    const { ws, sb, env } = await applied();
    sb.store.edit("00001", { order: 99 });
    const plan = await runCli(["plan"], { cwd: ws.dir, env });
    expect(plan.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    const apply = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(apply.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
    expect(sb.requests).toEqual([]);
  });
});

describe("plan --refresh", () => {
  it("shows each live value it overwrites, in every format; reads one listing, writes nothing", async () => {
    // paged: an end date not set is shown as null (the plain list leaves the key out).
    const { ws, sb, env } = await applied(3, { listShape: "paged" });
    sb.store.edit("00002", { order: 99, end_date: null });
    const before = await ws.readAllFiles();
    const text = await runCli(["plan", "--refresh"], { cwd: ws.dir, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      '~ 00002 "Kampania 2 – sprzedaż" (campaigns/c00002.yaml)\n    (2 fields changed in Thulium, 9 sent)\n    end_date: not set in Thulium → "2027-12-17"\n    order: 99 in Thulium → 12\n',
    );
    expect(text.stdout).toContain(
      "Plan: 1 to update, 0 to forget, 0 to deactivate, 2 unchanged.\n",
    );
    expect(text.stdout).toContain("Compared with Thulium's list: 27 fields of 3 campaigns.\n");
    expect(text.stderr).toContain("Read Thulium's list: 3 campaigns in 1 request.");

    const json = JSON.parse(
      (await runCli(["plan", "--refresh", "--format", "json"], { cwd: ws.dir, env })).stdout,
    );
    expect(json.changes[0].fields).toEqual([
      { path: "end_date", before: "2027-12-17", after: "2027-12-17", live: null },
      { path: "order", before: 12, after: 12, live: 99 },
    ]);
    expect(json.refresh).toEqual({
      campaigns: 3,
      compared_fields: 27,
      not_visible: [],
      not_visible_fields: 0,
      unreadable: [],
      missing_in_thulium: [],
    });
    const markdown = await runCli(["plan", "--refresh", "--format", "markdown"], {
      cwd: ws.dir,
      env,
    });
    expect(markdown.stdout).toContain(
      "| <code>order</code> | <code>12</code> (<code>99</code> in Thulium) | <code>12</code> |",
    );
    expect(requestLines(sb)).toEqual(Array(3).fill("GET /api/outbounds"));
    expect(await ws.readAllFiles()).toEqual(before);
  });

  it("needs credentials (plain plan does not), and the state's own target", async () => {
    const { ws, env } = await applied();
    const bare = await runCli(["plan", "--refresh"], { cwd: ws.dir, env: {} });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe(
      "Error: plan --refresh reads Thulium, so it needs THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD; none of them is set. Set them as for apply, or add --sandbox to read the built-in sandbox.\n",
    );
    expect((await runCli(["plan"], { cwd: ws.dir, env: {} })).code).toBe(0);

    const other = { ...env, THULIUM_URL: "http://127.0.0.1:9/api" };
    const elsewhere = await runCli(["plan", "--refresh"], { cwd: ws.dir, env: other });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(
      /was applied to http:\/\/127\.0\.0\.1:\d+\/api, not http:\/\/127\.0\.0\.1:9\/api/,
    );
  });

  it("a declared campaign missing from Thulium's list is named; its PUT stays planned", async () => {
    const { ws, sb, env } = await applied();
    sb.store.delete("00003");
    const plan = await runCli(["plan", "--refresh"], { cwd: ws.dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "Not in Thulium's list: 00003; its PUT is sent as planned, and Thulium answers 404 for a campaign it does not have.",
    );
  });
});

describe("plan --refresh --out, then apply PLANFILE", () => {
  it("applies the reviewed plan while Thulium is unchanged: re-reads the list, one PUT", async () => {
    const { ws, sb, env } = await applied();
    sb.store.edit("00001", { order: 99 });
    const saved = await runCli(["plan", "--refresh", "--out", "plan.json"], { cwd: ws.dir, env });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain("apply it with: thulium-campaigns apply plan.json");
    const file = JSON.parse(await readFile(path.join(ws.dir, "plan.json"), "utf8"));
    expect(file.options).toEqual({ only: [], prune: false, refresh: true });
    expect(file.live_sha256).toMatch(/^[0-9a-f]{64}$/);

    sb.clearRequests();
    const apply = await runCli(["apply", "plan.json", "--auto-approve"], { cwd: ws.dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("order: 99 in Thulium → 11");
    expect(requestLines(sb)).toEqual(["GET /api/outbounds", "PUT /api/outbounds/00001"]);
  });

  it("refuses it, sending nothing, when a live value changed since", async () => {
    const { ws, sb, env } = await applied();
    sb.store.edit("00001", { order: 99 });
    await runCli(["plan", "--refresh", "--out", "plan.json"], { cwd: ws.dir, env });
    sb.store.edit("00001", { order: 98 });
    sb.clearRequests();
    const state = await ws.readState();
    const apply = await runCli(["apply", "plan.json", "--auto-approve"], { cwd: ws.dir, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      "The plan is stale; run plan --refresh again: Thulium's live campaigns changed since the plan in",
    );
    expect(requestLines(sb)).toEqual(["GET /api/outbounds"]);
    expect(await ws.readState()).toEqual(state);
  });

  it("apply PLANFILE --refresh is refused: the saved plan carries it", async () => {
    const { ws, env } = await applied();
    await runCli(["plan", "--out", "plan.json"], { cwd: ws.dir, env });
    const apply = await runCli(["apply", "plan.json", "--refresh", "--auto-approve"], {
      cwd: ws.dir,
      env,
    });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("--refresh belongs to `plan --out`");
  });

  it("a plan saved without --refresh is applied without reading the list", async () => {
    const { ws, sb, env } = await applied();
    await ws.writeCampaigns(sampleCampaigns(1).map((c) => ({ ...c, order: 77 })));
    await runCli(["plan", "--out", "plan.json"], { cwd: ws.dir, env });
    const file = JSON.parse(await readFile(path.join(ws.dir, "plan.json"), "utf8"));
    expect(file.options).toEqual({ only: [], prune: false });
    expect(file).not.toHaveProperty("live_sha256");
    const apply = await runCli(["apply", "plan.json", "--auto-approve"], { cwd: ws.dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(requestLines(sb)).toEqual(["PUT /api/outbounds/00001"]);
  });
});

describe("apply --refresh", () => {
  it("when the safety gate stops it, the rerun hint keeps --refresh", async () => {
    const { ws, sb, env } = await applied(12);
    for (const id of ["00001", "00002", "00003", "00004"]) sb.store.edit(id, { order: 99 });
    const apply = await runCli(["apply", "--refresh", "--auto-approve"], { cwd: ws.dir, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("thulium-campaigns apply --refresh --auto-approve --force");
    expect(sb.puts()).toEqual([]);
  });
});

describe("drift", () => {
  it("a managed campaign missing from Thulium is drift; one nobody manages is not", async () => {
    const { ws, sb, env } = await applied();
    sb.store.delete("00002");
    sb.store.create({ name: "Obca" }, "00042");
    const result = await runCli(["drift", "--detailed-exitcode"], { cwd: ws.dir, env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "- 00002 (in the state file .thulium/state.json, missing from Thulium's list: deleted in Thulium, or hidden from this API user)",
    );
    expect(result.stdout).toContain(
      "Not managed: 1 campaign in Thulium is not in the state: 00042.",
    );
    expect(result.stdout).toContain(
      "Drift: 1 managed campaign missing from Thulium; compared 18 fields of 2 campaigns.",
    );
    const json = JSON.parse(
      (await runCli(["drift", "--format", "json"], { cwd: ws.dir, env })).stdout,
    );
    expect(json).toMatchObject({ checked: 2, missing_in_thulium: ["00002"], unmanaged: ["00042"] });
  });

  it("--format markdown: the marker first, a row per drifted field", async () => {
    const { ws, sb, env } = await applied();
    sb.store.edit("00003", { name: "Zmieniona | @ktoś" });
    const result = await runCli(["drift", "--format", "markdown", "--detailed-exitcode"], {
      cwd: ws.dir,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stdout.split("\n")[0]).toBe("<!-- thulium-campaigns drift -->");
    expect(result.stdout).toContain(
      "| 00003 | Kampania 3 – sprzedaż | <code>name</code> | <code>&quot;Kampania 3 – sprzedaż&quot;</code> | <code>&quot;Zmieniona &#124; &#64;ktoś&quot;</code> | active, 211 records, 44.6% done |",
    );
  });

  it("statistics refused (403): one line says so, and drift goes on", async () => {
    const { ws, sb } = await workspaceWithSandbox(sampleCampaigns(3), cleanups);
    const proxy = await startCountingProxy(sb.url, (req) =>
      req.url === "/api/outbounds/stats"
        ? { status: 403, body: JSON.stringify({ errors: [{ message: "Forbidden." }] }) }
        : undefined,
    );
    cleanups.push(() => proxy.close());
    const env = { ...sb.env(), ...FAST, THULIUM_URL: proxy.url };
    expect((await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env })).code).toBe(0);
    sb.store.edit("00001", { order: 99 });
    const run = (format: string) =>
      runCli(["drift", "--detailed-exitcode", "--format", format], { cwd: ws.dir, env });
    const text = await run("text");
    expect(text.code, text.stderr).toBe(2);
    const lines = text.stdout.split("\n").filter((line) => line.includes("dialling"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Campaigns dialling now are not marked: .*403/);
    expect(text.stdout).toContain("    order: 11 → 99 in Thulium\n");
    const json = JSON.parse((await run("json")).stdout);
    expect(json.dialling_now).toMatchObject({ read: false });
    expect(json.drifted[0]).not.toHaveProperty("dialling");
  });

  it("the state must belong to the target read", async () => {
    const { ws, env } = await applied();
    const result = await runCli(["drift"], {
      cwd: ws.dir,
      env: { ...env, THULIUM_URL: "http://127.0.0.1:9/api" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: State file \.thulium\/state\.json was applied to http:\/\/127\.0\.0\.1:\d+\/api, not http:\/\/127\.0\.0\.1:9\/api; use another --state file/,
    );
  });

  it("an --only id neither managed nor listed is refused, with the id meant", async () => {
    const { ws, env } = await applied();
    const result = await runCli(["drift", "--only", "2"], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "--only 2: the state file .thulium/state.json manages no such campaign and Thulium's list does not hold it, so there is nothing to compare. For 2, did you mean 00002?",
    );
    const only = await runCli(["drift", "--only", "00002", "--format", "json"], {
      cwd: ws.dir,
      env,
    });
    expect(JSON.parse(only.stdout)).toMatchObject({ checked: 1 });
  });

  it("an empty state: nothing compared, every live campaign unmanaged, exit 0", async () => {
    const { ws, sb } = await workspaceWithSandbox([], cleanups);
    sb.store.create({ name: "A" }, "00001");
    const result = await runCli(["drift", "--detailed-exitcode"], {
      cwd: ws.dir,
      env: { ...sb.env(), ...FAST },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "Not managed: 1 campaign in Thulium is not in the state: 00001.\nNothing compared: the state holds no managed campaign to compare with Thulium (apply records each campaign it applies).\n",
    );
  });
});

describe("values the list cannot read, and fields it does not show", () => {
  /** A Thulium whose list spells 00001's order unreadably and shows no group_id at all. */
  function oddThulium(order: unknown) {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === "PUT") {
        res.writeHead(204);
        res.end();
        return;
      }
      const body =
        req.url === "/api/outbounds/stats"
          ? []
          : [{ id: 1, name: "Kampania 1 – sprzedaż", order, dialer: "progressive" }];
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
  }

  it("never show as drift, nor as an update with --refresh", async () => {
    const { ws } = await workspaceWithSandbox([], cleanups);
    await ws.writeCampaign({ id: "00001", name: "Kampania 1 – sprzedaż", order: 11, group_id: 15 });
    let order: unknown = 11;
    const server = await startCountingServer((req, res) => oddThulium(order)(req, res));
    cleanups.push(() => server.close());
    const env = {
      THULIUM_URL: server.url,
      THULIUM_USER: "api_user",
      THULIUM_PASSWORD: "api_pass_1",
      ...FAST,
    };
    expect((await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env })).code).toBe(0);
    order = "eleven";
    const drift = await runCli(["drift", "--detailed-exitcode"], { cwd: ws.dir, env });
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toBe(
      [
        "Not shown by Thulium's list, so not compared: group_id.",
        "Shown by Thulium's list in a form this tool cannot read, so not compared: 00001 order.",
        "No drift found: compared 1 field of 1 campaign; 1 field not shown by Thulium's list was not compared; 1 value Thulium's list shows could not be read and was not compared.",
        "",
      ].join("\n"),
    );
    const plan = await runCli(["plan", "--refresh", "--detailed-exitcode"], { cwd: ws.dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(
      "No changes. The campaign files match the last-applied state and Thulium's live campaigns.\nCompared with Thulium's list: 1 field of 1 campaign; 1 field not shown by the list was not compared (group_id); 1 value the list shows could not be read and was not compared (00001 order).\n",
    );
  });
});
