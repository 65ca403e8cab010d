/**
 * The project settings JSON Schema's validator, compiled at build time to standalone code
 * like the campaign schema (validator.ts, scripts/build-schemas.mjs); the schema itself is
 * read only for the key names "did you mean" suggestions need.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as generatedValidate } from "./generated/settings.js";

/** The schema file shipped with the package, beside the campaign schema. */
export const SETTINGS_SCHEMA_URL = new URL("../../schemas/settings.schema.json", import.meta.url);

interface ObjectSchema {
  properties?: Record<string, ObjectSchema>;
}

let compiled: { schema: ObjectSchema; validate: ValidateFunction } | undefined;

function instance(): { schema: ObjectSchema; validate: ValidateFunction } {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(SETTINGS_SCHEMA_URL, "utf8")) as ObjectSchema;
    compiled = { schema, validate: generatedValidate as unknown as ValidateFunction };
  }
  return compiled;
}

/** The ajv errors for a settings document, empty when it is valid. */
export function settingsSchemaErrors(data: unknown): ErrorObject[] {
  const { validate } = instance();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Known keys under a JSON Pointer ("" for the top level, "/safety", "/windows"). */
export function knownSettings(pointer: string): string[] {
  let node: ObjectSchema | undefined = instance().schema;
  for (const segment of pointer.split("/").slice(1)) node = node?.properties?.[segment];
  return Object.keys(node?.properties ?? {});
}
