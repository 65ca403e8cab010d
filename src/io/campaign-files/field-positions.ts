import type { CampaignFields } from "../../core/campaign.js";
import type { FieldPosition } from "../../core/rules.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";

/** What one campaign's positions are looked up from, and those looked up so far. */
interface Lookups {
  fields: CampaignFields;
  locator: SourceLocator;
  extra: readonly string[];
  found: Record<string, FieldPosition>;
  /** Every pointer with a position, built when first needed. */
  all: Set<string> | undefined;
}

/**
 * Key and value positions of every declared field (and `/id`), so the pure rules in
 * core/ can point at a field without knowing about YAML. Looked up when first read: a
 * valid campaign needs only its id's position, and finding every field's line was a
 * large share of loading 10,000 campaigns. `id` is the id's position when the caller has
 * it already (the duplicate-id check needs it from every document).
 *
 * One object per campaign behind one handler shared by all: the positions of 1,000
 * campaigns are made in front of apply's first request, and closures per campaign were
 * garbage made for nothing.
 */
export function fieldPositions(
  fields: CampaignFields,
  locator: SourceLocator,
  extra: readonly string[] = [],
  id?: FieldPosition,
): Readonly<Record<string, FieldPosition>> {
  const found: Record<string, FieldPosition> = id === undefined ? {} : { "/id": id };
  const lookups: Lookups = { fields, locator, extra, found, all: undefined };
  return new Proxy(lookups, LOOKUP_HANDLER) as unknown as Readonly<Record<string, FieldPosition>>;
}

/** The pointers with a position: `/id`, each field, each parameter, and `extra`. */
function pointerSet(lookups: Lookups): Set<string> {
  if (lookups.all !== undefined) return lookups.all;
  const { fields, extra } = lookups;
  const all = new Set(["/id", ...Object.keys(fields).map((name) => `/${name}`), ...extra]);
  for (const name of Object.keys(fields.parameters ?? {})) all.add(`/parameters/${name}`);
  lookups.all = all;
  return all;
}

function known(lookups: Lookups, pointer: string | symbol): pointer is string {
  return pointer === "/id" || (typeof pointer === "string" && pointerSet(lookups).has(pointer));
}

function lookUp(lookups: Lookups, pointer: string): FieldPosition {
  const position = lookups.found[pointer];
  if (position !== undefined) return position;
  const computed = {
    key: lookups.locator.position(pointer, "key"),
    value: lookups.locator.position(pointer, "value"),
  };
  lookups.found[pointer] = computed;
  return computed;
}

const LOOKUP_HANDLER: ProxyHandler<Lookups> = {
  get: (lookups, pointer) => (known(lookups, pointer) ? lookUp(lookups, pointer) : undefined),
  has: (lookups, pointer) => known(lookups, pointer),
  ownKeys: (lookups) => [...pointerSet(lookups)],
  getOwnPropertyDescriptor: (lookups, pointer) =>
    known(lookups, pointer)
      ? { value: lookUp(lookups, pointer), enumerable: true, configurable: true, writable: false }
      : undefined,
};
