/**
 * `sandbox edit`'s arguments → the edit's JSON body. `FIELD=VALUE`, the value read as a YAML
 * scalar (`order=99` is a number, `active=false` a boolean); `parameters.KEY=VALUE` sets one
 * parameter; an empty value or `null` removes an optional field. Text fields keep the text
 * as typed (`name=2027` is the name "2027", `parameters.caller_id=+48221234567` keeps its +).
 */
import { parse } from "yaml";
import { FIELD_ORDER } from "../../core/campaign.js";
import { UsageError } from "../../errors.js";
import { PARAMETER_KEYS } from "../../sandbox/validate.js";
import { closestName } from "../../schema/suggest.js";

const TEXT_PATHS = new Set(["name", "dialer", "start_date", "end_date", "parameters.caller_id"]);

/** Every path an edit may name. */
const PATHS: readonly string[] = [
  ...FIELD_ORDER.filter((field) => field !== "parameters"),
  ...PARAMETER_KEYS.map((key) => `parameters.${key}`),
];

/** Digits, padded to five: `1` → `00001` (an unquoted id in a shell is still that id). */
export function editId(raw: string): string {
  if (!/^[0-9]{1,5}$/.test(raw))
    throw new UsageError(`"${raw}" is not a campaign id: give its five digits, e.g. 00001.`);
  return raw.padStart(5, "0");
}

/** The edit body for these assignments; a malformed one or an unknown field is a UsageError. */
export function editBody(assignments: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0)
      throw new UsageError(
        `"${assignment}" is not FIELD=VALUE; e.g. order=99, name="New name", parameters.caller_id=221234567, or end_date= to remove the end date.`,
      );
    const path = assignment.slice(0, equals).trim();
    checkPath(path, assignment);
    const value = scalar(assignment.slice(equals + 1), path);
    if (path.startsWith("parameters.")) {
      const parameters = (body.parameters ?? {}) as Record<string, unknown>;
      parameters[path.slice("parameters.".length)] = value;
      body.parameters = parameters;
    } else body[path] = value;
  }
  return body;
}

function checkPath(path: string, assignment: string): void {
  if (PATHS.includes(path)) return;
  if (path === "parameters")
    throw new UsageError(
      `"${assignment}": set parameters one at a time, e.g. parameters.caller_id=221234567 (the parameters are ${PARAMETER_KEYS.join(", ")}).`,
    );
  const closest = closestName(path, PATHS);
  throw new UsageError(
    `Unknown field "${path}" in "${assignment}".${closest === undefined ? "" : ` Did you mean ${closest}?`} The fields are ${PATHS.join(", ")}.`,
  );
}

function scalar(text: string, path: string): unknown {
  const isText = TEXT_PATHS.has(path);
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    if (isText) return text;
    throw new UsageError(`${path}: "${text}" is not a value; e.g. ${path}=${example(path)}.`);
  }
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (isText) return text.trim();
  if (typeof value === "object")
    throw new UsageError(
      `${path}: "${text}" is not a single value; e.g. ${path}=${example(path)}.`,
    );
  return value;
}

function example(path: string): string {
  if (path === "active") return "false";
  return "99";
}
