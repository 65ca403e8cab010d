/**
 * The campaign JSON Schema's validator. It is compiled at build time to standalone code
 * (scripts/build-schemas.mjs → ./generated/campaign.ts), so no command loads ajv or
 * compiles the schema at run time; its errors are ajv's own error objects.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as generatedValidate } from "./generated/campaign.js";
import { validate as generatedDefaultsValidate } from "./generated/defaults.js";

/** The schema file shipped with the package (`schemas/` sits beside `src/` and `dist/`). */
export const SCHEMA_URL = new URL("../../schemas/campaign.schema.json", import.meta.url);

/** The parts of the schema the error messages read: field names, for suggestions. */
export interface CampaignSchema {
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

// The generated module is untyped (it is ajv's output); this is what it is.
const validateCampaign = generatedValidate as unknown as ValidateFunction;
/** The same schema with nothing required: a `_defaults.yaml` file (a partial campaign). */
const validateDefaults = generatedDefaultsValidate as unknown as ValidateFunction;

let schema: CampaignSchema | undefined;

/** The parsed campaign schema, read on first use (only error messages need it). */
export function campaignSchema(): CampaignSchema {
  schema ??= JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as CampaignSchema;
  return schema;
}

/** Validate one campaign document's data; the ajv errors, empty when it is valid. */
export function schemaErrors(data: unknown): ErrorObject[] {
  return validateCampaign(data) ? [] : [...(validateCampaign.errors ?? [])];
}

/** Validate a `_defaults.yaml` document's data (no `id`) as a partial campaign. */
export function defaultsSchemaErrors(data: unknown): ErrorObject[] {
  return validateDefaults(data) ? [] : [...(validateDefaults.errors ?? [])];
}

/** Known field names under a JSON Pointer ("" for the campaign, "/parameters"). */
export function knownFields(pointer: string): string[] {
  const root = campaignSchema().properties;
  if (pointer === "") return Object.keys(root);
  const nested = root[pointer.slice(1)] as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(nested?.properties ?? {});
}
