/**
 * JSON Schemas for the files this tool writes and reads back (schemas/state.schema.json,
 * schemas/lock.schema.json),
 * checked with ajv. Each validator is compiled on the first read of its kind of file, so
 * commands that never read one do not pay for it; one small function per kind keeps the
 * callers independent of how the check is made (e.g. a build-time standalone validator).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from "ajv";

/**
 * ajv, loaded on the first check rather than with this module: the state and lock modules
 * import this one, and a command that finds no state file should not load ajv at all.
 */
function newAjv(options: ConstructorParameters<typeof AjvClass>[0]): AjvClass {
  const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  return new Ajv(options);
}

/** The state file's schema, shipped with the package beside `dist/`. */
export const STATE_SCHEMA_URL = new URL("../../schemas/state.schema.json", import.meta.url);

interface StateValidators {
  document: ValidateFunction;
  campaign: ValidateFunction;
}

let state: StateValidators | undefined;

function compileState(): StateValidators {
  const schema = JSON.parse(readFileSync(STATE_SCHEMA_URL, "utf8")) as { $id: string };
  // allErrors: every problem in one run, as the hand-written check reported them.
  const ajv = newAjv({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  return {
    document: ajv.getSchema(schema.$id) as ValidateFunction,
    campaign: ajv.compile({ $ref: `${schema.$id}#/definitions/campaign` }),
  };
}

/** ajv's errors for a whole parsed state file; empty when it matches the schema. */
export function stateSchemaErrors(value: unknown): ErrorObject[] {
  state ??= compileState();
  return state.document(value) ? [] : [...(state.document.errors ?? [])];
}

/** ajv's errors for one `campaigns[id]` entry of the state file; empty when it matches. */
export function stateCampaignSchemaErrors(entry: unknown): ErrorObject[] {
  state ??= compileState();
  return state.campaign(entry) ? [] : [...(state.campaign.errors ?? [])];
}

/** The lock file's schema, shipped beside the state file's. */
export const LOCK_SCHEMA_URL = new URL("../../schemas/lock.schema.json", import.meta.url);

let lock: ValidateFunction | undefined;

/** Whether a parsed lock file matches its schema (compiled on the first lock file read). */
export function isLockRecord(value: unknown): boolean {
  lock ??= newAjv({ strict: true }).compile(JSON.parse(readFileSync(LOCK_SCHEMA_URL, "utf8")));
  return lock(value);
}
