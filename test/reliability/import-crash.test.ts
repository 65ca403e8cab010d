/**
 * Crash safety of the `import` command: the built CLI SIGKILLed at moments spread over its
 * run (reading the list, writing files, writing the state). After every kill the state
 * holds either no entry for the import or all of them, each naming a whole file on disk
 * that declares exactly the recorded fields; no partial file is left. A rerun of
 * `import --all` then completes the folder, and `apply` sends the campaigns whose entries
 * the crash lost (the same values Thulium has), after which `plan` shows No changes.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";

const COUNT = 150;
const DELAYS_MS = [30, 120, 250, 400, 600];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function fieldsOf(i: number): CampaignFields {
  return {
    name: `Kampania ${i % 40} – sprzedaż`,
    dialer: "preview",
    active: i % 2 === 0,
    start_date: "2027-01-04",
    order: i,
    parameters: { caller_id: `+4822${String(i).padStart(7, "0")}`, preview_timeout: 30 },
  };
}

async function checkInvariant(ws: Workspace, context: string, allOrNone = true): Promise<void> {
  const loaded = await loadCampaignFiles(ws.campaignsDir, { cwd: ws.dir, today: "2026-11-30" });
  // Only whole, valid files: an empty folder reports "no campaign files", a warning.
  expect(
    loaded.issues.filter((i) => i.severity === "error"),
    context,
  ).toEqual([]);
  const declared = new Map(loaded.campaigns.map((c) => [c.id, c]));
  const state = await ws.readState();
  const entries = Object.entries(state?.campaigns ?? {});
  if (allOrNone) {
    expect([0, declared.size], `${context}: all or none recorded`).toContain(entries.length);
  }
  for (const [id, entry] of entries) {
    const campaign = declared.get(id);
    expect(campaign, `${context}: ${id} recorded without its file`).toBeDefined();
    expect(campaign?.location.file, context).toBe(entry.source);
    expect(campaign?.fields, context).toEqual(entry.fields);
  }
}

function env(sandbox: TestSandbox) {
  return sandbox.env();
}

describe("import killed with SIGKILL", () => {
  it.each(DELAYS_MS)(
    "killed %i ms in: files whole, state all or nothing; a rerun and apply converge",
    async (delayMs) => {
      const sandbox = await startTestSandbox({ listShape: "paged" });
      cleanups.push(() => sandbox.close());
      for (let i = 1; i <= COUNT; i++)
        sandbox.store.create(fieldsOf(i), String(i).padStart(5, "0"));
      const ws = await makeWorkspace([]);
      cleanups.push(() => ws.cleanup());

      const child = spawnCli(["import", "--all"], { cwd: ws.dir, env: env(sandbox) });
      const timer = setTimeout(() => child.child.kill("SIGKILL"), delayMs);
      const killed = await child.done;
      clearTimeout(timer);
      const context = `killed after ${delayMs} ms (${killed.signal ?? `exit ${killed.code}`})`;
      if (killed.signal === null) expect(killed.code, killed.stderr).toBe(0);
      await checkInvariant(ws, context);

      const rerun = await runCli(["import", "--all"], { cwd: ws.dir, env: env(sandbox) });
      expect(rerun.code, `${context}: ${rerun.stderr}`).toBe(0);
      // Files the crash left unrecorded stay unrecorded until apply: only the rerun's are.
      await checkInvariant(ws, `${context}, after the rerun`, false);
      const validated = await runCli(["validate"], { cwd: ws.dir, env: env(sandbox) });
      expect(validated.code, validated.stdout).toBe(0);
      const applied = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: env(sandbox) });
      expect(applied.code, applied.stderr).toBe(0);
      const planned = await runCli(["plan"], { cwd: ws.dir, env: env(sandbox) });
      expect(planned.stdout).toContain("No changes");
      // What apply sent were Thulium's own values: nothing changed there.
      for (let i = 1; i <= COUNT; i++) {
        expect(sandbox.store.get(String(i).padStart(5, "0"))).toMatchObject(fieldsOf(i));
      }
    },
    120_000,
  );
});
