import { UsageError } from "../errors.js";

/** Parses `30`, `30s`, `2m` or `500ms` into milliseconds (a bare number means seconds). */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(`${flag} must be a duration such as 30s, 2m or 500ms, not "${text}".`);
  }
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return Math.round(unit === "ms" ? value : unit === "s" ? value * 1000 : value * 60_000);
}
