/**
 * Settings schema problems as located `Issue`s. Messages for values reuse the campaign
 * messages (schema/messages.ts); unknown keys and wrong shapes are worded for settings.
 */
import type { ErrorObject } from "ajv";
import type { Issue } from "../../core/issue.js";
import { describeValue } from "../../schema/describe-value.js";
import type { SourceLocator } from "../../schema/errors-to-issues.js";
import { quotedExcerpt, shownPointer } from "../../schema/excerpt.js";
import { describeSchemaError, escapeSegment } from "../../schema/messages.js";
import { knownSettings, settingsSchemaErrors } from "../../schema/settings-validator.js";
import { closestName } from "../../schema/suggest.js";

export function settingsSchemaIssues(data: unknown, file: string, locator: SourceLocator): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of settingsSchemaErrors(data)) {
    const problem = describeSettingsError(error, locator);
    if (seen.has(problem.pointer)) continue;
    seen.add(problem.pointer);
    const { line, column } = locator.position(problem.pointer, problem.part);
    const path = shownPointer(problem.pointer);
    issues.push({ severity: "error", file, line, column, path, message: problem.message });
  }
  return issues;
}

function describeSettingsError(error: ErrorObject, locator: SourceLocator) {
  const pointer = error.instancePath;
  if (error.keyword === "additionalProperties") {
    const name = String(error.params.additionalProperty);
    const known = knownSettings(pointer);
    const guess = closestName(name, known);
    const where = pointer === "" ? "setting" : `key under ${pointer.slice(1)}`;
    const hint = guess === undefined ? `allowed: ${known.join(", ")}` : `did you mean "${guess}"?`;
    return {
      pointer: `${pointer}/${escapeSegment(name)}`,
      part: "key" as const,
      message: `unknown ${where} ${quotedExcerpt(name)}; ${hint}`,
    };
  }
  if (error.keyword === "type" && error.params.type === "object") {
    const what =
      pointer === ""
        ? "the settings file must be a mapping of settings (dir: campaigns, safety: …)"
        : "must be a mapping of keys to values";
    return {
      pointer,
      part: "value" as const,
      message: `${what}, not ${describeValue(error.data)}`,
    };
  }
  if (error.keyword === "type" && error.params.type === "array") {
    const message = `must be a list (one "- …" entry a line), not ${describeValue(error.data)}`;
    return { pointer, part: "value" as const, message };
  }
  if (error.keyword === "minItems") {
    const message = "must list at least one window; leave allow out to allow every hour";
    return { pointer, part: "value" as const, message };
  }
  return describeSchemaError(error, locator.sourceText);
}
