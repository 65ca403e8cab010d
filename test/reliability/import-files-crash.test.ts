/**
 * Crash safety of `import`'s file writer: a writer process killed (SIGKILL) while writing
 * many files leaves only whole, valid campaign files, never a partial one; a rerun for the
 * campaigns still missing completes the folder, and sweeps the temp files the dead writer
 * left. Uses the built modules in a child process.
 *
 * The writer stages every file under a temp name, then names them: it is killed in each of
 * the two, keyed to what it is doing (its first temp file appearing; its first file named),
 * not to a delay (naming 120 files takes a few milliseconds, so a kill 20 ms after the first
 * one found the writer done).
 */
import { spawn } from "node:child_process";
import { type FSWatcher, watch } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { ImportedCampaign } from "../../src/core/import-file.js";
import { loadCampaignFiles } from "../../src/io/campaign-files/index.js";
import { prepareImportFiles } from "../../src/io/campaign-files/prepare-import.js";
import { writeImportFiles } from "../../src/io/campaign-files/write-imported.js";
import { REPO } from "../cli/built-cli.js";
import { cliEnv } from "../helpers/cli.js";

const TODAY = "2026-11-30";
const COUNT = 120;
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "import-crash-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const campaigns: ImportedCampaign[] = Array.from({ length: COUNT }, (_, index) => {
  const n = index + 1;
  return {
    id: String(n).padStart(5, "0"),
    fields: {
      name: `Kampania ${n % 50} – sprzedaż`, // names repeat: clashes get ids
      dialer: "preview",
      active: n % 2 === 0,
      start_date: "2027-01-04",
      order: n,
      parameters: { caller_id: `+4822${String(n).padStart(7, "0")}`, preview_timeout: 30 },
    },
  };
});
const options = () => ({
  dir: "campaigns",
  cwd,
  target: "https://acme.thulium.com/api",
  importedOn: TODAY,
  today: TODAY,
});

/** When the writer is killed: as its first temp file appears, or as it names its first file. */
const MOMENTS = ["staging", "naming"] as const;

/** Runs the writer in a child and kills it at `moment`. */
async function writeAndKill(moment: (typeof MOMENTS)[number]): Promise<void> {
  const folder = path.join(cwd, "campaigns");
  // Made here, so it can be watched for the first temp file (the writer's mkdir is recursive).
  await mkdir(folder);
  const dist = (module: string) =>
    JSON.stringify(path.join(REPO, "dist", "io", "campaign-files", module));
  const source = `
    import { prepareImportFiles } from ${dist("prepare-import.js")};
    import { writeImportFiles } from ${dist("write-imported.js")};
    const campaigns = JSON.parse(process.env.CAMPAIGNS);
    const options = JSON.parse(process.env.OPTIONS);
    const plan = await prepareImportFiles(campaigns, options);
    let first = true;
    await writeImportFiles(plan, { cwd: options.cwd, onWritten: () => {
      if (first) process.stdout.write("first\\n");
      first = false;
    } });
    process.stdout.write("done\\n");
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
    env: cliEnv({ CAMPAIGNS: JSON.stringify(campaigns), OPTIONS: JSON.stringify(options()) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const kill = () => child.kill("SIGKILL");
  let watcher: FSWatcher | undefined;
  if (moment === "staging") watcher = watch(folder, kill);
  else
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("first")) kill();
    });
  await exited;
  watcher?.close();
  expect(stderr).toBe("");
}

it("a writer killed mid-import leaves only whole files; a rerun completes the folder", async () => {
  const expected = new Map(
    (await prepareImportFiles(campaigns, options())).write.map((file) => [file.id, file.text]),
  );
  // What the kills left: a kill that found the writer done proves nothing.
  let incomplete = 0;
  let tempsLeft = 0;
  for (const moment of MOMENTS) {
    await rm(path.join(cwd, "campaigns"), { recursive: true, force: true });
    await writeAndKill(moment);
    const left = await readdir(path.join(cwd, "campaigns"));
    if (left.some((name) => !name.endsWith(".yaml"))) tempsLeft += 1;

    const after = await loadCampaignFiles("campaigns", { cwd, today: TODAY });
    // Nothing but whole, valid files: no issue at all, or (killed before naming any) only
    // the note that the folder holds no campaign file yet (temp files are not read).
    if (left.some((name) => name.endsWith(".yaml"))) expect(after.issues).toEqual([]);
    else
      expect(after.issues).toEqual([
        expect.objectContaining({
          severity: "warning",
          message: "no campaign files (*.yaml, *.yml) found in this folder",
        }),
      ]);
    for (const campaign of after.campaigns) {
      const text = await readFile(path.join(cwd, campaign.location.file), "utf8");
      expect(text, campaign.location.file).toBe(expected.get(campaign.id));
    }

    // The rerun imports what is missing (import refuses ids already declared).
    const declared = new Set(after.campaigns.map((campaign) => campaign.id));
    const missing = campaigns.filter((campaign) => !declared.has(campaign.id));
    if (missing.length > 0) incomplete += 1;
    const plan = await prepareImportFiles(missing, options());
    await writeImportFiles(plan, { cwd });
    const complete = await loadCampaignFiles("campaigns", { cwd, today: TODAY });
    expect(complete.issues).toEqual([]);
    expect(complete.campaigns.map((campaign) => campaign.id)).toEqual(campaigns.map((c) => c.id));
    // The dead writer's temp files are gone once anything is written again.
    if (missing.length > 0) {
      const names = await readdir(path.join(cwd, "campaigns"));
      expect(names.filter((name) => !name.endsWith(".yaml"))).toEqual([]);
    }
  }
  expect(incomplete, "no kill landed before the writer was done").toBeGreaterThan(0);
  expect(tempsLeft, "no kill left temp files to sweep").toBeGreaterThan(0);
}, 120_000);
