/**
 * Drift: the managed campaigns' last-applied fields against what Thulium's list shows now.
 * Pure: no I/O, no clock. One Drift value feeds every view (text, json, markdown).
 *
 * Only what was seen is reported: a field the list does not show (not visible) and a value
 * it shows in a form the reader cannot read (unreadable) are listed as such, never as a
 * difference, and `compared_fields` says how many fields were actually compared, so no
 * view can say "no drift" about what it could not see.
 */
import equal from "fast-deep-equal";
import { type CampaignFields, FIELD_ORDER } from "./campaign.js";
import type { LiveCampaign } from "./live-campaign.js";
import { isPlainObject, normaliseFields } from "./normalise.js";
import type { AppliedCampaign } from "./state.js";

/** One field that differs: the last-applied value and the live one (`null`: shown as not set). */
export interface DriftedField {
  /** `order`, or `parameters.caller_id` (parameters are compared key by key). */
  path: string;
  applied: unknown;
  live: unknown;
}

/** A managed campaign whose live fields differ from the last-applied ones. */
export interface DriftedCampaign {
  id: string;
  /** The campaign file it was last applied from. */
  source: string;
  /** The last-applied name, for display (not in the JSON contract, but harmless there). */
  name?: string;
  fields: DriftedField[];
}

/** An applied field whose live value could not be read. */
export interface UnreadableField {
  id: string;
  path: string;
}

/** Shaped to render directly as `drift --format json` (plus `format_version` and `target`). */
export interface Drift {
  /** Managed campaigns found in the list and compared. */
  checked: number;
  /** (campaign, field) pairs compared: applied fields the list showed readably. */
  compared_fields: number;
  drifted: DriftedCampaign[];
  /** Managed campaigns the list does not hold, sorted. */
  missing_in_thulium: string[];
  /** Campaigns in the list that the state does not manage, sorted. */
  unmanaged: string[];
  /** Applied field paths the list did not show for at least one checked campaign, in field order. */
  not_visible: string[];
  /** Applied fields whose live value was unreadable, by id then field order. */
  unreadable: UnreadableField[];
}

export interface DriftOptions {
  /** Restrict to these ids (managed and unmanaged alike); empty means all. */
  only: readonly string[];
}

/**
 * Compare each managed campaign's last-applied fields with the live campaign of the same id.
 * Both sides are in canonical form (normalise.ts) before comparing, as the plan's diff does.
 * Fields the state does not hold for a campaign are not compared: the tool does not manage
 * them. Drifted fields are in the schema's order, `parameters` keys alphabetically.
 */
export function computeDrift(
  managed: Readonly<Record<string, AppliedCampaign>>,
  live: readonly LiveCampaign[],
  options: DriftOptions = { only: [] },
): Drift {
  const selected =
    options.only.length === 0 ? () => true : (id: string) => options.only.includes(id);
  const liveById = new Map(live.map((campaign) => [campaign.id, campaign]));
  const drift: Drift = {
    checked: 0,
    compared_fields: 0,
    drifted: [],
    missing_in_thulium: [],
    unmanaged: [],
    not_visible: [],
    unreadable: [],
  };
  const notVisible = new Set<string>();

  for (const id of Object.keys(managed).sort()) {
    const applied = managed[id];
    if (applied === undefined || !selected(id)) continue;
    const current = liveById.get(id);
    if (current === undefined) {
      drift.missing_in_thulium.push(id);
      continue;
    }
    drift.checked += 1;
    const fields: DriftedField[] = [];
    for (const [path, appliedValue] of appliedPaths(applied.fields)) {
      const seen = liveValue(current, path);
      if (seen.kind === "not-visible") notVisible.add(path);
      else if (seen.kind === "unreadable") drift.unreadable.push({ id, path });
      else {
        drift.compared_fields += 1;
        if (!equal(appliedValue, seen.value))
          fields.push({ path, applied: appliedValue, live: seen.value });
      }
    }
    if (fields.length > 0) {
      const name = applied.fields.name;
      drift.drifted.push({
        id,
        source: applied.source,
        ...(name === undefined ? {} : { name }),
        fields,
      });
    }
  }

  drift.unmanaged = live
    .map((campaign) => campaign.id)
    .filter((id) => managed[id] === undefined && selected(id))
    .sort();
  drift.not_visible = orderPaths([...notVisible]);
  return drift;
}

/** True when a managed campaign differs from Thulium or is missing there. */
export function hasDrift(drift: Drift): boolean {
  return drift.drifted.length > 0 || drift.missing_in_thulium.length > 0;
}

/** The applied fields as (path, canonical value) pairs, `parameters` key by key, in field order. */
function appliedPaths(fields: CampaignFields): [string, unknown][] {
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

type LiveValue =
  | { kind: "value"; value: unknown }
  | { kind: "not-visible" }
  | { kind: "unreadable" };

function liveValue(campaign: LiveCampaign, path: string): LiveValue {
  const [field, parameter] = path.split(/\.(.*)/s) as [string, string | undefined];
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

/** Paths in the schema's field order (`parameters.*` at `parameters`, alphabetically), unknown last. */
function orderPaths(paths: readonly string[]): string[] {
  const rank = (path: string) => {
    const index = KNOWN.indexOf(path.split(".")[0] ?? path);
    return index === -1 ? KNOWN.length : index;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
