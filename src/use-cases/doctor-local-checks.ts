/**
 * `doctor`'s checks of the working copy: the campaign files, the state file (readable, and
 * recorded for this target) and the apply lock beside it. Pure: what the loaders read is
 * passed in; nothing here reads or writes a file.
 */
import type { Issue } from "../core/issue.js";
import type { State } from "../core/state.js";
import { plural } from "../core/words.js";
import { UserError } from "../errors.js";
import { assertTarget } from "../io/state/index.js";
import { type DoctorCheck, fail, ok, warn } from "./doctor-check.js";

/** What loading the campaign files found (io/campaign-files/load.ts `LoadResult`). */
export interface CampaignFilesRead {
  files: number;
  /** Campaign documents, valid or not. */
  declared: number;
  /** The valid campaigns' ids. */
  validIds: string[];
  issues: Issue[];
}

/** Errors quoted in the finding; `validate` shows them all. */
const ERRORS_QUOTED = 3;

export function checkCampaignFiles(
  read: CampaignFilesRead,
  labels: { dir: string; validate: string },
): DoctorCheck {
  const errors = read.issues.filter((issue) => issue.severity === "error");
  const warnings = read.issues.length - errors.length;
  const counts = `${plural(read.files, "file")}, ${plural(read.declared, "campaign")}`;
  if (errors.length > 0) {
    const quoted = errors.slice(0, ERRORS_QUOTED).map(describeIssue).join("; ");
    const more = errors.length > ERRORS_QUOTED ? `; and ${errors.length - ERRORS_QUOTED} more` : "";
    return fail(
      "campaign-files",
      `${plural(errors.length, "error")} (${counts} under ${labels.dir}): ${quoted}${more}`,
      `run \`${labels.validate}\` to see every error at its line, and fix them`,
    );
  }
  if (read.files === 0)
    return warn(
      "campaign-files",
      `no campaign files (*.yaml, *.yml) in ${labels.dir}`,
      "write campaign files there, or point --dir at the folder that holds them",
    );
  const note =
    warnings === 0 ? "" : ` (${plural(warnings, "warning")}: \`${labels.validate}\` shows them)`;
  return ok("campaign-files", `${counts} in ${labels.dir}, all valid${note}`);
}

/** `file:line:col /path: message`, as validate prints it. */
function describeIssue(issue: Issue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `${where} ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`;
}

/** The state file as read, or the error reading it threw. */
export type StateRead = { state: State } | { error: unknown };

export function checkState(read: StateRead, label: string): DoctorCheck {
  if ("error" in read) {
    if (!(read.error instanceof UserError)) throw read.error;
    return fail(
      "state",
      read.error.message,
      `repair or restore ${label} as the finding says (a damaged file: from ${label}.backup or from git), or pass --state with the right file`,
    );
  }
  const { state } = read;
  if (state.lineage === null)
    return ok("state", `no state recorded yet in ${label} (nothing applied with it)`);
  const managed = Object.keys(state.campaigns).length;
  return ok("state", `${label}: ${plural(managed, "managed campaign")}, serial ${state.serial}`);
}

/** assertTarget's judgement, as a check instead of an exception. */
export function checkStateTarget(state: State, target: string, label: string): DoctorCheck {
  try {
    assertTarget(state, target, label);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return fail(
      "state-target",
      error.message,
      `use the state file made for ${target} (pass it with --state), or point THULIUM_URL at the system this state was applied to (${state.target})`,
    );
  }
  if (state.target === null)
    return ok(
      "state-target",
      `no target recorded yet: the first apply records ${target} in ${label}`,
    );
  return ok("state-target", `${label} was applied to ${target}, this target`);
}

/** Who holds the lock, as the lock file says. */
export interface LockHolder {
  command: string;
  pid: number;
  host: string;
  since: string;
}

/** The lock file as read (never taken, never removed). */
export type LockReading =
  | { kind: "free" }
  | { kind: "stale"; holder?: LockHolder }
  | { kind: "held"; holder?: LockHolder }
  | { kind: "unreadable"; message: string };

export function checkLock(reading: LockReading, lockFile: string): DoctorCheck {
  const remove = `if you are sure no apply is running, remove it: rm ${JSON.stringify(lockFile)}`;
  switch (reading.kind) {
    case "free":
      return ok("lock", `free (no ${lockFile})`);
    case "stale":
      return ok(
        "lock",
        `free: ${lockFile} is left over from ${describeHolder(reading.holder) ?? "a command"}, whose process has ended; the next apply takes it over`,
      );
    case "held":
      return warn(
        "lock",
        reading.holder === undefined
          ? `${lockFile} is being written: another command is probably just starting`
          : `held by ${describeHolder(reading.holder)}: apply and state rm wait for it or refuse`,
        `wait for it to finish (apply --lock-timeout 2m waits); ${remove}`,
      );
    case "unreadable":
      return warn("lock", `cannot read the lock file: ${reading.message}`, remove);
  }
}

function describeHolder(holder: LockHolder | undefined): string | undefined {
  if (holder === undefined) return undefined;
  return `${holder.command} (pid ${holder.pid} on host ${holder.host}, since ${holder.since})`;
}
