/**
 * Bench inputs, generated into a temporary folder on every run (no large fixtures in git):
 * campaign files in either layout, and state files that match them fully or all but 1%.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CampaignFields } from "../core/campaign.js";
import { normaliseFields } from "../core/normalise.js";
import type { AppliedCampaign, State } from "../core/state.js";
import { writeState } from "../io/state/index.js";

/** How campaigns are spread over files: one per file, or 100 `---`-separated per file. */
export type Layout = "one-per-file" | "100-per-file";

/** Campaigns per file for each layout. */
export const PER_FILE: Record<Layout, number> = { "one-per-file": 1, "100-per-file": 100 };

/** A generated campaign: its five-digit id, its fields and the file that declares it. */
export interface GeneratedCampaign {
  id: string;
  fields: CampaignFields;
  /** Path of its file relative to the bench folder (what the CLI reports as the source). */
  source: string;
}

const DIALERS = ["predictive", "progressive", "preview"] as const;

/** Ids 00001…N: Thulium ids are five digits, so N is at most 99,999. */
export function campaignId(index: number): string {
  return String(index + 1).padStart(5, "0");
}

/** Realistic, varied fields (every documented field, Polish text included). */
export function campaignFields(index: number): CampaignFields {
  const dialer = DIALERS[index % DIALERS.length] ?? "preview";
  const fields: CampaignFields = {
    name: `Kampania sprzedażowa ${campaignId(index)}`,
    dialer,
    active: index % 7 !== 0,
    start_date: "2027-01-04",
    end_date: "2030-12-17",
    order: (index % 99_999) + 1,
    parity: (index % 100) + 1,
    group_id: (index % 40) + 1,
    parameters:
      dialer === "predictive"
        ? { caller_id: "+48221234567", predictive_min_calls: 1.2, predictive_max_calls: 2.5 }
        : dialer === "preview"
          ? { caller_id: "+48221234567", preview_timeout: 30 }
          : { caller_id: "+48221234567" },
  };
  return fields;
}

/** One campaign as a YAML document, written the way people write these files. */
export function campaignYaml(id: string, fields: CampaignFields): string {
  const lines = [`id: "${id}"`];
  for (const [key, value] of Object.entries(fields)) {
    if (key === "parameters") continue;
    lines.push(`${key}: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  }
  const parameters = Object.entries(fields.parameters ?? {});
  if (parameters.length > 0) {
    lines.push("parameters:");
    for (const [key, value] of parameters) {
      lines.push(`  ${key}: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes `count` campaigns under `root/dir` in `layout` and returns them.
 * Files are spread over subfolders of 1,000 files, as a large repository would be.
 */
export async function writeCampaignFiles(
  root: string,
  dir: string,
  count: number,
  layout: Layout,
): Promise<GeneratedCampaign[]> {
  const perFile = PER_FILE[layout];
  const campaigns: GeneratedCampaign[] = [];
  const files = Math.ceil(count / perFile);
  const writes: Promise<void>[] = [];
  for (let file = 0; file < files; file++) {
    const folder = path.join(dir, `team-${String(Math.floor(file / 1000)).padStart(3, "0")}`);
    const source = path.join(folder, `campaigns-${String(file).padStart(5, "0")}.yaml`);
    const documents: string[] = [];
    for (let k = 0; k < perFile && file * perFile + k < count; k++) {
      const index = file * perFile + k;
      const id = campaignId(index);
      const fields = campaignFields(index);
      campaigns.push({ id, fields, source });
      documents.push(campaignYaml(id, fields));
    }
    if (file % 1000 === 0) await mkdir(path.join(root, folder), { recursive: true });
    writes.push(writeFile(path.join(root, source), documents.join("---\n")));
    // Bounded: 50,000 open writes at once would exhaust file descriptors.
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  return campaigns;
}

/**
 * A state file recording `campaigns` as applied. Every `changedEvery`-th campaign is
 * recorded with an older name, so `plan` finds exactly those changed (0: none changed).
 */
export async function writeStateFor(
  file: string,
  campaigns: readonly GeneratedCampaign[],
  options: { changedEvery: number; target: string | null },
): Promise<number> {
  const recorded: Record<string, AppliedCampaign> = {};
  let changed = 0;
  campaigns.forEach((campaign, index) => {
    const stale = options.changedEvery > 0 && index % options.changedEvery === 0;
    if (stale) changed++;
    const fields = stale
      ? { ...campaign.fields, name: `${campaign.fields.name} (old)` }
      : campaign.fields;
    recorded[campaign.id] = { fields: normaliseFields(fields), source: campaign.source };
  });
  const state: State = {
    version: 1,
    lineage: null,
    serial: 0,
    target: options.target,
    campaigns: recorded,
  };
  await writeState(file, state);
  return changed;
}
