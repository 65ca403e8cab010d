/**
 * `import`: bring live campaigns under management. Reads Thulium's list once, writes one
 * campaign file per requested campaign not yet declared, then records them all in the
 * state in one atomic write (so a crash between the two leaves files and no entries, and
 * the next `plan` simply applies them). Every outside system comes in as a parameter; the
 * result is data, rendered by cli/render/import-text.ts. Nothing here writes to a terminal.
 *
 * Every refusal (an id declared already, already in the state, not in Thulium) is decided
 * before anything is written.
 */
import type { LiveMembership } from "../core/agents.js";
import type { DeclaredCampaign } from "../core/campaign.js";
import type { ImportedCampaign } from "../core/import-file.js";
import type { LiveCampaign } from "../core/live-campaign.js";
import type { AppliedCampaign, State } from "../core/state.js";
import { UsageError } from "../errors.js";
import type { ImportFile, ImportFilePlan } from "../io/campaign-files/import-files.js";
import type { LiveList } from "../io/thulium/index.js";

/** A live campaign to import, with its members when `withAgents` read them. */
export type ImportCandidate = LiveCampaign & Pick<ImportedCampaign, "agents" | "agentsSkipped">;

/** What was asked for. */
export interface ImportRequest {
  /** Ids as typed (`42` or `00042`); empty with `all`. */
  ids: readonly string[];
  /** Every live campaign not yet declared nor managed. */
  all: boolean;
  /** Write campaigns whose live values break the schema too. */
  includeInvalid: boolean;
  /** Prepare and report, write nothing. */
  dryRun: boolean;
  /**
   * Also read each campaign's members (`GET outbounds/:id/agents`), write them as `agents:`
   * and record them in the state as the tool's own (policy owned). Default false.
   */
  withAgents?: boolean;
}

/** import's dependencies. */
export interface ImportDeps {
  /** The campaigns the files under --dir declare (all valid). */
  declared: readonly DeclaredCampaign[];
  /** The state as read (under the lock unless dry-run). */
  state: State;
  /** Reads Thulium's list once. */
  readList(): Promise<LiveList>;
  /** Names, renders and checks the files (writes nothing). */
  prepare(campaigns: readonly ImportCandidate[], includeInvalid: boolean): Promise<ImportFilePlan>;
  /** Reads these campaigns' members (with withAgents only); throws the first ApiError. */
  readAgents?(ids: readonly string[]): Promise<ReadonlyMap<string, LiveMembership>>;
  /** Writes the prepared files; returns them as written (names may have changed). */
  write(plan: ImportFilePlan): Promise<ImportFile[]>;
  /** Records the entries in the state, in one atomic write. */
  record(entries: Record<string, AppliedCampaign>): Promise<void>;
}

/** What import did (or, with dryRun, would do). */
export interface ImportResult {
  dryRun: boolean;
  /** Campaigns Thulium's list showed. */
  listed: number;
  /** The folder files went to, as reports show it. */
  dir: string;
  /** Files written (dry run: that would be written), in id order. */
  written: ImportFile[];
  /** Campaigns whose live values break the schema, not written (without --include-invalid). */
  invalid: ImportFile[];
  /** Files written although invalid (with --include-invalid): `validate` will point at them. */
  writtenInvalid: ImportFile[];
  /** With --all: live campaigns left alone because a file declares them or the state manages them. */
  alreadyManaged: number;
  /** Whether the state was written. */
  recorded: boolean;
}

/** `42`, `042` or `00042` → `00042`; anything else is a usage error naming it. */
export function parseCampaignId(typed: string): string {
  const trimmed = typed.trim();
  if (!/^\d{1,5}$/.test(trimmed) || Number(trimmed) === 0) {
    throw new UsageError(
      `${JSON.stringify(typed)} is not a campaign id: give Thulium's id, such as 42 or 00042 (at most five digits).`,
    );
  }
  return trimmed.padStart(5, "0");
}

/** Up to three live ids nearest to `id` by number, for a "did you mean". */
export function closestIds(id: string, live: readonly string[]): string[] {
  const n = Number(id);
  return [...live]
    .sort((a, b) => Math.abs(Number(a) - n) - Math.abs(Number(b) - n) || (a < b ? -1 : 1))
    .slice(0, 3)
    .sort();
}

export async function runImport(request: ImportRequest, deps: ImportDeps): Promise<ImportResult> {
  if (!request.all && request.ids.length === 0) {
    throw new UsageError(
      "Name the campaigns to import (thulium-campaigns import 42 43), or import every campaign not yet declared with --all.",
    );
  }
  if (request.all && request.ids.length > 0) {
    throw new UsageError(
      "Give either campaign ids or --all, not both: --all already imports every campaign not yet declared.",
    );
  }
  const wanted = [...new Set(request.ids.map(parseCampaignId))];
  const declaredIn = new Map(deps.declared.map((c) => [c.id, c.location.file]));
  const managed = new Set(Object.keys(deps.state.campaigns));

  const list = await deps.readList();
  const liveById = new Map(list.campaigns.map((c) => [c.id, c]));

  let chosen: LiveCampaign[];
  let alreadyManaged = 0;
  if (request.all) {
    chosen = list.campaigns.filter((c) => !declaredIn.has(c.id) && !managed.has(c.id));
    alreadyManaged = list.campaigns.length - chosen.length;
  } else {
    assertImportable(wanted, declaredIn, managed, liveById, deps.state);
    chosen = wanted.map((id) => liveById.get(id) as LiveCampaign);
  }

  const plan = await deps.prepare(await withMembers(chosen, request, deps), request.includeInvalid);
  const byId = (a: ImportFile, b: ImportFile) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const result: ImportResult = {
    dryRun: request.dryRun,
    listed: list.campaigns.length,
    dir: plan.shownDir,
    written: [...plan.write].sort(byId),
    invalid: [...plan.skipped].sort(byId),
    writtenInvalid: plan.write.filter((file) => !file.valid).sort(byId),
    alreadyManaged,
    recorded: false,
  };
  if (request.dryRun || plan.write.length === 0) return result;

  const written = (await deps.write(plan)).sort(byId);
  result.written = written;
  result.writtenInvalid = written.filter((file) => !file.valid);
  // Only valid files are recorded: an invalid one (--include-invalid) is the user's to fix,
  // and until then `plan` refuses the folder anyway.
  const entries: Record<string, AppliedCampaign> = {};
  for (const file of written) {
    if (file.valid)
      entries[file.id] = {
        fields: file.fields,
        source: file.file,
        // Imported members count as the tool's own: dropping one from the file removes it.
        ...(file.agents === undefined ? {} : { agents: file.agents }),
      };
  }
  if (Object.keys(entries).length > 0) {
    await deps.record(entries);
    result.recorded = true;
  }
  return result;
}

/**
 * The chosen campaigns, with their members when `withAgents` asks for them. Read before
 * anything is written: a failed read leaves no file and no state entry behind.
 */
async function withMembers(
  chosen: readonly LiveCampaign[],
  request: ImportRequest,
  deps: ImportDeps,
): Promise<ImportCandidate[]> {
  if (request.withAgents !== true || chosen.length === 0) return [...chosen];
  if (deps.readAgents === undefined) throw new Error("import --with-agents without readAgents");
  const members = await deps.readAgents(chosen.map((campaign) => campaign.id));
  return chosen.map((campaign) => {
    const read = members.get(campaign.id);
    if (read === undefined) throw new Error(`import: no members read for ${campaign.id}`);
    return { ...campaign, agents: [...read.logins], agentsSkipped: read.skipped };
  });
}

/** Every requested id must be live, undeclared and unmanaged; all problems in one paragraph. */
function assertImportable(
  wanted: readonly string[],
  declaredIn: ReadonlyMap<string, string>,
  managed: ReadonlySet<string>,
  liveById: ReadonlyMap<string, LiveCampaign>,
  state: State,
): void {
  const problems: string[] = [];
  const liveIds = [...liveById.keys()];
  for (const id of wanted) {
    const file = declaredIn.get(id);
    if (file !== undefined) {
      problems.push(`campaign ${id} is already declared in ${file}`);
    } else if (managed.has(id)) {
      problems.push(
        `campaign ${id} is already in the state (from ${state.campaigns[id]?.source ?? "a file"}; restore that file, or run \`thulium-campaigns state rm ${id}\` first to import it afresh)`,
      );
    } else if (!liveById.has(id)) {
      const near = closestIds(id, liveIds);
      problems.push(
        near.length === 0
          ? `campaign ${id} is not in Thulium's list, which is empty`
          : `campaign ${id} is not in Thulium's list (closest ids: ${near.join(", ")})`,
      );
    }
  }
  if (problems.length === 0) return;
  throw new UsageError(
    `Nothing was imported or written: ${problems.join("; ")}. Import only campaigns that Thulium lists and no file or state entry manages yet, or use --all to import every one of those.`,
  );
}
