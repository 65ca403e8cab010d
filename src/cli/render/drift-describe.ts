/**
 * Words shared by the drift views (text, markdown), so both describe one result the same
 * way. The summary always says how much was compared: "no drift" is only ever said of the
 * fields that were seen.
 */
import { type DriftedCampaign, hasDrift } from "../../core/drift.js";
import { plural } from "../../core/words.js";
import type { OutboundStat } from "../../io/thulium/index.js";
import type { DriftResult } from "../../use-cases/drift.js";
import { describeApiError } from "../describe-error.js";

/** At most this many ids are named in a sentence; the JSON view lists them all. */
export const IDS_NAMED = 20;

/**
 * The summary line, e.g. `Drift: 1 campaign differs from the last-applied state, 1 managed
 * campaign missing from Thulium; compared 84 fields of 12 campaigns; 3 fields not shown by
 * Thulium's list were not compared.`
 */
export function driftSummary(result: DriftResult): string {
  const { drift } = result;
  const scope = [
    `compared ${plural(drift.compared_fields, "field")} of ${plural(drift.checked, "campaign")}`,
  ];
  if (drift.agents_checked !== undefined)
    scope.push(`compared the agents of ${plural(drift.agents_checked, "campaign")}`);
  if (result.notVisibleFields > 0)
    scope.push(
      `${plural(result.notVisibleFields, "field")} not shown by Thulium's list ${wasWere(result.notVisibleFields)} not compared`,
    );
  const values = fieldUnreadable(result).length;
  if (values > 0)
    scope.push(
      `${plural(values, "value")} Thulium's list shows could not be read and ${wasWere(values)} not compared`,
    );
  if (hasDrift(drift)) {
    const found: string[] = [];
    const differ = drift.drifted.length;
    if (differ > 0)
      found.push(
        `${plural(differ, "campaign")} ${differ === 1 ? "differs" : "differ"} from the last-applied state`,
      );
    const missing = drift.missing_in_thulium.length;
    if (missing > 0) found.push(`${plural(missing, "managed campaign")} missing from Thulium`);
    return `Drift: ${found.join(", ")}; ${scope.join("; ")}.`;
  }
  if (drift.checked === 0)
    return "Nothing compared: the state holds no managed campaign to compare with Thulium (apply records each campaign it applies).";
  return `No drift found: ${scope.join("; ")}.`;
}

function wasWere(count: number): string {
  return count === 1 ? "was" : "were";
}

/** `00042, 00043 and 3 more`: ids named in a sentence, at most {@link IDS_NAMED}. */
export function namedIds(ids: readonly string[]): string {
  const shown = ids.slice(0, IDS_NAMED).join(", ");
  return ids.length > IDS_NAMED ? `${shown} and ${ids.length - IDS_NAMED} more` : shown;
}

/** `Not managed: 2 campaigns in Thulium are not in the state: 00042, 00043.` */
export function unmanagedLine(result: DriftResult): string | null {
  const ids = result.drift.unmanaged;
  if (ids.length === 0) return null;
  const are = ids.length === 1 ? "is" : "are";
  return `Not managed: ${plural(ids.length, "campaign")} in Thulium ${are} not in the state: ${namedIds(ids)}.`;
}

/** Fields the list never showed for a managed campaign: they are never compared. */
export function notVisibleLine(result: DriftResult): string | null {
  const paths = result.drift.not_visible;
  if (paths.length === 0) return null;
  return `Not shown by Thulium's list, so not compared: ${paths.join(", ")}.`;
}

/** Unreadable field values (membership read without logins is `agentsUnreadableLine`'s). */
function fieldUnreadable(result: DriftResult) {
  return result.drift.unreadable.filter(({ path }) => path !== "agents");
}

/** Values the list shows in no accepted spelling. */
export function unreadableLine(result: DriftResult): string | null {
  const unreadable = fieldUnreadable(result);
  if (unreadable.length === 0) return null;
  const named = namedIds(unreadable.map(({ id, path }) => `${id} ${path}`));
  return `Shown by Thulium's list in a form this tool cannot read, so not compared: ${named}.`;
}

/** Campaigns whose agents list named some members by no login: missing agents not checked. */
export function agentsUnreadableLine(result: DriftResult): string | null {
  const ids = result.drift.unreadable.filter(({ path }) => path === "agents").map(({ id }) => id);
  if (ids.length === 0) return null;
  return `Thulium listed agents without a login for ${namedIds(ids)}, so whether a recorded agent is missing there was not checked.`;
}

/** `anowak, jkowalski`: logins in a sentence, at most {@link IDS_NAMED}. */
export function namedLogins(logins: readonly string[]): string {
  return namedIds(logins);
}

/**
 * The membership lines of a drifted campaign: recorded agents no longer members, and under
 * exact members not declared.
 */
export function agentsDriftLines(campaign: DriftedCampaign): string[] {
  const lines: string[] = [];
  const agents = campaign.agents;
  if (agents === undefined) return lines;
  if (agents.missing.length > 0)
    lines.push(
      `agents no longer members in Thulium (apply added them): ${namedLogins(agents.missing)}`,
    );
  if (agents.unexpected.length > 0)
    lines.push(
      `agents in Thulium not declared (agents_policy exact): ${namedLogins(agents.unexpected)}`,
    );
  return lines;
}

/** One line when `outbounds/stats` could not be read; null when it was. */
export function statsLine(result: DriftResult): string | null {
  if (result.dialling.read) return null;
  return `Campaigns dialling now are not marked: ${describeApiError(result.dialling.error)}`;
}

/** `active, 1,324 records, 14.9% done` for a campaign dialling now; null otherwise. */
export function diallingLabel(result: DriftResult, id: string): string | null {
  if (!result.dialling.read) return null;
  const stat = result.dialling.active.get(id);
  return stat === undefined ? null : describeStat(stat);
}

function describeStat(stat: OutboundStat): string {
  const parts = ["active"];
  if (stat.recordsCount !== undefined)
    parts.push(`${stat.recordsCount.toLocaleString("en-US")} records`);
  if (stat.completionPercent !== undefined)
    parts.push(`${stat.completionPercent.toFixed(1)}% done`);
  return parts.join(", ");
}

/** A live or applied value for a field line; `not set` for a value shown as not set. */
export function driftValue(value: unknown): string {
  return value === null || value === undefined ? "not set" : JSON.stringify(value);
}
