/**
 * The fast path of renderDeclarationYaml (declaration-yaml.ts): the same text, written
 * directly instead of through the yaml library's document model, for the declarations
 * almost every campaign is made of: a map of plain field names to strings, numbers and
 * booleans, with at most one level of nesting (`parameters`, `agents`). Anything it is
 * not sure the library would print the same way (a string that needs quotes, an empty
 * map, a nested list) is left to the library: the function returns undefined.
 *
 * `import --all` renders one declaration per live campaign, and the library's document
 * model cost more than the rest of preparing a file. Byte-identical output is pinned by
 * a property test against the library (test/core/simple-declaration-yaml.test.ts), and
 * every imported file is still loaded back before it is written (prepare-import.ts).
 * Pure.
 */

import { isPlainObject } from "./normalise.js";

/** The options of renderDeclarationYaml that change a simple declaration's text. */
export interface SimpleYamlOptions {
  /** Keys whose string values are double-quoted even when plain would do. */
  alwaysQuoted?: ReadonlySet<string>;
}

/**
 * Strings the library prints plain (unquoted) and that read back as the same string: a
 * letter or `_` first, then letters (with their combining marks), digits, spaces, dashes,
 * currency signs and ASCII punctuation other than `:`, `#` and `` ` ``, not ending in a
 * space. Within a line, none of these is a YAML indicator where it stands (they are at
 * the start of a value, which is always a letter here; `: ` and ` #` cannot occur), none
 * needs escaping in a file (declaration-yaml.ts's needsQuotes, unsafe-text.ts), and none
 * makes the string a number; the words below are what the core schema would read as null
 * or a boolean instead. (The loader's fast reader, io/campaign-files/plain-yaml.ts, reads
 * the common ones itself and leaves the rest to the library, which reads them back.)
 */
const PLAIN_STRING =
  /^[\p{L}_](?:[\p{L}\p{M}\p{N}\p{Pd}\p{Sc} _.,()+/!?&%@'"*=;~$|<>[\]{}\\^]*[\p{L}\p{M}\p{N}\p{Pd}\p{Sc}_.,()+/!?&%@'"*=;~$|<>[\]{}\\^])?$/u;
/**
 * Plain words the core schema reads as null or a boolean, not as strings: never written
 * plain here, never read as text by the loader's fast reader (io/campaign-files/plain-yaml.ts).
 */
export const NOT_A_STRING: ReadonlySet<string> = new Set([
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
]);

/** Keys printed plain: field names as the schema spells them. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Strings whose double-quoted form is JSON.stringify's, with nothing left for the file
 * escapes to change: printable ASCII and Latin letters, without `##[`.
 */
const QUOTABLE = /^[\u0020-\u007e\u00c0-\u024f]*$/;

/** A declaration's YAML text, or undefined when it is not simple enough for this path. */
export function simpleDeclarationYaml(
  value: Record<string, unknown>,
  options: SimpleYamlOptions = {},
): string | undefined {
  const quoted = options.alwaysQuoted;
  let text = "";
  let members = 0;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === undefined) continue; // the library leaves undefined members out too
    if (!isPlainKey(key)) return undefined;
    members++;
    if (Array.isArray(member)) {
      if (member.length === 0) return undefined;
      text += `${key}:\n`;
      for (const item of member) {
        const scalar = scalarText(item, false);
        if (scalar === undefined) return undefined;
        text += `  - ${scalar}\n`;
      }
    } else if (isPlainObject(member)) {
      let nested = "";
      for (const inner of Object.keys(member)) {
        const item = member[inner];
        if (item === undefined) continue;
        if (!isPlainKey(inner)) return undefined;
        const scalar = scalarText(item, quoted?.has(inner) === true);
        if (scalar === undefined) return undefined;
        nested += `  ${inner}: ${scalar}\n`;
      }
      if (nested === "") return undefined;
      text += `${key}:\n${nested}`;
    } else {
      const scalar = scalarText(member, quoted?.has(key) === true);
      if (scalar === undefined) return undefined;
      text += `${key}: ${scalar}\n`;
    }
  }
  return members === 0 ? undefined : text;
}

/** One scalar as the library prints it, or undefined when unsure. */
function scalarText(value: unknown, quote: boolean): string | undefined {
  if (typeof value === "string") {
    if (quote) {
      return QUOTABLE.test(value) && !value.includes("##[") ? JSON.stringify(value) : undefined;
    }
    return PLAIN_STRING.test(value) && !NOT_A_STRING.has(value) ? value : undefined;
  }
  if (typeof value === "number") {
    // The library writes a finite number as JSON does, except -0 (as `-0`).
    return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : undefined;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return undefined;
}

function isPlainKey(key: string): boolean {
  // `__proto__` is left to the library, whose objects hold it as an own member.
  return PLAIN_KEY.test(key) && !NOT_A_STRING.has(key) && key !== "__proto__";
}
