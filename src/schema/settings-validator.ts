/**
 * The project settings JSON Schema, compiled once with ajv on first use, the same way as
 * the campaign schema (validator.ts): commands that read no settings never pay for it.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** The schema file shipped with the package, beside the campaign schema. */
export const SETTINGS_SCHEMA_URL = new URL("../../schemas/settings.schema.json", import.meta.url);

interface ObjectSchema {
  properties?: Record<string, ObjectSchema>;
}

let compiled: { schema: ObjectSchema; validate: ValidateFunction } | undefined;

function instance(): { schema: ObjectSchema; validate: ValidateFunction } {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(SETTINGS_SCHEMA_URL, "utf8")) as ObjectSchema;
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    compiled = { schema, validate: ajv.compile(schema) };
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
