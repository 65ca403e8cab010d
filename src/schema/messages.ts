/**
 * Ajv errors, translated into messages an operator understands. Each message says what
 * is wrong, what is allowed, and what was found; it never stands without a location
 * (errors-to-issues.ts attaches one).
 */
import type { ErrorObject } from "ajv";
import { isCampaignId } from "../core/campaign-id.js";
import { hasDateShape } from "./calendar-date.js";
import { describeValue } from "./describe-value.js";
import { excerpt, quotedExcerpt } from "./excerpt.js";
import { closestName } from "./suggest.js";
import { knownFields } from "./validator.js";

/** One schema problem: which field, whether to point at its key or value, and the text. */
export interface SchemaProblem {
  /** JSON Pointer of the field (`/parameters/caller_id`). */
  pointer: string;
  /** Point at the field's key (unknown fields) or its value (everything else). */
  part: "key" | "value";
  message: string;
}

/** The value as written in the file, when it is a plain scalar (e.g. `00001`). */
export type SourceText = (pointer: string) => string | undefined;

const lastSegment = (pointer: string) => pointer.slice(pointer.lastIndexOf("/") + 1);

/** Translate one ajv error. */
export function describeSchemaError(error: ErrorObject, sourceText: SourceText): SchemaProblem {
  const pointer = error.instancePath;
  const value = describeValue(error.data);
  const at = (message: string): SchemaProblem => ({ pointer, part: "value", message });
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String(error.params.additionalProperty);
      return {
        pointer: `${pointer}/${escapeSegment(name)}`,
        part: "key",
        message: unknownField(pointer, name),
      };
    }
    case "required": {
      const name = String(error.params.missingProperty);
      const hint =
        name === "id" ? ' (the campaign\'s five-digit Thulium id, e.g. id: "00001")' : "";
      return {
        pointer: `${pointer}/${name}`,
        part: "value",
        message: `missing required field "${name}"${hint}`,
      };
    }
    case "type":
      return at(typeMessage(pointer, String(error.params.type), error.data, sourceText));
    case "enum":
      return at(enumMessage(error.params.allowedValues as unknown[], error.data));
    case "minLength":
      return at("must not be empty");
    case "pattern":
      return at(patternMessage(pointer, error.data));
    case "format":
      // Only dates use `format`; a wrong shape gets the same message as the pattern.
      return at(
        hasDateShape(String(error.data))
          ? `${quotedExcerpt(String(error.data))} is not a real calendar date`
          : patternMessage(pointer, error.data),
      );
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
      return at(`${rangeText(error.parentSchema)}, not ${error.data}`);
    default:
      return at(`${error.message ?? "is invalid"} (found ${value})`);
  }
}

function unknownField(parent: string, name: string): string {
  const known = knownFields(parent);
  const what = parent === "" ? "field" : "parameter";
  const guess = closestName(name, known);
  const quoted = quotedExcerpt(name);
  if (guess !== undefined) return `unknown ${what} ${quoted}; did you mean "${guess}"?`;
  return `unknown ${what} ${quoted}; allowed: ${known.join(", ")}`;
}

/**
 * `must be one of …`, with the closest allowed value when the text is a plausible slip:
 * the same letters in another case first (`Predictive`), then a typo (`predicitve`).
 */
function enumMessage(allowed: readonly unknown[], data: unknown): string {
  const list = `must be one of ${allowed.join(", ")}`;
  if (typeof data !== "string") return list;
  const names = allowed.map(String);
  const sameLetters = names.find((name) => name.toLowerCase() === data.toLowerCase());
  if (sameLetters !== undefined) {
    const why = sameLetters === sameLetters.toLowerCase() ? " (values are lower case)" : "";
    return `${list}; did you mean "${sameLetters}"?${why}`;
  }
  const guess = closestName(data, names);
  return guess === undefined ? list : `${list}; did you mean "${guess}"?`;
}

function typeMessage(pointer: string, type: string, data: unknown, sourceText: SourceText): string {
  const field = lastSegment(pointer);
  if (type === "string" && typeof data === "number" && (field === "id" || field === "caller_id")) {
    return quoteHint(field, excerpt(sourceText(pointer) ?? String(data)), data);
  }
  const found = describeValue(data);
  if (pointer === "") {
    const hint = Array.isArray(data)
      ? "; write one campaign per YAML document, separated by ---"
      : "";
    return `a campaign must be a mapping of fields (id: "00001", name: …), not ${found}${hint}`;
  }
  if (type === "object") return `must be a mapping of parameter names to values, not ${found}`;
  if (type === "array" && field === "agents")
    return `must be a list of agent logins, such as [anowak, jkowalski] (or one "- login" per line), not ${found}`;
  if (type === "string" && AGENT_ITEM.test(pointer) && typeof data === "number")
    return `must be a login written as text, not ${found}; quote it: "${excerpt(sourceText(pointer) ?? String(data))}"`;
  if (type === "boolean") {
    const yesNo = typeof data === "string" && /^(yes|no|on|off|y|n)$/i.test(data);
    return `must be true or false, not ${found}${yesNo ? " (YAML 1.2 reads yes/no/on/off as text)" : ""}`;
  }
  if (type === "integer") return `must be a whole number, not ${found}`;
  return `must be ${type === "string" ? "text" : `a ${type}`}, not ${found}`;
}

/** `id: 00001` is the number 1 to YAML: say so, and show the quoted spelling. */
function quoteHint(field: string, written: string, read: number): string {
  if (field === "id" && !isCampaignId(written)) {
    return `must be a quoted string of exactly five digits, such as id: "00001"; ${written} was read by YAML as the number ${read}`;
  }
  return `${written} was read by YAML as the number ${read}; quote it: ${field}: "${written}"`;
}

/** An item of `agents`, `/agents/3`. */
const AGENT_ITEM = /^\/agents\/[0-9]+$/;

function patternMessage(pointer: string, data: unknown): string {
  const got = typeof data === "string" ? quotedExcerpt(data) : JSON.stringify(data);
  if (AGENT_ITEM.test(pointer))
    return `must be a Thulium agent login (letters, digits and . _ - @, starting with a letter or digit, at most 64 characters), such as "jkowalski", not ${got}`;
  switch (lastSegment(pointer)) {
    case "id":
      return `must be exactly five digits, such as "00001", not ${got}`;
    case "name":
      return "must not be blank";
    case "caller_id":
      return `must be digits with an optional leading +, such as "+48221234567", not ${got}`;
    case "start_date":
    case "end_date":
      return `must be a date written YYYY-MM-DD, such as "2027-03-01", not ${got}`;
    default:
      return `does not have the expected form, not ${got}`;
  }
}

function rangeText(schema: unknown): string {
  const s = (schema ?? {}) as { minimum?: number; maximum?: number; exclusiveMinimum?: number };
  const kind = (s as { type?: string }).type === "integer" ? "a whole number" : "a number";
  if (s.minimum !== undefined && s.maximum !== undefined) {
    return `must be ${kind} from ${s.minimum} to ${s.maximum}`;
  }
  if (s.exclusiveMinimum !== undefined) return `must be ${kind} above ${s.exclusiveMinimum}`;
  if (s.minimum !== undefined) return `must be ${kind} of at least ${s.minimum}`;
  return `must be ${kind} of at most ${s.maximum}`;
}

/** JSON Pointer escaping (RFC 6901), as ajv's instancePath uses it. */
export function escapeSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
