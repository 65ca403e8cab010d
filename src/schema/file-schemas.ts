/**
 * JSON Schemas for the files this tool writes and reads back (schemas/state.schema.json,
 * lock.schema.json, saved-plan.schema.json, sandbox-data.schema.json), compiled at build
 * time to standalone ajv code like the campaign schema (scripts/build-schemas.mjs →
 * ./generated/), so reading any of them loads no ajv. One small function per kind of file
 * keeps the callers independent of how the check is made; the errors are ajv's own error
 * objects (file-problems.ts words them for saved plans and sandbox data).
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as lockValidate } from "./generated/lock.js";
import { validate as savedPlanValidate } from "./generated/saved-plan.js";
import { validate as stateValidate } from "./generated/state.js";
import { validate as stateCampaignValidate } from "./generated/state-campaign.js";

// The generated modules are untyped (ajv's output); this is what they are.
const stateDocument = stateValidate as unknown as ValidateFunction;
const stateCampaign = stateCampaignValidate as unknown as ValidateFunction;
const lockRecord = lockValidate as unknown as ValidateFunction;
const savedPlan = savedPlanValidate as unknown as ValidateFunction;

/** The saved-plan schema file (`schemas/` sits beside `src/` and `dist/`), for messages. */
export const SAVED_PLAN_SCHEMA_URL = new URL(
  "../../schemas/saved-plan.schema.json",
  import.meta.url,
);

/** ajv's errors for a whole parsed state file; empty when it matches the schema. */
export function stateSchemaErrors(value: unknown): ErrorObject[] {
  return stateDocument(value) ? [] : [...(stateDocument.errors ?? [])];
}

/** ajv's errors for one `campaigns[id]` entry of the state file; empty when it matches. */
export function stateCampaignSchemaErrors(entry: unknown): ErrorObject[] {
  return stateCampaign(entry) ? [] : [...(stateCampaign.errors ?? [])];
}

/** Whether a parsed lock file matches its schema. */
export function isLockRecord(value: unknown): boolean {
  return lockRecord(value);
}

/** ajv's errors for a parsed saved plan (`plan --out`); empty when it matches the schema. */
export function savedPlanSchemaErrors(value: unknown): ErrorObject[] {
  return savedPlan(value) ? [] : [...(savedPlan.errors ?? [])];
}
