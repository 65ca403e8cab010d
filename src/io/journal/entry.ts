/**
 * One apply's journal entry: who applied what, where, when and how it went. Built only
 * from values that can never hold a credential: the time, an actor login, a commit hash,
 * the normalised target (THULIUM_URL refuses user info), counts, campaign ids, actions,
 * HTTP statuses and the operator's own --reason.
 */
import type { ExecuteResult } from "../../use-cases/execute-plan.js";

export const JOURNAL_VERSION = 1;

export type CampaignResult = "applied" | "failed" | "not_started";

export interface JournalEntry {
  version: number;
  /** ISO 8601, UTC. */
  time: string;
  /** Who ran it: GITHUB_ACTOR, GITLAB_USER_LOGIN or USER; null when none is set. */
  actor: string | null;
  /** The git commit the campaign files came from; null outside a repository. */
  commit: string | null;
  target: string;
  counts: {
    update: number;
    forget: number;
    deactivate: number;
    applied: number;
    failed: number;
    not_started: number;
  };
  campaigns: { id: string; action: string; result: CampaignResult; status?: number }[];
  interrupted: boolean;
  force?: true;
  reason?: string;
}

export interface JournalContext {
  time: Date;
  actor: string | null;
  commit: string | null;
  target: string;
  force: boolean;
  reason?: string | undefined;
}

/** The entry for an apply that ran (its plan had changes). */
export function journalEntry(result: ExecuteResult, context: JournalContext): JournalEntry {
  const campaigns: JournalEntry["campaigns"] = [
    ...result.succeeded.map((change) => ({
      id: change.id,
      action: change.action,
      result: "applied" as const,
    })),
    ...result.failed.map(({ change, error }) => ({
      id: change.id,
      action: change.action,
      result: "failed" as const,
      ...(error.details.status === undefined ? {} : { status: error.details.status }),
    })),
    ...result.notStarted.map((change) => ({
      id: change.id,
      action: change.action,
      result: "not_started" as const,
    })),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const count = (action: string) => campaigns.filter((c) => c.action === action).length;
  const reason = context.reason?.trim();
  return {
    version: JOURNAL_VERSION,
    time: context.time.toISOString(),
    actor: context.actor,
    commit: context.commit,
    target: context.target,
    counts: {
      update: count("update"),
      forget: count("forget"),
      deactivate: count("deactivate"),
      applied: result.succeeded.length,
      failed: result.failed.length,
      not_started: result.notStarted.length,
    },
    campaigns,
    interrupted: result.interrupted,
    ...(context.force ? { force: true as const } : {}),
    ...(reason === undefined || reason === "" ? {} : { reason }),
  };
}
