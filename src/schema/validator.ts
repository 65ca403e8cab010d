/**
 * The campaign JSON Schema, compiled once with ajv. This module is heavy (ajv, a file
 * read, code generation), so commands import it lazily; `--version` never pays for it.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isCalendarDate } from "./calendar-date.js";

/** The schema file shipped with the package (`schemas/` sits beside `src/` and `dist/`). */
export const SCHEMA_URL = new URL("../../schemas/campaign.schema.json", import.meta.url);

/** The parts of the schema the error messages read: field names, for suggestions. */
export interface CampaignSchema {
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

let compiled: { schema: CampaignSchema; validate: ValidateFunction } | undefined;

function compile(): { schema: CampaignSchema; validate: ValidateFunction } {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as CampaignSchema;
  // allErrors: report every problem in one run. verbose: errors carry the offending data
  // and their schema, so messages can say "not 0" and "from 1 to 99999".
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
  ajv.addFormat("date", { type: "string", validate: isCalendarDate });
  return { schema, validate: ajv.compile(schema) };
}

function instance(): { schema: CampaignSchema; validate: ValidateFunction } {
  compiled ??= compile();
  return compiled;
}

/** The parsed campaign schema (compiled on first use). */
export function campaignSchema(): CampaignSchema {
  return instance().schema;
}

/** Validate one campaign document's data; the ajv errors, empty when it is valid. */
export function schemaErrors(data: unknown): ErrorObject[] {
  const { validate } = instance();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Known field names under a JSON Pointer ("" for the campaign, "/parameters"). */
export function knownFields(pointer: string): string[] {
  const root = campaignSchema().properties;
  if (pointer === "") return Object.keys(root);
  const nested = root[pointer.slice(1)] as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(nested?.properties ?? {});
}
