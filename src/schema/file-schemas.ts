/**
 * JSON Schemas for the files this tool writes and reads back (schemas/state.schema.json,
 * schemas/lock.schema.json), compiled at build time to standalone ajv code like the
 * campaign schema (scripts/build-schemas.mjs → ./generated/), so reading a state or lock
 * file loads no ajv. One small function per kind of file keeps the callers independent of
 * how the check is made; the errors are ajv's own error objects. Saved plans and sandbox
 * data have modules of the same kind (saved-plan-schema.ts, sandbox-data-schema.ts), so
 * that reading a state file does not load their validators.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as lockValidate } from "./generated/lock.js";
import { validate as stateValidate } from "./generated/state.js";
import { validate as stateCampaignValidate } from "./generated/state-campaign.js";

// The generated modules are untyped (ajv's output); this is what they are.
const stateDocument = stateValidate as unknown as ValidateFunction;
const stateCampaign = stateCampaignValidate as unknown as ValidateFunction;
const lockRecord = lockValidate as unknown as ValidateFunction;

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
