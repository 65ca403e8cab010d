/**
 * Words shared by the plan renderers, so that text and markdown describe a change the
 * same way.
 */
import type { CampaignFields } from "../../core/campaign.js";
import { originSuffix } from "../../core/field-origins.js";
import { isPlainObject } from "../../core/normalise.js";
import { agentsOf, putOf } from "../../core/operation.js";
import {
  type FieldChange,
  overwritesLive,
  type Plan,
  type PlannedChange,
  type PlanSummary,
} from "../../core/plan.js";
import { plural } from "../../core/words.js";
import { changedInThulium, describeOverwrite, isRestore } from "./live-field-describe.js";

/** The summary line, e.g. `Plan: 3 to update, 1 to forget, 0 to deactivate, 12 unchanged.` */
export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.update} to update, ${summary.forget} to forget, ${summary.deactivate} to deactivate, ${summary.unchanged} unchanged.`;
}

/**
 * Printed instead of the summary line when the plan is empty. It names what was compared:
 * `plan` never reads Thulium, so it cannot say that Thulium matches anything.
 */
export const NO_CHANGES = "No changes. The campaign files match the last-applied state.";

/** Said of a campaign not yet in the state: nothing was recorded, so there is no "before". */
export const NOT_YET_MANAGED = "not yet managed: every declared field is sent";

/**
 * What a change changes and sends, for the plan views: `1 field changed, 11 sent` (with
 * `, 2 no longer managed` when declarations were dropped), the not-yet-managed note for a
 * first apply, the fields a deactivation sends; null for a forget, which sends nothing.
 * Fields are counted as the plan lists them: each `parameters` key is one.
 */
export function changeCounts(change: PlannedChange): string | null {
  const put = putOf(change);
  if (put === undefined) return null;
  const sent = sentFieldCount(put.body);
  if (change.action === "deactivate") {
    return `${plural(sent, "field")} sent: the last-applied ones, with active: false`;
  }
  if (change.firstApply) return NOT_YET_MANAGED;
  return updateCounts(change, sent);
}

/**
 * The same for an apply's progress line, once the request succeeded: `1 field changed,
 * 11 sent`, `first apply, 11 fields sent`, `11 fields sent, with active: false`.
 */
export function appliedCounts(change: PlannedChange): string | null {
  const parts = [appliedPutCounts(change), agentsLine(change)].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join("; ");
}

function appliedPutCounts(change: PlannedChange): string | null {
  const put = putOf(change);
  if (put === undefined) return null;
  const sent = sentFieldCount(put.body);
  if (change.action === "deactivate") return `${plural(sent, "field")} sent, with active: false`;
  if (change.firstApply) return `first apply, ${plural(sent, "field")} sent`;
  return updateCounts(change, sent);
}

function updateCounts(change: PlannedChange, sent: number): string {
  const unmanaged = change.fields.filter((field) => field.unmanaged).length;
  // --refresh: fields listed only because Thulium changed them are counted apart.
  const restored = change.fields.filter(isRestore).length;
  const changed = change.fields.length - unmanaged - restored;
  const dropped = unmanaged === 0 ? "" : `, ${unmanaged} no longer managed`;
  const inThulium = changedInThulium(change);
  if (inThulium === 0) return `${plural(changed, "field")} changed${dropped}, ${sent} sent`;
  const files = changed === 0 ? "" : `${plural(changed, "field")} changed, `;
  const live = `${changed === 0 ? plural(inThulium, "field") : inThulium} changed in Thulium`;
  return `${files}${live}${dropped}, ${sent} sent`;
}

/** Fields in a request body, counting each `parameters` key as one (as the plan lists them). */
export function sentFieldCount(body: CampaignFields): number {
  let count = 0;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    count += key === "parameters" && isPlainObject(value) ? Object.keys(value).length : 1;
  }
  return count;
}

/**
 * A value as JSON; `(not managed)` for a `before` that was not recorded (a field newly
 * declared): the state holds no value for it, which says nothing about Thulium's.
 */
export function formatValue(value: unknown): string {
  return value === null || value === undefined ? "(not managed)" : JSON.stringify(value);
}

/**
 * What happens to a field that is no longer declared. A top-level field left out of the
 * PUT keeps its value (as far as Thulium documents). A `parameters` key left out while
 * other parameters are still sent is less certain: Thulium does not document whether a
 * partial map is merged or replaces the stored one, and the plan says so.
 */
export function unmanagedNote(field: FieldChange, change: PlannedChange): string {
  const stillSendsParameters = putOf(change)?.body.parameters !== undefined;
  if (field.path.startsWith("parameters.") && stillSendsParameters) {
    return "no longer managed: Thulium keeps its current value if it merges parameters (undocumented)";
  }
  return "no longer managed: Thulium keeps its current value";
}

/**
 * One line per field change: `name: "A" → "B"`. For a campaign not yet managed only the
 * value sent, `name: "B"`: nothing was recorded before, which says nothing about Thulium.
 * An inherited value ends with where it is written: ` (campaigns/_defaults.yaml:3)`.
 */
export function describeField(field: FieldChange, change: PlannedChange): string {
  return `${describeFieldChange(field, change)}${originSuffix(field.origin)}`;
}

function describeFieldChange(field: FieldChange, change: PlannedChange): string {
  if (overwritesLive(field)) return describeOverwrite(field, change);
  if (change.firstApply) return `${field.path}: ${formatValue(field.after)}`;
  const after = field.unmanaged ? `(${unmanagedNote(field, change)})` : formatValue(field.after);
  return `${field.path}: ${formatValue(field.before)} → ${after}`;
}

/** What a forget or deactivate does, in words. */
export function removalNote(change: PlannedChange): string | null {
  if (change.action === "forget") {
    return "no longer in the campaign files: dropped from the state; nothing is sent, and Thulium keeps the campaign as it is";
  }
  if (change.action === "deactivate") {
    return "no longer in the campaign files, and --prune: deactivated in Thulium, then dropped from the state";
  }
  return null;
}

/** The membership change: `agents: + anowak, − jkowalski`; null when none is sent. */
export function agentsLine(change: PlannedChange): string | null {
  const agents = agentsOf(change);
  if (agents === undefined) return null;
  const parts = [
    ...agents.add.map((login) => `+ ${login}`),
    ...agents.remove.map((login) => `\u2212 ${login}`),
  ];
  return `agents: ${parts.join(", ")}`;
}

/** What a change does to the membership record without a request, in words; null for nothing. */
export function membershipNote(change: PlannedChange): string | null {
  const membership = change.membership;
  if (membership === undefined) return null;
  if (!membership.managed) {
    return "agents no longer declared: membership no longer managed; the members stay in Thulium and the state forgets them";
  }
  const notes: string[] = [];
  if (membership.adopt.length > 0) {
    notes.push(`already members, now recorded as declared: ${membership.adopt.join(", ")}`);
  }
  if (membership.release.length > 0) {
    notes.push(`no longer members, dropped from the state: ${membership.release.join(", ")}`);
  }
  return notes.length === 0 ? null : `agents: ${notes.join("; ")}`;
}

/**
 * Plan without `--refresh` for campaigns declaring `agents_policy: exact`: their live
 * membership was not read, so removals of members the files do not declare are decided by
 * apply, which reads it first.
 */
export function exactUnreadNote(plan: Plan): string | null {
  const ids = plan.exact_unread;
  if (ids === undefined || ids.length === 0) return null;
  return (
    `agents_policy: exact for ${ids.join(", ")}: membership was not read, so removals of members ` +
    "the files do not declare are decided at apply time (plan --refresh lists them)."
  );
}
