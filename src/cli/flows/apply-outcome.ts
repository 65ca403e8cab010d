/** Turning an apply's result into the error (and exit code) that reports what is left to do. */

import { plural } from "../../core/words.js";
import { type ApiError, InterruptedError, PartialApplyError } from "../../errors.js";
import type { ExecuteResult } from "../../use-cases/execute-plan.js";

export function throwIfIncomplete(result: ExecuteResult): void {
  const applied = result.succeeded.length;
  if (result.interrupted) {
    throw new InterruptedError(
      `Interrupted: ${plural(applied, "change")} applied and recorded, ${result.failed.length} failed, ${result.notStarted.length} not started. Run apply again to finish; it sends only what is still different.`,
    );
  }
  if (result.fatal !== undefined) {
    throw new PartialApplyError(
      result.failed.map((f) => ({ id: f.change.id, error: f.error })),
      `${fatalCause(result.fatal)}, so the run stopped: every other request would fail the same way. ${applied} applied, ${result.notStarted.length} not started. ${fatalAdvice(result.fatal)}`,
    );
  }
  if (result.failed.length > 0) {
    throw new PartialApplyError(
      result.failed.map((f) => ({ id: f.change.id, error: f.error })),
      `${plural(result.failed.length, "campaign")} failed${othersApplied(applied)}. Fix the cause and run apply again: it retries only what is still different.`,
    );
  }
}

/** The rest of "N campaigns failed…", in words that agree with `applied`. */
function othersApplied(applied: number): string {
  if (applied === 0) return ", and no other change was applied";
  if (applied === 1) return "; the other one was applied and recorded";
  return `; the ${applied} others were applied and recorded`;
}

/** What stopped the run. Only 401 and 403 mean the API user was refused. */
function fatalCause(error: ApiError): string {
  const { status, kind } = error.details;
  if (status === 401 || status === 403) return `Thulium refused the API user (HTTP ${status})`;
  if (kind === "redirect") return `Thulium redirected the request elsewhere (HTTP ${status})`;
  // The only network failure that stops a run: TLS that can never work as configured.
  if (kind === "network") return "No secure (TLS) connection to Thulium could be set up";
  return `The answer did not come from Thulium's API (HTTP ${status})`;
}

function fatalAdvice(error: ApiError): string {
  const { status } = error.details;
  if (status === 401 || status === 403)
    return "Check THULIUM_USER/THULIUM_PASSWORD and the API user's permissions, then run apply again.";
  if (error.details.kind === "network")
    return "Fix what the line below says, then run apply again.";
  return "Check THULIUM_URL (https, ending in /api), then run apply again.";
}
