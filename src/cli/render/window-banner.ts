/**
 * What `plan` says about the change windows (project settings `windows:`), so a reviewer
 * sees in the plan and its PR comment whether `apply` could run now, and when it can next.
 */
import { type ChangeWindows, type Decision, decide, describeInstant } from "../../core/windows.js";
import { escapeInline } from "./markdown-escape.js";

export interface WindowStatus {
  decision: Decision;
  timezone: string;
}

export function windowStatus(windows: ChangeWindows, now: Date): WindowStatus {
  return { decision: decide(now, windows), timezone: windows.timezone };
}

/** The sentence, without markup. */
export function windowSentence({ decision, timezone }: WindowStatus): string {
  if (decision.allowed) return `Change windows: apply is allowed now (${decision.reason}).`;
  const next =
    decision.nextAllowed === undefined
      ? "no allowed time in the next two years"
      : `next allowed ${describeInstant(decision.nextAllowed, timezone)}`;
  return `Change windows: apply is closed now (${decision.reason}); ${next}. apply refuses until then unless run with --force --reason TEXT.`;
}

export function windowBannerMarkdown(status: WindowStatus): string {
  const sentence = escapeInline(windowSentence(status));
  return status.decision.allowed ? `> ${sentence}` : `> **⛔ ${sentence}**`;
}

/** The `window` key of `plan --format json`. */
export function windowJson({ decision, timezone }: WindowStatus): Record<string, unknown> {
  return {
    allowed: decision.allowed,
    reason: decision.reason,
    timezone,
    next_allowed: decision.nextAllowed?.toISOString() ?? null,
    next_allowed_text:
      decision.nextAllowed === undefined ? null : describeInstant(decision.nextAllowed, timezone),
  };
}
