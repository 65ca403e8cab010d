/**
 * Layered defaults (issue 14): a campaign's values resolved over the `_defaults.yaml` files
 * of its folder and the folders above it. Pure: the layers come in already read and
 * checked (io/campaign-files/defaults.ts).
 *
 * - the nearest folder's value wins over the folders above it;
 * - the campaign's own value wins over every default;
 * - `parameters` merge key by key; an `agents` list replaces (it is one value), and
 *   `agents_policy` is one value too.
 *
 * Every inherited value keeps where it is written (its file and line), so the rules point
 * at it and the plan shows it.
 */
import type { AgentsPolicy, CampaignFields, CampaignParameters, FieldOrigin } from "./campaign.js";
import { FIELD_ORDER } from "./campaign.js";
import type { CampaignCandidate, FieldPosition } from "./rules.js";

/** One defaults file's values (those that passed the schema) and where they are written. */
export interface DefaultsLayer {
  file: string;
  fields: CampaignFields;
  /** The `agents` list (sorted logins), when declared and valid. */
  agents?: string[];
  agentsPolicy?: AgentsPolicy;
  /** Positions by JSON Pointer, as for a campaign document. */
  positions: Readonly<Record<string, FieldPosition>>;
}

interface Inherited {
  value: unknown;
  layer: DefaultsLayer;
  pointer: string;
}

/**
 * The candidate with its folders' defaults applied. `layers` runs from the top folder
 * (`--dir`) down to the campaign's own folder. Without layers, the candidate itself.
 */
export function resolveCandidate(
  candidate: CampaignCandidate,
  layers: readonly DefaultsLayer[],
): CampaignCandidate {
  if (layers.length === 0) return candidate;
  const fields = new Map<string, Inherited>();
  const parameters = new Map<string, Inherited>();
  let agents: Inherited | undefined;
  let policy: Inherited | undefined;
  // Top folder first: a nearer folder's value overwrites what a folder above set.
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer.fields)) {
      if (value === undefined) continue;
      if (name !== "parameters") {
        fields.set(name, { value, layer, pointer: `/${name}` });
        continue;
      }
      for (const [key, parameter] of Object.entries(value as CampaignParameters)) {
        if (parameter === undefined) continue;
        parameters.set(key, { value: parameter, layer, pointer: `/parameters/${key}` });
      }
    }
    if (layer.agents !== undefined) agents = { value: layer.agents, layer, pointer: "/agents" };
    if (layer.agentsPolicy !== undefined) {
      policy = { value: layer.agentsPolicy, layer, pointer: "/agents_policy" };
    }
  }

  const own = candidate.fields as Record<string, unknown>;
  const resolved: Record<string, unknown> = {};
  const positions: Record<string, FieldPosition> = { ...candidate.positions };
  const origins: Record<string, FieldOrigin> = {};
  const inherit = (path: string, from: Inherited): unknown => {
    const at = from.layer.positions[from.pointer];
    if (at !== undefined) positions[from.pointer] = { ...at, file: from.layer.file };
    origins[path] = { file: from.layer.file, line: at?.value.line ?? 0 };
    return from.value;
  };

  for (const name of FIELD_ORDER) {
    if (name === "parameters") {
      const merged: Record<string, unknown> = {};
      const ownParameters = (own.parameters ?? {}) as Record<string, unknown>;
      for (const [key, from] of parameters) {
        if (ownParameters[key] === undefined) merged[key] = inherit(`parameters.${key}`, from);
      }
      Object.assign(merged, ownParameters);
      if (own.parameters !== undefined || Object.keys(merged).length > 0) {
        resolved.parameters = merged;
      }
      continue;
    }
    const from = fields.get(name);
    if (own[name] !== undefined) resolved[name] = own[name];
    else if (from !== undefined) resolved[name] = inherit(name, from);
  }

  const result: CampaignCandidate = {
    ...candidate,
    fields: resolved as CampaignFields,
    positions,
  };
  const logins = candidate.agents?.logins ?? (agents && (inherit("agents", agents) as string[]));
  if (logins !== undefined) {
    const chosen =
      candidate.agentsPolicy ??
      (policy === undefined ? undefined : (inherit("agents_policy", policy) as AgentsPolicy));
    result.agents = { logins, policy: chosen ?? "owned" };
  }
  if (Object.keys(origins).length > 0) result.origins = origins;
  return result;
}
