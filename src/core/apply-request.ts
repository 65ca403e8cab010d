/** Reading single values of a campaign's fields by plan path. */
import type { CampaignFields } from "./campaign.js";
import { isPlainObject } from "./normalise.js";

/**
 * The value at a plan path (`name`, `parameters.caller_id`), or undefined when absent.
 * Only `parameters.` paths are nested: no other field holds an object.
 */
export function valueAtPath(fields: CampaignFields, path: string): unknown {
  const record = fields as Record<string, unknown>;
  if (path.startsWith("parameters.")) {
    const parameters = record.parameters;
    return isPlainObject(parameters) ? parameters[path.slice("parameters.".length)] : undefined;
  }
  return record[path];
}
