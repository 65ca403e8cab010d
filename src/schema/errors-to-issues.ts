/**
 * Schema validation of one campaign document, reported as located `Issue`s.
 * The locator is how this module learns line and column without knowing about YAML.
 */

import type { ErrorObject } from "ajv";
import type { Issue } from "../core/issue.js";
import { shownPointer } from "./excerpt.js";
import { describeSchemaError, type SourceText } from "./messages.js";
import { schemaErrors } from "./validator.js";

/** 1-based line and column in a file. */
export interface Position {
  line: number;
  column: number;
}

/** Maps JSON Pointers inside one document back to the file. */
export interface SourceLocator {
  /**
   * Where a field's key or value starts. For a pointer that does not exist (a missing
   * required field) the nearest existing ancestor is used.
   */
  position(pointer: string, part: "key" | "value"): Position;
  /** The value exactly as written in the file, for plain scalars. */
  sourceText: SourceText;
}

/**
 * Validate `data` against the campaign schema (or `validate`'s: the partial one of defaults files); every problem as an error `Issue`.
 * One issue per field: when several keywords fail for the same value (pattern and format
 * of a date), the first says enough.
 */
export function schemaIssues(
  data: unknown,
  file: string,
  locator: SourceLocator,
  validate: (data: unknown) => ErrorObject[] = schemaErrors,
): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of validate(data)) {
    // A repeated item: ajv names one pair, without lines; the caller reports every repeat
    // at its own line (io/campaign-files/check-agents.ts, for agents, the only such list).
    if (error.keyword === "uniqueItems") continue;
    const problem = describeSchemaError(error, locator.sourceText);
    if (seen.has(problem.pointer)) continue;
    seen.add(problem.pointer);
    const { line, column } = locator.position(problem.pointer, problem.part);
    issues.push({
      severity: "error",
      file,
      line,
      column,
      path: shownPointer(problem.pointer),
      message: problem.message,
    });
  }
  return issues;
}
