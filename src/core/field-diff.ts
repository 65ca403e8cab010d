/**
 * Field-by-field comparison of one campaign's declaration with what was last applied.
 * `parameters` is compared key by key, so a plan says which parameter changed.
 */
import equal from "fast-deep-equal";
import { type CampaignFields, FIELD_ORDER } from "./campaign.js";
import { isPlainObject, normaliseFields } from "./normalise.js";
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
  const b = (before === null ? {} : normaliseFields(before)) as Record<string, unknown>;
  const a = body as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const key of orderedKeys(b, a)) {
    const bv = b[key];
    const av = a[key];
    const isMap = (v: unknown) => v === undefined || isPlainObject(v);
    if (key === "parameters" && isMap(bv) && isMap(av)) {
      const bp = (bv ?? {}) as Record<string, unknown>;
      const ap = (av ?? {}) as Record<string, unknown>;
      for (const name of unionSorted(bp, ap)) {
        pushChange(changes, `parameters.${name}`, bp[name], ap[name]);
      }
    } else {
      pushChange(changes, key, bv, av);
    }
  }
  return changes;
}

function pushChange(changes: FieldChange[], path: string, before: unknown, after: unknown): void {
  if (after === undefined) {
    if (before !== undefined) changes.push({ path, before, after: null, unmanaged: true });
    return;
  }
  if (before === undefined) changes.push({ path, before: null, after });
  else if (!equal(before, after)) changes.push({ path, before, after });
}

const KNOWN: readonly string[] = FIELD_ORDER;
const IS_KNOWN: ReadonlySet<string> = new Set(KNOWN);

function orderedKeys(...objects: Record<string, unknown>[]): string[] {
  const all = new Set<string>();
  for (const object of objects) for (const key in object) all.add(key);
  const known = KNOWN.filter((key) => all.has(key));
  const unknown = [...all].filter((key) => !IS_KNOWN.has(key));
  return unknown.length === 0 ? known : [...known, ...unknown.sort()];
}

function unionSorted(...objects: Record<string, unknown>[]): string[] {
  return [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
}
