/**
 * The sandbox data file's schema (schemas/sandbox-data.schema.json, `sandbox --data`),
 * compiled at build time like the state and lock schemas (file-schemas.ts), in a module of
 * its own so that only the sandbox (and doctor) load its validator. The errors are ajv's
 * own error objects; file-problems.ts words them.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as generatedValidate } from "./generated/sandbox-data.js";

// The generated module is untyped (ajv's output); this is what it is.
const sandboxData = generatedValidate as unknown as ValidateFunction;

/** The schema file (`schemas/` sits beside `src/` and `dist/`), read only for messages. */
export const SANDBOX_DATA_SCHEMA_URL = new URL(
  "../../schemas/sandbox-data.schema.json",
  import.meta.url,
);

/** ajv's errors for a parsed sandbox data file; empty when it matches the schema. */
export function sandboxDataSchemaErrors(value: unknown): ErrorObject[] {
  return sandboxData(value) ? [] : [...(sandboxData.errors ?? [])];
}
