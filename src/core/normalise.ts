/**
 * Canonical forms, so that comparing a declaration with the last-applied state never
 * reports a difference that is only an artefact of how a value was written down: key
 * order, `undefined` members, or an empty `parameters` map. Values are never coerced:
 * `"10"` and `10` stay different, because Thulium would receive different JSON.
 */
import type { CampaignFields } from "./campaign.js";

/** A JSON-like value with every object's keys sorted and `undefined` members dropped. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const key of sortedKeys(value)) {
      const member = value[key];
      if (member !== undefined) result[key] = canonicalValue(member);
    }
    return result;
  }
  return value;
}

/**
 * `Object.keys(value).sort()`, without the sort when they are in order already (a state
 * file's fields are: it is written with sorted keys). A plan of 1,000 changes sorts ~4,000
 * key lists in front of apply's first request.
 */
function sortedKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  }
  return keys;
}

/**
 * The canonical form of a campaign's fields: keys sorted (also inside `parameters`),
 * `undefined` dropped, and an empty `parameters` map dropped. An empty map declares no
 * parameter; sending `{}` could even clear the stored ones if Thulium replaces the map
 * (undocumented), so it is treated as absent.
 */
export function normaliseFields(fields: CampaignFields): CampaignFields {
  const canonical = canonicalValue(fields) as Record<string, unknown>;
  const parameters = canonical.parameters;
  if (isPlainObject(parameters) && Object.keys(parameters).length === 0) {
    delete canonical.parameters;
  }
  return canonical as CampaignFields;
}

/** True for `{…}` objects (not arrays, not null, not class instances such as Date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
