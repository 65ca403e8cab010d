/**
 * The saved plan's schema (schemas/saved-plan.schema.json, `plan --out`), compiled at build
 * time like the state and lock schemas (file-schemas.ts), in a module of its own so that
 * only reading a saved plan loads its validator. The errors are ajv's own error objects;
 * file-problems.ts words them.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as generatedValidate } from "./generated/saved-plan.js";

// The generated module is untyped (ajv's output); this is what it is.
const savedPlan = generatedValidate as unknown as ValidateFunction;

/** The schema file (`schemas/` sits beside `src/` and `dist/`), read only for messages. */
export const SAVED_PLAN_SCHEMA_URL = new URL(
  "../../schemas/saved-plan.schema.json",
  import.meta.url,
);

/** ajv's errors for a parsed saved plan; empty when it matches the schema. */
export function savedPlanSchemaErrors(value: unknown): ErrorObject[] {
  return savedPlan(value) ? [] : [...(savedPlan.errors ?? [])];
}
