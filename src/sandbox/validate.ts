/**
 * The documented rules for campaign bodies (PUT and POST outbounds), checked the way
 * Thulium answers: every broken rule at once, as `{message, code}` entries of a 400 body.
 * The numeric codes are the sandbox's own; Thulium does not publish its list.
 */
import { type CampaignFields, DIALERS } from "../core/campaign.js";

/** One entry of Thulium's `errors` array. */
export interface ApiErrorEntry {
  message: string;
  code: number;
}

/** The sandbox's error codes. */
export const CODES = {
  invalidJson: 1001,
  notAnObject: 1002,
  unknownField: 1003,
  wrongType: 1004,
  outOfRange: 1005,
  invalidDate: 1006,
  unknownParameter: 1007,
  unknownAgent: 1008,
  notFound: 1404,
  unauthorized: 1401,
  methodNotAllowed: 1405,
  tooLarge: 1413,
  unsupportedMediaType: 1415,
  rateLimited: 1429,
  serverError: 1500,
  unavailable: 1503,
} as const;

export const PARAMETER_KEYS = [
  "caller_id",
  "preview_timeout",
  "predictive_max_calls",
  "predictive_min_calls",
] as const;

type Check = (value: unknown, field: string) => ApiErrorEntry | undefined;

const wrongType = (field: string, what: string): ApiErrorEntry => ({
  message: `Field ${field} must be ${what}.`,
  code: CODES.wrongType,
});

const isBoolean: Check = (v, f) => (typeof v === "boolean" ? undefined : wrongType(f, "a boolean"));
const nonEmptyString: Check = (v, f) =>
  typeof v === "string" && v.trim() !== "" ? undefined : wrongType(f, "a non-empty string");

function integerIn(min: number, max: number): Check {
  return (v, f) => {
    if (typeof v !== "number" || !Number.isInteger(v)) return wrongType(f, "an integer");
    return v >= min && v <= max
      ? undefined
      : { message: `Field ${f} must be between ${min} and ${max}.`, code: CODES.outOfRange };
  };
}

const date: Check = (v, f) => {
  if (typeof v === "string" && isRealDate(v)) return undefined;
  return { message: `Field ${f} must be a date in YYYY-MM-DD format.`, code: CODES.invalidDate };
};

const dialer: Check = (v, f) =>
  typeof v === "string" && (DIALERS as readonly string[]).includes(v)
    ? undefined
    : { message: `Field ${f} must be one of ${DIALERS.join(", ")}.`, code: CODES.outOfRange };

const nonNegativeNumber: Check = (v, f) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0
    ? undefined
    : wrongType(f, "a non-negative number");

// Thulium says "a string of digits"; a leading + (international format) is accepted too,
// as the campaign schema allows it and the sandbox must never be stricter than the files.
const phoneNumber: Check = (v, f) =>
  typeof v === "string" && /^\+?[0-9]+$/.test(v)
    ? undefined
    : { message: `Field ${f} must be a phone number: a string of digits.`, code: CODES.wrongType };

const FIELD_CHECKS: Record<Exclude<keyof CampaignFields, "parameters">, Check> = {
  name: nonEmptyString,
  dialer,
  active: isBoolean,
  start_date: date,
  end_date: date,
  order: integerIn(1, 99_999),
  parity: integerIn(1, 100),
  group_id: integerIn(0, Number.MAX_SAFE_INTEGER),
};

const PARAMETER_CHECKS: Record<(typeof PARAMETER_KEYS)[number], Check> = {
  caller_id: phoneNumber,
  preview_timeout: integerIn(0, Number.MAX_SAFE_INTEGER),
  predictive_max_calls: nonNegativeNumber,
  predictive_min_calls: nonNegativeNumber,
};

/** Every rule the body breaks; empty when it is a valid campaign body. */
export function validateCampaignBody(body: Record<string, unknown>): ApiErrorEntry[] {
  const errors: ApiErrorEntry[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (field === "parameters") {
      errors.push(...validateParameters(value));
      continue;
    }
    const check = (FIELD_CHECKS as Record<string, Check | undefined>)[field];
    if (check === undefined) {
      errors.push({ message: `Unknown field ${field}.`, code: CODES.unknownField });
      continue;
    }
    const error = check(value, field);
    if (error !== undefined) errors.push(error);
  }
  return errors;
}

function validateParameters(value: unknown): ApiErrorEntry[] {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return [wrongType("parameters", "an object")];
  const errors: ApiErrorEntry[] = [];
  for (const [key, parameter] of Object.entries(value)) {
    const check = (PARAMETER_CHECKS as Record<string, Check | undefined>)[key];
    if (check === undefined) {
      errors.push({
        message: `Unknown parameter ${key}; supported: ${PARAMETER_KEYS.join(", ")}.`,
        code: CODES.unknownParameter,
      });
      continue;
    }
    const error = check(parameter, `parameters.${key}`);
    if (error !== undefined) errors.push(error);
  }
  return errors;
}

/** `YYYY-MM-DD` naming a day that exists (no 2023-02-30). */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day
  );
}
