import type { CampaignFields } from "../../core/campaign.js";
import type { FieldPosition } from "../../core/rules.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";

/**
 * Key and value positions of every declared field (and `/id`), so the pure rules in
 * core/ can point at a field without knowing about YAML. Looked up when first read: a
 * valid campaign needs only its id's position, and finding every field's line was a
 * large share of loading 10,000 campaigns.
 */
export function fieldPositions(
  fields: CampaignFields,
  locator: SourceLocator,
  extra: readonly string[] = [],
): Readonly<Record<string, FieldPosition>> {
  // The set of pointers is built when first needed too: most campaigns are only asked for
  // their id's position.
  let all: Set<string> | undefined;
  const pointerSet = (): Set<string> => {
    if (all !== undefined) return all;
    all = new Set(["/id", ...Object.keys(fields).map((name) => `/${name}`), ...extra]);
    for (const name of Object.keys(fields.parameters ?? {})) all.add(`/parameters/${name}`);
    return all;
  };
  const known = (pointer: string | symbol): pointer is string =>
    pointer === "/id" || (typeof pointer === "string" && pointerSet().has(pointer));
  const found: Record<string, FieldPosition> = {};
  const lookUp = (pointer: string): FieldPosition => {
    const position = found[pointer];
    if (position !== undefined) return position;
    const computed = {
      key: locator.position(pointer, "key"),
      value: locator.position(pointer, "value"),
    };
    found[pointer] = computed;
    return computed;
  };
  return new Proxy(found, {
    get: (_, pointer) => (known(pointer) ? lookUp(pointer) : undefined),
    has: (_, pointer) => known(pointer),
    ownKeys: () => [...pointerSet()],
    getOwnPropertyDescriptor: (_, pointer) =>
      known(pointer)
        ? { value: lookUp(pointer), enumerable: true, configurable: true, writable: false }
        : undefined,
  });
}
