/**
 * Words shared by the drift views (text, markdown), so both describe one result the same
 * way. The summary always says how much was compared: "no drift" is only ever said of the
 * fields that were seen.
 */
import { hasDrift } from "../../core/drift.js";
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
  if (result.notVisibleFields > 0)
    scope.push(
      `${plural(result.notVisibleFields, "field")} not shown by Thulium's list ${wasWere(result.notVisibleFields)} not compared`,
    );
  if (drift.unreadable.length > 0)
    scope.push(
      `${plural(drift.unreadable.length, "value")} Thulium's list shows could not be read and ${wasWere(drift.unreadable.length)} not compared`,
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

/** Values the list shows in no accepted spelling. */
export function unreadableLine(result: DriftResult): string | null {
  const unreadable = result.drift.unreadable;
  if (unreadable.length === 0) return null;
  const named = namedIds(unreadable.map(({ id, path }) => `${id} ${path}`));
  return `Shown by Thulium's list in a form this tool cannot read, so not compared: ${named}.`;
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
