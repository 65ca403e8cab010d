/**
 * Field-by-field comparison of one campaign's declaration with what was last applied.
 * `parameters` is compared key by key, so a plan says which parameter changed.
 */
import equal from "fast-deep-equal";
import { type CampaignFields, FIELD_ORDER } from "./campaign.js";
import { isPlainObject, readNormalised, sortStrings } from "./normalise.js";
import type { FieldChange } from "./plan.js";

/**
 * The changes from `before` (the last-applied fields, or null for a campaign not yet in
 * the state) to `body` (the declared fields as normaliseFields gives them: the PUT body,
 * which the caller has made already). `before` is normalised too, so key order and
 * `undefined` members never show as changes. A field present before and no
 * longer declared is reported with `after: null` and `unmanaged: true`: a PUT cannot
 * unset a field, so Thulium keeps its current value.
 *
 * Order: fields in Thulium's documented order (unknown keys after, alphabetically),
 * `parameters` keys alphabetically.
 */
export function diffFields(before: CampaignFields | null, body: CampaignFields): FieldChange[] {
  // Only read here: a state's fields, canonical already, are not copied (1,000 campaigns
  // compared in front of apply's first request).
  const b = (before === null ? {} : readNormalised(before)) as Record<string, unknown>;
  const a = body as Record<string, unknown>;
  const changes: FieldChange[] = [];
  // Indexed loops: this runs for 1,000 campaigns mostly before the JIT compiles it, and an
  // interpreted for…of makes an iterator result per key.
  const keys = orderedKeys(b, a);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const bv = b[key];
    const av = a[key];
    if (key === "parameters" && isMap(bv) && isMap(av)) {
      const bp = (bv ?? {}) as Record<string, unknown>;
      const ap = (av ?? {}) as Record<string, unknown>;
      const names = unionSorted(bp, ap);
      for (let j = 0; j < names.length; j++) {
        const name = names[j] as string;
        pushChange(changes, "parameters.", name, bp[name], ap[name]);
      }
    } else {
      pushChange(changes, "", key, bv, av);
    }
  }
  return changes;
}

function isMap(value: unknown): boolean {
  return value === undefined || isPlainObject(value);
}

/** A change of the field at `prefix + name`, if any (the path is built only then). */
function pushChange(
  changes: FieldChange[],
  prefix: string,
  name: string,
  before: unknown,
  after: unknown,
): void {
  if (after === undefined) {
    if (before !== undefined) {
      changes.push({ path: prefix + name, before, after: null, unmanaged: true });
    }
    return;
  }
  if (before === undefined) changes.push({ path: prefix + name, before: null, after });
  else if (!equal(before, after)) changes.push({ path: prefix + name, before, after });
}

const KNOWN: readonly string[] = FIELD_ORDER;
const IS_KNOWN: ReadonlySet<string> = new Set(KNOWN);

// Both run for every changed campaign in front of apply's first request: plain loops, no
// intermediate sets and arrays.
function orderedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const known: string[] = [];
  for (let i = 0; i < KNOWN.length; i++) {
    const key = KNOWN[i] as string;
    if (Object.hasOwn(before, key) || Object.hasOwn(after, key)) known.push(key);
  }
  // Made only when a key is unknown (never for a valid campaign's fields).
  let unknown: string[] | undefined;
  for (const key in before) if (!IS_KNOWN.has(key)) unknown = withKey(unknown, key);
  for (const key in after) if (!IS_KNOWN.has(key)) unknown = withKey(unknown, key);
  return unknown === undefined ? known : [...known, ...unknown.sort()];
}

/** `keys` with `key` added once (a new list when there was none). */
function withKey(keys: string[] | undefined, key: string): string[] {
  if (keys === undefined) return [key];
  if (!keys.includes(key)) keys.push(key);
  return keys;
}

function unionSorted(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = Object.keys(before);
  for (const key in after) if (!Object.hasOwn(before, key)) keys.push(key);
  return sortStrings(keys);
}
