import type { CampaignFields } from "../../core/campaign.js";
import type { FieldPosition } from "../../core/rules.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";

/**
 * Key and value positions of every declared field (and `/id`), so the pure rules in
 * core/ can point at a field without knowing about YAML.
 */
export function fieldPositions(
  fields: CampaignFields,
  locator: SourceLocator,
  extra: readonly string[] = [],
): Record<string, FieldPosition> {
  const pointers = ["/id", ...Object.keys(fields).map((name) => `/${name}`), ...extra];
  for (const name of Object.keys(fields.parameters ?? {})) pointers.push(`/parameters/${name}`);
  const positions: Record<string, FieldPosition> = {};
  for (const pointer of pointers) {
    positions[pointer] = {
      key: locator.position(pointer, "key"),
      value: locator.position(pointer, "value"),
    };
  }
  return positions;
}
