/**
 * What a saved plan was computed from, on the campaign-file side: a canonical string that
 * changes exactly when an apply of the same files would send something different. It is
 * hashed in `io/plan-file/saved-plan.ts` (hashing needs node:crypto, which core/ does not import).
 */
import type { DeclaredCampaign } from "./campaign.js";
import { normaliseFields } from "./normalise.js";

/**
 * Canonical JSON of the declared campaigns: sorted by id, each with its canonical fields
 * and its source file. Line and column are left out: moving a campaign inside its file
 * changes nothing that apply would do. Pass every declared campaign, not only the
 * `--only` selection, so that the fingerprint does not depend on the options.
 */
export function declaredFingerprint(declared: readonly DeclaredCampaign[]): string {
  const entries = declared
    .map((campaign) => ({
      fields: normaliseFields(campaign.fields),
      id: campaign.id,
      source: campaign.location.file,
    }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return JSON.stringify(entries);
}
