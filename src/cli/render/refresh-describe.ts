/**
 * Words for `--refresh` plans, shared by the text and markdown views: the no-changes line
 * and what the comparison with Thulium's list could not see (the fields' own words are in
 * live-field-describe.ts). Without
 * `--refresh` none of these is used, so those plans read exactly as before.
 */
import type { Plan } from "../../core/plan.js";
import { plural } from "../../core/words.js";
import { NO_CHANGES } from "./plan-describe.js";

/** The no-changes line when Thulium's list was read too (cli-contract.md). */
export const NO_CHANGES_REFRESHED =
  "No changes. The campaign files match the last-applied state and Thulium's live campaigns.";

/** The no-changes line for this plan: it names only what was compared. */
export function noChangesLine(plan: Plan): string {
  return plan.refresh === undefined ? NO_CHANGES : NO_CHANGES_REFRESHED;
}

/** At most this many ids or paths are named in a sentence; the JSON plan has them all. */
const NAMED = 10;

function named(items: readonly string[]): string {
  const shown = items.slice(0, NAMED).join(", ");
  return items.length > NAMED ? `${shown} and ${items.length - NAMED} more` : shown;
}

/**
 * What the comparison with Thulium's list covered, in sentences: fields compared, fields
 * the list does not show, values it shows unreadably, campaigns it does not hold. Null
 * without `--refresh`.
 */
export function refreshNote(plan: Plan): string | null {
  const coverage = plan.refresh;
  if (coverage === undefined) return null;
  const parts = [
    `Compared with Thulium's list: ${plural(coverage.compared_fields, "field")} of ${plural(coverage.campaigns, "campaign")}`,
  ];
  if (coverage.not_visible_fields > 0)
    parts.push(
      `${plural(coverage.not_visible_fields, "field")} not shown by the list ${coverage.not_visible_fields === 1 ? "was" : "were"} not compared (${named(coverage.not_visible)})`,
    );
  if (coverage.unreadable.length > 0)
    parts.push(
      `${plural(coverage.unreadable.length, "value")} the list shows could not be read and ${coverage.unreadable.length === 1 ? "was" : "were"} not compared (${named(coverage.unreadable.map(({ id, path }) => `${id} ${path}`))})`,
    );
  let note = `${parts.join("; ")}.`;
  const missing = coverage.missing_in_thulium;
  if (missing.length > 0)
    note += ` Not in Thulium's list: ${named(missing)}; ${missing.length === 1 ? "its PUT is" : "their PUTs are"} sent as planned, and Thulium answers 404 for a campaign it does not have.`;
  return note;
}
