/**
 * One line of `doctor`'s checklist, and the small constructors every check uses, so a
 * warning or a failure can never be made without its fix.
 */

/** The checks, in the order the checklist shows them. */
export const CHECK_NAMES = [
  "node",
  "env",
  "url",
  "reachability",
  "credentials",
  "list",
  "fields",
  "stats",
  "campaign-files",
  "state",
  "state-target",
  "lock",
  "declared-ids",
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * Checks whose failure means the tool cannot work here: `doctor` exits 1 when one fails.
 * The others (which fields the list shows, statistics, the lock, declared ids) only ever
 * warn: each limits what some command can see or do, none stops the tool.
 */
export const ESSENTIAL: ReadonlySet<CheckName> = new Set<CheckName>([
  "node",
  "env",
  "url",
  "reachability",
  "credentials",
  "list",
  "campaign-files",
  "state",
  "state-target",
]);

/**
 * `ok` passed; `warn` works but limits something; `fail` stops the tool; `skipped` could not
 * be checked because a check it needs did not pass (the finding names which).
 */
export type CheckStatus = "ok" | "warn" | "fail" | "skipped";

/** One check's outcome: a one-line finding, and for `warn` and `fail` what to do. */
export interface DoctorCheck {
  name: CheckName;
  status: CheckStatus;
  finding: string;
  /** What to do about it; present exactly for `warn` and `fail`. */
  fix?: string;
}

export function ok(name: CheckName, finding: string): DoctorCheck {
  return { name, status: "ok", finding };
}

export function warn(name: CheckName, finding: string, fix: string): DoctorCheck {
  return { name, status: "warn", finding, fix };
}

/** A failure; for a check that is not essential it is reported as a warning. */
export function fail(name: CheckName, finding: string, fix: string): DoctorCheck {
  return { name, status: ESSENTIAL.has(name) ? "fail" : "warn", finding, fix };
}

/** Not checked: `needs` is the check (or condition) that did not pass, named in the finding. */
export function skipped(name: CheckName, needs: string): DoctorCheck {
  return { name, status: "skipped", finding: `skipped: ${needs}` };
}

/** Whether a check passed well enough for checks that need it to run. */
export function passed(check: DoctorCheck): boolean {
  return check.status === "ok" || check.status === "warn";
}
