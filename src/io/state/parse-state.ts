/**
 * Turns the state file's text into a State, or a StateError that names the file, says
 * exactly what is wrong, and how to recover. Reading never changes the file.
 */
import type { State } from "../../core/state.js";
import { StateError } from "../../errors.js";
import { checkStateShape } from "./shape.js";
import { findStrictJsonProblem } from "./strict-json.js";

/** At most this many shape problems are listed; a badly damaged file would list hundreds. */
const MAX_LISTED = 10;

/** Parses and checks the state file's text. @throws StateError */
export function parseState(text: string, file: string): State {
  // An editor may add a byte-order mark; it is not part of the JSON.
  const json = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (json.trim() === "") {
    throw stateError(file, "is empty (it may have been truncated)");
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw stateError(file, `is not valid JSON: ${describeJsonError(error, json)}`);
  }
  // Before the shape check: a duplicate key or a rounded number must be refused even
  // where the shape would pass, since what JSON.parse kept is not what the file says.
  const strict = findStrictJsonProblem(json, value);
  if (strict !== undefined) {
    const line = strict.line === undefined ? "" : ` (line ${strict.line})`;
    throw stateError(file, `cannot be used: at ${strict.path}${line}, ${strict.message}`);
  }
  const report = checkStateShape(value);
  if (report.versionProblem !== undefined) {
    throw stateError(file, `cannot be read: ${report.versionProblem}`);
  }
  if (report.problems.length > 0) {
    const listed = report.problems.slice(0, MAX_LISTED);
    const more = report.problems.length - listed.length;
    const tail = more > 0 ? `; …and ${more} more problem${more === 1 ? "" : "s"}` : "";
    throw stateError(file, `is not a valid state file: ${listed.join("; ")}${tail}`);
  }
  return value as State;
}

function stateError(file: string, what: string): StateError {
  return new StateError(
    file,
    `State file ${file} ${what}. It was left untouched. If it was damaged, restore it from ${file}.backup (the previous version) or from git (git checkout -- ${file}), then run again.`,
  );
}

/** V8's message with its character offset turned into a line and column a person can find. */
function describeJsonError(error: unknown, json: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  const reason = message
    .replace(/\s*in JSON at position \d+.*$/s, "")
    .replace(/\s*\(line \d+ column \d+\)$/, "");
  if (position === undefined) return reason;
  const before = json.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `${reason} at line ${line}, column ${column}`;
}
