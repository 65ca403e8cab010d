/**
 * The error hierarchy. Engine code throws these; `src/cli/run.ts` is the one place that
 * maps them to messages and exit codes. A `UserError` is the user's to fix and is printed
 * without a stack trace; anything else is a bug in this tool.
 */
import type { Issue } from "./core/issue.js";

export abstract class UserError extends Error {
  /** Exit code for this class of error; 1 unless a subclass says otherwise. */
  readonly exitCode: number = 1;
  override name = "UserError";
}

/** Campaign files failed validation; the issues carry file, line and column. */
export class ConfigInvalidError extends UserError {
  override name = "ConfigInvalidError";
  constructor(
    readonly issues: readonly Issue[],
    message = "Campaign files are invalid; nothing was sent.",
  ) {
    super(message);
  }
}

/** Bad flags, environment variables or arguments. */
export class UsageError extends UserError {
  override name = "UsageError";
}

/** The state file is unreadable, corrupt, of an unknown version, or for another target. */
export class StateError extends UserError {
  override name = "StateError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Another apply holds the lock beside the state file. */
export class LockHeldError extends UserError {
  override name = "LockHeldError";
}

/** A saved plan no longer matches the state or the campaign files. */
export class StalePlanError extends UserError {
  override name = "StalePlanError";
}

/** A saved plan file is unreadable or not a plan. */
export class PlanFileError extends UserError {
  override name = "PlanFileError";
}

/** The plan touches more campaigns than the safety gate allows without --force. */
export class UnsafePlanError extends UserError {
  override name = "UnsafePlanError";
}

/** The user declined the confirmation prompt. */
export class ApplyCancelledError extends UserError {
  override name = "ApplyCancelledError";
}

/** Thulium (or the network on the way) refused or failed a request. */
export class ApiError extends UserError {
  override name = "ApiError";
  constructor(
    message: string,
    readonly details: {
      /** The campaign the request was for, when there is one. */
      campaignId?: string;
      /** HTTP status; undefined for network errors and timeouts. */
      status?: number;
      /** Thulium's `errors[].message` list. */
      messages: readonly string[];
      /** Thulium's `request_id`, which Thulium support asks for. */
      requestId?: string;
      /** True for failures that stop a whole run (401, 403): every request would fail alike. */
      fatal: boolean;
      /** What went wrong, for callers that react differently (e.g. `aborted` after Ctrl-C). */
      kind?: "http" | "network" | "timeout" | "redirect" | "aborted" | "protocol";
      /** How many tries were made before giving up (1 when not retried). */
      attempts?: number;
    },
  ) {
    super(message);
  }
}

/** Some campaigns failed during apply; the others were applied and recorded. */
export class PartialApplyError extends UserError {
  override name = "PartialApplyError";
  constructor(
    readonly failures: readonly { id: string; error: ApiError }[],
    message: string,
  ) {
    super(message);
  }
}

/** The run was interrupted (Ctrl-C); in-flight requests were finished and recorded. */
export class InterruptedError extends UserError {
  override name = "InterruptedError";
  override readonly exitCode = 130;
}
