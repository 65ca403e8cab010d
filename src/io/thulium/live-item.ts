/**
 * One item of Thulium's campaign list → a LiveCampaign. The list's shape is undocumented,
 * so this is tolerant exactly as live-reads.md says and no further: the PUT field names,
 * the accepted spellings of each value (live-values.ts), unknown keys ignored, a missing
 * key *not visible*, a value fitting no spelling *unreadable*. Pure: no I/O.
 */
import { type CampaignFields, FIELD_ORDER } from "../../core/campaign.js";
import type { LiveCampaign, LiveFields, LiveParameters } from "../../core/live-campaign.js";
import { isPlainObject } from "../../core/normalise.js";
import {
  orNotSet,
  readBoolean,
  readCallerId,
  readDate,
  readInteger,
  readNumber,
  readText,
  type ValueReader,
} from "./live-values.js";

type ScalarField = Exclude<keyof CampaignFields, "parameters">;

const FIELD_READERS: Record<ScalarField, ValueReader<unknown>> = {
  name: readText,
  dialer: readText,
  active: readBoolean,
  start_date: readDate,
  end_date: orNotSet(readDate),
  order: readInteger,
  parity: readInteger,
  group_id: orNotSet(readInteger),
};

const PARAMETER_READERS: Record<keyof LiveParameters, ValueReader<unknown>> = {
  caller_id: orNotSet(readCallerId),
  preview_timeout: orNotSet(readInteger),
  predictive_max_calls: orNotSet(readNumber),
  predictive_min_calls: orNotSet(readNumber),
};

/**
 * A campaign id: a string of digits (`"00042"`, `"42"`) or a whole number (`42`), both
 * zero-padded to five digits. Anything else is no usable id (`undefined`).
 */
export function readLiveId(value: unknown): string | undefined {
  if (typeof value === "string" && /^[0-9]+$/.test(value)) return value.padStart(5, "0");
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    return String(value).padStart(5, "0");
  return undefined;
}

/** Read one list item; `undefined` when it is not an object or has no usable id. */
export function readLiveItem(item: unknown): LiveCampaign | undefined {
  if (!isPlainObject(item)) return undefined;
  const id = readLiveId(item.id);
  if (id === undefined) return undefined;
  const fields: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const field of FIELD_ORDER) {
    if (!Object.hasOwn(item, field)) continue; // not visible: nothing is said about it
    const raw = item[field];
    if (field === "parameters") {
      const parameters = readParameters(raw);
      if (parameters === undefined) unreadable.push("parameters");
      else {
        fields.parameters = parameters.visible;
        unreadable.push(...parameters.unreadable);
      }
      continue;
    }
    const value = FIELD_READERS[field](raw);
    if (value === undefined) unreadable.push(field);
    else fields[field] = value;
  }
  return { id, fields: fields as LiveFields, unreadable };
}

/**
 * `parameters`: an object, or a string holding a JSON object. `null`, `""` and `[]` (how
 * PHP's json_encode writes an empty map) are an empty map: visible, with no key visible,
 * so nothing is said about any parameter. Anything else is unreadable as a whole.
 */
function readParameters(
  raw: unknown,
): { visible: LiveParameters; unreadable: string[] } | undefined {
  const map = parametersMap(raw);
  if (map === undefined) return undefined;
  const visible: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const key of Object.keys(PARAMETER_READERS).sort() as (keyof LiveParameters)[]) {
    if (!Object.hasOwn(map, key)) continue;
    const value = PARAMETER_READERS[key](map[key]);
    if (value === undefined) unreadable.push(`parameters.${key}`);
    else visible[key] = value;
  }
  return { visible: visible as LiveParameters, unreadable };
}

function parametersMap(raw: unknown): Record<string, unknown> | undefined {
  if (raw === null || raw === "") return {};
  if (Array.isArray(raw)) return raw.length === 0 ? {} : undefined;
  if (isPlainObject(raw)) return raw;
  if (typeof raw === "string") {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isPlainObject(parsed)) return parsed;
      if (Array.isArray(parsed) && parsed.length === 0) return {};
    } catch {
      // not JSON: unreadable
    }
  }
  return undefined;
}
