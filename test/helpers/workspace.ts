/**
 * A throwaway working directory for apply/plan tests: a `campaigns/` folder of YAML files
 * written from plain objects, the default state file location, and cleanup.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";

/** A campaign as written to a file: `id` plus any declared fields. */
export type CampaignDoc = { id: string } & Record<string, unknown>;

/** What a workspace starts with: campaigns (one file each) or file contents by relative path. */
export type WorkspaceSeed = readonly CampaignDoc[] | Record<string, string>;

export interface Workspace {
  /** The temp directory; use it as the CLI's cwd. */
  dir: string;
  /** `<dir>/campaigns`, the CLI's default `--dir`. */
  campaignsDir: string;
  /** `<dir>/.thulium/state.json`, the CLI's default `--state`. */
  stateFile: string;
  /** Writes one campaign as `campaigns/<file>` (default `c<id>.yaml`), replacing that file. */
  writeCampaign(campaign: CampaignDoc, file?: string): Promise<string>;
  /** Writes several campaigns, one file each. */
  writeCampaigns(campaigns: readonly CampaignDoc[]): Promise<void>;
  /** Deletes the file `writeCampaign` wrote for `id` (with the default file name). */
  removeCampaign(id: string): Promise<void>;
  /** Writes any file, relative to `dir` (folders created). */
  writeFile(relative: string, content: string): Promise<string>;
  /** The parsed state file, or undefined when none was written. */
  readState(): Promise<StateFile | undefined>;
  /** The text of every file under `dir` (state, backups, plan files, …), by relative path. */
  readAllFiles(): Promise<Map<string, string>>;
  cleanup(): Promise<void>;
}

/** The state file's shape, loosely, for assertions. */
export interface StateFile {
  version: number;
  lineage: string;
  serial: number;
  target: string;
  campaigns: Record<string, { fields: Record<string, unknown>; source: string }>;
}

/** The default file name `writeCampaign` uses for a campaign. */
export function campaignFileName(id: string): string {
  return `c${id}.yaml`;
}

/**
 * A valid campaign with every field declared, distinct per `n` (1–99999).
 * `overrides` replace fields; an override of `undefined` removes the field.
 */
export function sampleCampaign(n: number, overrides: Record<string, unknown> = {}): CampaignDoc {
  const base: CampaignDoc = {
    id: String(n).padStart(5, "0"),
    name: `Kampania ${n} – sprzedaż`,
    dialer: "progressive",
    active: true,
    start_date: "2027-01-04",
    end_date: "2027-12-17",
    order: 10 + (n % 90),
    parity: 1 + (n % 100),
    group_id: 15,
    parameters: { caller_id: `+4822${String(n).padStart(7, "0")}` },
  };
  const result: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete result[key];
  return result as CampaignDoc;
}

/** `count` sample campaigns, ids 00001…, every field declared. */
export function sampleCampaigns(count: number, from = 1): CampaignDoc[] {
  return Array.from({ length: count }, (_, i) => sampleCampaign(from + i));
}

/** The declared fields of a campaign: everything but `id` (what apply must send). */
export function declaredFields(campaign: CampaignDoc): Record<string, unknown> {
  const { id: _id, ...fields } = campaign;
  return fields;
}

/** Makes a temp workspace; `seed` campaigns go to `campaigns/c<id>.yaml`. */
export async function makeWorkspace(seed: WorkspaceSeed = []): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), "thulium-ws-"));
  const campaignsDir = path.join(dir, "campaigns");
  const stateFile = path.join(dir, ".thulium", "state.json");
  await mkdir(campaignsDir, { recursive: true });

  const write = async (relative: string, content: string) => {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  const workspace: Workspace = {
    dir,
    campaignsDir,
    stateFile,
    writeCampaign: (campaign, file = campaignFileName(campaign.id)) =>
      write(path.join("campaigns", file), stringify(campaign)),
    async writeCampaigns(campaigns) {
      await Promise.all(campaigns.map((c) => workspace.writeCampaign(c)));
    },
    removeCampaign: (id) => unlink(path.join(campaignsDir, campaignFileName(id))),
    writeFile: write,
    async readState() {
      if (!existsSync(stateFile)) return undefined;
      return JSON.parse(await readFile(stateFile, "utf8")) as StateFile;
    },
    readAllFiles: () => readTree(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  if (Array.isArray(seed)) await workspace.writeCampaigns(seed as readonly CampaignDoc[]);
  else
    for (const [relative, content] of Object.entries(seed as Record<string, string>))
      await write(relative, content);
  return workspace;
}

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.set(path.relative(root, full), await readFile(full, "utf8"));
    }
  };
  await walk(root);
  return files;
}
