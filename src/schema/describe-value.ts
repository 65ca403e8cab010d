import { quotedExcerpt } from "./excerpt.js";

/**
 * How a YAML value is named in messages, so the user sees what YAML actually read.
 * Text is quoted only in part (see excerpt.ts): it may be anything the file holds.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (typeof value === "string") return `the text ${quotedExcerpt(value)}`;
  if (typeof value === "number" || typeof value === "bigint") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  if (Array.isArray(value)) return "a list";
  if (value instanceof Uint8Array) return "binary data";
  return "a mapping";
}
