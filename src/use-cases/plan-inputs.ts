/**
 * What `plan` and `apply` share: the campaign source port, how messages name the inputs,
 * and the `--only` check made before anything is read from Thulium or written.
 */
import type { DeclaredCampaign } from "../core/campaign.js";
import type { Issue } from "../core/issue.js";
import { closestIds, unknownOnlyIds } from "../core/only-ids.js";
import type { State } from "../core/state.js";
import { orList } from "../core/words.js";
import { UsageError } from "../errors.js";
import { loadValidCampaigns } from "../io/campaign-files/index.js";

/** The campaign files, every one valid (an error anywhere throws ConfigInvalidError). */
export interface LoadedCampaigns {
  /** Campaign files found. */
  files: number;
  /** The declared campaigns, sorted by id. */
  campaigns: DeclaredCampaign[];
  /** Validation warnings: they do not stop a plan, but the user should see them. */
  warnings: Issue[];
}

/** The campaign source port: where plan and apply get the declared campaigns from. */
export interface CampaignSource {
  /**
   * Every campaign file is validated before anything else happens, so no request is ever
   * sent for a set of files that has an error anywhere.
   * @throws ConfigInvalidError carrying every issue.
   */
  load(): Promise<LoadedCampaigns>;
}

/** The campaign files under `dir` (io/campaign-files.ts), as a {@link CampaignSource}. */
export function campaignFiles(
  dir: string,
  options: { cwd: string /** `YYYY-MM-DD`, for "end_date in the past". */; today: string },
): CampaignSource {
  return { load: () => loadValidCampaigns(dir, options) };
}

/** Where the inputs came from, as messages name them (display paths). */
export interface InputLabels {
  dir: string;
  stateFile: string;
}

/**
 * Refuse `--only` ids that no campaign file declares and the state does not record: such an
 * id selects nothing, and "No changes" would read as success (`--only 2` meaning 00002).
 * @throws UsageError naming each unknown id and the closest known ids.
 */
export function assertOnlyIdsKnown(
  only: readonly string[],
  declared: readonly DeclaredCampaign[],
  state: State,
  labels: InputLabels,
): void {
  const unknown = unknownOnlyIds(only, declared, state);
  if (unknown.length === 0) return;
  const known = [...new Set([...declared.map((c) => c.id), ...Object.keys(state.campaigns)])];
  const guesses = unknown.flatMap((id) => {
    const near = closestIds(id, known);
    if (near.length === 0) return [];
    return [`${unknown.length === 1 ? "Did" : `For ${id}, did`} you mean ${orList(near)}?`];
  });
  const subject =
    unknown.length === 1 ? `no campaign ${unknown[0]} is` : "no campaigns with these ids are";
  const none = known.length === 0 ? " (none is known yet)" : "";
  throw new UsageError(
    [
      `--only ${unknown.join(", ")}: ${subject} declared in ${labels.dir} or recorded in the state file ${labels.stateFile}${none}.`,
      ...guesses,
      "Campaign ids have five digits, written as in the campaign files (e.g. --only 00002).",
    ].join(" "),
  );
}
