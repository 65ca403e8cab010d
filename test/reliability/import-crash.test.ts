/**
 * Crash safety of the `import` command: the built CLI SIGKILLed at moments spread over its
 * run (reading the list, writing the files, naming them). After
 * every kill the state holds either no entry for the import or all of them, each naming a
 * whole file on disk that declares exactly the recorded fields; no partial file is left. A
 * rerun of `import --all` then completes the folder, and `apply` sends the campaigns whose
 * entries the crash lost (the same values Thulium has), after which `plan` shows No changes.
 *
 * Each kill is keyed to what the run is doing (a request the sandbox answered, a file
 * appearing in the folder), not to a delay: a spawned import spends its first half second
 * or more starting and reading, so fixed delays of up to 600 ms (30 ms to 600 ms, five
 * trials) all landed before the first file, and the files-without-entries case never
 * happened. A kill before the lock is taken leaves nothing at all, so it is not a trial.
 */
import { existsSync, type FSWatcher, watch } from "node:fs";
import { readdir } from "node:fs/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CampaignFields } from "../../src/core/campaign.js";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { lockFileFor } from "../../src/io/state/index.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";

/** More than one page of the paged list (100 a page), so reading it takes two requests. */
const COUNT = 120;

/**
 * The moments to kill at. "reading the list" leaves the lock (taken before the list is read;
 * nothing is written between reading and staging the files, so a later kill leaves the same);
 * "writing" kills while the files are staged under temp names, "naming" once the first is
 * renamed into place (the state is written only after all of them: its entries are lost,
 * the files stay).
 */
const MOMENTS = ["reading the list", "writing the files", "naming the files"] as const;
type Moment = (typeof MOMENTS)[number];

/** What the kills left, checked once every moment ran: kills that never bit prove nothing. */
const exercised = {
  trials: 0,
  locksLeft: 0,
  noFiles: 0,
  filesWithoutEntries: 0,
  resentByApply: 0,
};
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

/**
 * Arms the kill of `kill` at `moment`: a list page the sandbox answered (`onList` is told
 * of each), or a file event in the campaigns folder. Returns what to undo once the child
 * is gone.
 */
function killAt(
  moment: Moment,
  kill: () => void,
  campaignsDir: string,
  onList: { page: ((offset: number) => void) | undefined },
): () => void {
  let watcher: FSWatcher | undefined;
  switch (moment) {
    case "reading the list":
      // The first page answered: the second is asked for next.
      onList.page = (offset) => {
        if (offset === 0) kill();
      };
      break;
    case "writing the files":
      watcher = watch(campaignsDir, kill);
      break;
    case "naming the files":
      watcher = watch(campaignsDir, (_event, name) => {
        if (name?.endsWith(".yaml")) kill();
      });
      break;
  }
  return () => {
    watcher?.close();
    onList.page = undefined;
  };
}

describe("import killed with SIGKILL", () => {
  it.each(MOMENTS)(
    "killed while %s: files whole, state all or nothing; a rerun and apply converge",
    async (moment) => {
      const onList: { page: ((offset: number) => void) | undefined } = { page: undefined };
      const sandbox = await startTestSandbox({
        listShape: "paged",
        onRequest: (record) => {
          if (record.method !== "GET" || !record.path.startsWith("/api/outbounds")) return;
          onList.page?.(Number(/[?&]offset=(\d+)/.exec(record.path)?.[1] ?? 0));
        },
      });
      cleanups.push(() => sandbox.close());
      for (let i = 1; i <= COUNT; i++)
        sandbox.store.create(fieldsOf(i), String(i).padStart(5, "0"));
      const ws = await makeWorkspace([]);
      cleanups.push(() => ws.cleanup());

      const child = spawnCli(["import", "--all"], { cwd: ws.dir, env: env(sandbox) });
      const disarm = killAt(moment, () => child.child.kill("SIGKILL"), ws.campaignsDir, onList);
      const killed = await child.done;
      disarm();
      const context = `killed while ${moment} (${killed.signal ?? `exit ${killed.code}`})`;
      if (killed.signal === null) expect(killed.code, killed.stderr).toBe(0);
      await checkInvariant(ws, context);
      const filesLeft = (await readdir(ws.campaignsDir)).filter((name) => name.endsWith(".yaml"));
      const entriesLeft = Object.keys((await ws.readState())?.campaigns ?? {}).length;
      if (existsSync(lockFileFor(ws.stateFile))) exercised.locksLeft += 1;
      if (filesLeft.length === 0) exercised.noFiles += 1;
      else if (entriesLeft === 0) exercised.filesWithoutEntries += 1;

      const rerun = await runCli(["import", "--all"], { cwd: ws.dir, env: env(sandbox) });
      expect(rerun.code, `${context}: ${rerun.stderr}`).toBe(0);
      // Files the crash left unrecorded stay unrecorded until apply: only the rerun's are.
      await checkInvariant(ws, `${context}, after the rerun`, false);
      const validated = await runCli(["validate"], { cwd: ws.dir, env: env(sandbox) });
      expect(validated.code, validated.stdout).toBe(0);
      const putsBefore = sandbox.puts().length;
      const applied = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: env(sandbox) });
      expect(applied.code, applied.stderr).toBe(0);
      if (sandbox.puts().length > putsBefore) exercised.resentByApply += 1;
      const planned = await runCli(["plan"], { cwd: ws.dir, env: env(sandbox) });
      expect(planned.stdout).toContain("No changes");
      // What apply sent were Thulium's own values: nothing changed there.
      for (let i = 1; i <= COUNT; i++) {
        expect(sandbox.store.get(String(i).padStart(5, "0"))).toMatchObject(fieldsOf(i));
      }
      exercised.trials += 1;
    },
    120_000,
  );

  // A hook, not a test: it must come after the trials in any order (`--sequence.shuffle`),
  // and checks only when every trial ran and passed (not under `-t`).
  afterAll(() => {
    if (exercised.trials < MOMENTS.length) return;
    expect(exercised.locksLeft, "no kill left the lock to take over").toBeGreaterThan(0);
    expect(exercised.noFiles, "no kill landed before the files").toBeGreaterThan(0);
    expect(exercised.filesWithoutEntries, "no kill left files without entries").toBeGreaterThan(0);
    expect(exercised.resentByApply, "apply never sent a lost entry").toBeGreaterThan(0);
  });
});
