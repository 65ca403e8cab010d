/**
 * Canonical forms, so that comparing a declaration with the last-applied state never
 * reports a difference that is only an artefact of how a value was written down: key
 * order, `undefined` members, or an empty `parameters` map. Values are never coerced:
 * `"10"` and `10` stay different, because Thulium would receive different JSON.
 */
import { type CampaignFields, FIELD_ORDER } from "./campaign.js";

/** A JSON-like value with every object's keys sorted and `undefined` members dropped. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    const keys = sortedKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
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
    if ((keys[i - 1] as string) > (keys[i] as string)) return sortStrings(keys);
  }
  return keys;
}

/** Short lists sorted in place by insertion; V8's sort allocates work arrays for each call. */
const INSERTION_SORT_MAX = 24;

/**
 * `strings.sort()`, in place: the same order (UTF-16 code units, as `<` compares strings).
 * The key lists of a campaign (a dozen fields, four parameters) are sorted by insertion,
 * which makes no garbage; a plan of 1,000 changes sorts thousands of them.
 */
export function sortStrings(strings: string[]): string[] {
  if (strings.length > INSERTION_SORT_MAX) return strings.sort();
  for (let i = 1; i < strings.length; i++) {
    const current = strings[i] as string;
    let j = i - 1;
    while (j >= 0 && (strings[j] as string) > current) {
      strings[j + 1] = strings[j] as string;
      j--;
    }
    strings[j + 1] = current;
  }
  return strings;
}

/**
 * The canonical form of a campaign's fields: keys sorted (also inside `parameters`),
 * `undefined` dropped, and an empty `parameters` map dropped. An empty map declares no
 * parameter; sending `{}` could even clear the stored ones if Thulium replaces the map
 * (undocumented), so it is treated as absent.
 */
export function normaliseFields(fields: CampaignFields): CampaignFields {
  const canonical = (knownFieldsCanonical(fields) ?? canonicalValue(fields)) as Record<
    string,
    unknown
  >;
  const parameters = canonical.parameters;
  if (isPlainObject(parameters) && Object.keys(parameters).length === 0) {
    delete canonical.parameters;
  }
  return canonical as CampaignFields;
}

/** The fields Thulium documents, in canonical (sorted) order. */
const SORTED_FIELDS: readonly string[] = [...FIELD_ORDER].sort();
const KNOWN_FIELDS: ReadonlySet<string> = new Set(FIELD_ORDER);

/**
 * canonicalValue(fields) for fields that are all documented ones (every declared campaign's):
 * picked in their sorted order, without listing and sorting the keys of each campaign (a
 * plan of 1,000 changes normalises 1,000 of them in front of apply's first request).
 * Undefined when a field is not a documented one.
 */
function knownFieldsCanonical(fields: CampaignFields): Record<string, unknown> | undefined {
  const record = fields as Record<string, unknown>;
  for (const key in record) if (!KNOWN_FIELDS.has(key)) return undefined;
  const result: Record<string, unknown> = {};
  for (let i = 0; i < SORTED_FIELDS.length; i++) {
    const name = SORTED_FIELDS[i] as string;
    const value = record[name];
    if (value === undefined || !Object.hasOwn(record, name)) continue;
    result[name] = typeof value === "object" && value !== null ? canonicalValue(value) : value;
  }
  return result;
}

/**
 * normaliseFields(fields), without the copy when `fields` are in canonical form already
 * (a state file's are: written with sorted keys, parsed from JSON), for a caller that only
 * reads the result. The answer is then `fields` itself.
 */
export function readNormalised(fields: CampaignFields): CampaignFields {
  const parameters = (fields as Record<string, unknown>).parameters;
  const emptyParameters = isPlainObject(parameters) && Object.keys(parameters).length === 0;
  return !emptyParameters && isCanonical(fields) ? fields : normaliseFields(fields);
}

/** True when canonicalValue(value) would equal `value`, key order included. */
function isCanonical(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isCanonical(value[i])) return false;
    return true;
  }
  if (!isPlainObject(value)) return true;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0 && (keys[i - 1] as string) > key) return false;
    const member = value[key];
    if (member === undefined || !isCanonical(member)) return false;
  }
  return true;
}

/** True for `{…}` objects (not arrays, not null, not class instances such as Date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
