/**
 * Layered defaults end to end (issue 14 item 1): `_defaults.yaml` files in a temp
 * workspace, the CLI run in-process against a loopback sandbox. A defaults change plans
 * exactly the campaigns it affects, with origins shown; the request bodies carry the
 * resolved fields; `state show` prints them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { makeWorkspace } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FILES: Record<string, string> = {
  "campaigns/_defaults.yaml": '# every campaign\ngroup_id: 15\nparameters:\n  caller_id: "111"\n',
  "campaigns/sales/_defaults.yaml": '# sales\nparameters:\n  caller_id: "222"\n',
  "campaigns/sales/a.yaml": 'id: "00001"\nname: A\n',
  "campaigns/sales/b.yaml": 'id: "00002"\nname: B\nparameters:\n  caller_id: "999"\n',
  "campaigns/support/c.yaml": 'id: "00003"\nname: C\n',
  "campaigns/d.yaml": 'id: "00004"\nname: D\ngroup_id: 7\n',
};

async function setup() {
  const { ws, sb } = await workspaceWithSandbox([], cleanups);
  seedSandbox(sb, ["00001", "00002", "00003", "00004"]);
  for (const [file, text] of Object.entries(FILES)) await ws.writeFile(file, text);
  const run = (args: string[]) => runCli(args, { cwd: ws.dir, env: sb.env() });
  return { ws, sb, run };
}

describe("layered defaults, end to end", () => {
  it("sends the resolved fields, records them, and state show prints them", async () => {
    const { sb, run } = await setup();
    const applied = await run(["apply", "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    const bodies = Object.fromEntries(sb.puts(204).map((r) => [r.campaignId, r.body]));
    expect(bodies).toEqual({
      "00001": { name: "A", group_id: 15, parameters: { caller_id: "222" } },
      "00002": { name: "B", group_id: 15, parameters: { caller_id: "999" } },
      "00003": { name: "C", group_id: 15, parameters: { caller_id: "111" } },
      "00004": { name: "D", group_id: 7, parameters: { caller_id: "111" } },
    });
    const shown = await run(["state", "show", "00001"]);
    expect(shown.code, shown.stderr).toBe(0);
    // What was applied, which is resolved: the inherited group and caller id are there.
    expect(shown.stdout).toBe(
      '# Last applied from campaigns/sales/a.yaml (state file .thulium/state.json)\nid: "00001"\nname: A\nparameters:\n  caller_id: "222"\ngroup_id: 15\n',
    );
    expect((await run(["plan", "--detailed-exitcode"])).code).toBe(0);
  });

  it("shows where inherited values come from, in text, markdown and JSON", async () => {
    const { run } = await setup();
    const text = await run(["plan", "--only", "00001"]);
    expect(text.stdout).toContain(
      '    parameters.caller_id: "222" (campaigns/sales/_defaults.yaml:3)\n    group_id: 15 (campaigns/_defaults.yaml:2)\n',
    );
    expect(text.stdout).toContain('    name: "A"\n');
    const markdown = await run(["plan", "--only", "00001", "--format", "markdown"]);
    expect(markdown.stdout).toContain(
      "| <code>group\\_id</code> | <code>15</code> (campaigns/\\_defaults.yaml:2) |",
    );
    const json = JSON.parse((await run(["plan", "--only", "00001", "--format", "json"])).stdout);
    expect(json.changes[0].fields).toEqual([
      { path: "name", before: null, after: "A" },
      {
        path: "parameters.caller_id",
        before: null,
        after: "222",
        origin: { file: "campaigns/sales/_defaults.yaml", line: 3 },
      },
      {
        path: "group_id",
        before: null,
        after: 15,
        origin: { file: "campaigns/_defaults.yaml", line: 2 },
      },
    ]);
  });

  it("a change to a defaults file plans exactly the campaigns it affects", async () => {
    const { ws, run } = await setup();
    expect((await run(["apply", "--auto-approve"])).code).toBe(0);
    // The sales caller id: 00001 inherits it; 00002 sets its own; 00003, 00004 are elsewhere.
    await ws.writeFile(
      "campaigns/sales/_defaults.yaml",
      '# sales\nparameters:\n  caller_id: "333"\n',
    );
    const sales = JSON.parse((await run(["plan", "--format", "json"])).stdout);
    expect(sales.summary).toEqual({ update: 1, unchanged: 3, forget: 0, deactivate: 0 });
    expect(sales.changes.map((c: { id: string }) => c.id)).toEqual(["00001"]);
    expect(sales.changes[0].fields).toEqual([
      {
        path: "parameters.caller_id",
        before: "222",
        after: "333",
        origin: { file: "campaigns/sales/_defaults.yaml", line: 3 },
      },
    ]);
    const text = await run(["plan"]);
    expect(text.stdout).toContain(
      '    parameters.caller_id: "222" → "333" (campaigns/sales/_defaults.yaml:3)\n',
    );
    // The top group: every campaign but 00004 (own group_id 7).
    await ws.writeFile(
      "campaigns/_defaults.yaml",
      '# every campaign\ngroup_id: 16\nparameters:\n  caller_id: "111"\n',
    );
    const top = JSON.parse((await run(["plan", "--format", "json"])).stdout);
    expect(top.changes.map((c: { id: string }) => c.id)).toEqual(["00001", "00002", "00003"]);
    expect(top.summary.unchanged).toBe(1);
  });

  it("a saved plan keeps the origins and applies; one made before a defaults change is stale", async () => {
    const { ws, sb, run } = await setup();
    expect((await run(["plan", "--out", "plan.json"])).code).toBe(0);
    const applied = await run(["apply", "plan.json", "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'parameters.caller_id: "222" (campaigns/sales/_defaults.yaml:3)',
    );
    expect(sb.puts(204)).toHaveLength(4);
    expect((await run(["plan", "--out", "again.json"])).code).toBe(0);
    await ws.writeFile("campaigns/_defaults.yaml", "group_id: 16\n");
    const stale = await run(["apply", "again.json", "--auto-approve"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/stale/i);
    expect(sb.puts(204)).toHaveLength(4);
  });

  it("import ignores defaults: fields it writes stay as imported, fields the list hides are filled and planned", async () => {
    for (const [shape, planned] of [
      ["plain", []],
      // The partial list shows no group_id and no parameters: the defaults fill them.
      ["partial", ["parameters.caller_id", "group_id"]],
    ] as const) {
      const sb = await startTestSandbox({ listShape: shape });
      cleanups.push(() => sb.close());
      sb.store.create(
        { name: "Live", order: 5, group_id: 3, parameters: { caller_id: "555" } },
        "00001",
      );
      const ws = await makeWorkspace([]);
      cleanups.push(ws.cleanup);
      await ws.writeFile(
        "campaigns/_defaults.yaml",
        'order: 50\ngroup_id: 15\nparameters:\n  caller_id: "111"\n',
      );
      const run = (args: string[]) => runCli(args, { cwd: ws.dir, env: sb.env() });
      const imported = await run(["import", "--all"]);
      expect(imported.code, imported.stderr).toBe(0);
      const plan = JSON.parse((await run(["plan", "--format", "json"])).stdout);
      const fields = plan.changes.flatMap((c: { fields: { path: string }[] }) => c.fields);
      expect(fields.map((f: { path: string }) => f.path)).toEqual(planned);
      for (const field of fields) expect(field.origin.file).toBe("campaigns/_defaults.yaml");
    }
  });

  it("validate reports a defaults error like a campaign error (JSON with file, line, column)", async () => {
    const { ws, sb, run } = await setup();
    await ws.writeFile("campaigns/sales/_defaults.yaml", "# sales\norder: 0\n");
    const result = await run(["validate", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toEqual([
      {
        file: "campaigns/sales/_defaults.yaml",
        line: 2,
        column: 8,
        path: "/order",
        message: expect.stringMatching(/^must be/),
      },
    ]);
    const apply = await run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("campaigns/sales/_defaults.yaml:2:8 error /order:");
    expect(sb.puts()).toEqual([]);
  });
});
