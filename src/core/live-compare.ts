/**
 * One campaign's fields (last applied, or declared) against what Thulium's list shows for
 * it, path by path. Shared by `drift` (applied → live) and `--refresh` (live → declared), so
 * both see a field the same way: compared, not visible, or unreadable. Pure: no I/O.
 */
import equal from "fast-deep-equal";
import { type CampaignFields, FIELD_ORDER } from "./campaign.js";
import type { LiveCampaign } from "./live-campaign.js";
import { isPlainObject, normaliseFields } from "./normalise.js";

/** A path whose live value differs from the expected one (`null`: shown as not set). */
export interface LiveDifference {
  path: string;
  expected: unknown;
  live: unknown;
}

/** What comparing one campaign's fields with its live campaign found. */
export interface LiveComparison {
  /** Paths compared: shown by the list, readably. */
  compared: number;
  /** Compared paths whose live value differs, in the schema's order. */
  differences: LiveDifference[];
  /** Paths the list does not show for this campaign. */
  notVisible: string[];
  /** Paths the list shows in a form that could not be read. */
  unreadable: string[];
}

/** What the list says about one path of one campaign. */
export type LiveValue =
  | { kind: "value"; value: unknown }
  | { kind: "not-visible" }
  | { kind: "unreadable" };

/**
 * Compare `fields` (canonicalised first, `parameters` key by key) with `live`. Paths the
 * fields do not hold are never compared: the tool does not manage them. A not-visible or
 * unreadable path is never a difference.
 */
export function compareWithLive(fields: CampaignFields, live: LiveCampaign): LiveComparison {
  const comparison: LiveComparison = {
    compared: 0,
    differences: [],
    notVisible: [],
    unreadable: [],
  };
  for (const [path, expected] of fieldPaths(fields)) {
    const seen = liveValueAt(live, path);
    if (seen.kind === "not-visible") comparison.notVisible.push(path);
    else if (seen.kind === "unreadable") comparison.unreadable.push(path);
    else {
      comparison.compared += 1;
      if (!equal(expected, seen.value))
        comparison.differences.push({ path, expected, live: seen.value });
    }
  }
  return comparison;
}

/** The fields as (path, canonical value) pairs, `parameters` key by key, in field order. */
export function fieldPaths(fields: CampaignFields): [string, unknown][] {
  const canonical = normaliseFields(fields) as Record<string, unknown>;
  const pairs: [string, unknown][] = [];
  for (const key of orderPaths(Object.keys(canonical))) {
    const value = canonical[key];
    if (key === "parameters" && isPlainObject(value)) {
      for (const name of Object.keys(value).sort()) pairs.push([`parameters.${name}`, value[name]]);
    } else pairs.push([key, value]);
  }
  return pairs;
}

/** The live value at a path (`order`, `parameters.caller_id`). */
export function liveValueAt(campaign: LiveCampaign, path: string): LiveValue {
  // The field, and the parameter after the first dot: drift asks this for every path of
  // every campaign, so no regular expression or array per call.
  const dot = path.indexOf(".");
  const field = dot === -1 ? path : path.slice(0, dot);
  const parameter = dot === -1 ? undefined : path.slice(dot + 1);
  const unreadable = campaign.unreadable.includes(field) || campaign.unreadable.includes(path);
  if (unreadable) return { kind: "unreadable" };
  const fields = campaign.fields as Record<string, unknown>;
  if (!Object.hasOwn(fields, field)) return { kind: "not-visible" };
  if (parameter === undefined) return { kind: "value", value: fields[field] };
  const parameters = fields[field] as Record<string, unknown>;
  return Object.hasOwn(parameters, parameter)
    ? { kind: "value", value: parameters[parameter] }
    : { kind: "not-visible" };
}

const KNOWN: readonly string[] = FIELD_ORDER;
/** Each known field's place in the schema's order (a lookup per comparison, not a search). */
const RANK = new Map(KNOWN.map((field, index) => [field, index]));

/** Paths in the schema's field order (`parameters.*` at `parameters`, alphabetically), unknown last. */
export function orderPaths(paths: readonly string[]): string[] {
  return [...paths].sort(comparePaths);
}

/** The order of {@link orderPaths}, as a comparator. */
export function comparePaths(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function rank(path: string): number {
  const dot = path.indexOf(".");
  return RANK.get(dot === -1 ? path : path.slice(0, dot)) ?? KNOWN.length;
}
