/**
 * The safety gate (after octoDNS): a plan that would change a large share of the managed
 * campaigns at once is more likely a mistake (a deleted folder, a wrong `--dir`, a bad
 * merge, the wrong state file) than an intent, so apply refuses it without `--force`.
 */
import { UnsafePlanError } from "../errors.js";
import { operationCounts } from "./operation.js";
import { type Plan, type PlanSummary, summarise } from "./plan.js";
import type { State } from "./state.js";
import { plural } from "./words.js";

/** Share of the managed campaigns a plan may touch without --force: 30%. */
export const SAFETY_THRESHOLD = 0.3;
/** The threshold applies only when more than this many campaigns are in the state: 10. */
export const SAFETY_MIN_MANAGED = 10;

/**
 * The gate's thresholds: the share and floor above, and optional absolute limits per kind
 * of change (project settings `safety:`). Absent limits do not apply.
 */
export interface SafetyLimits {
  /** Percent of the managed campaigns a plan may touch (30). */
  maxChangedPercent: number;
  /** The percentage applies only above this many managed campaigns (10). */
  minManaged: number;
  maxDeactivations?: number;
  maxForgets?: number;
  maxAgentRemovals?: number;
  /** Where each limit was set, by settings key (`max_forgets` → `thulium-campaigns.yaml:9`). */
  origin?: Readonly<Record<string, string>>;
}

export const DEFAULT_SAFETY_LIMITS: SafetyLimits = {
  maxChangedPercent: SAFETY_THRESHOLD * 100,
  minManaged: SAFETY_MIN_MANAGED,
};

export interface SafetyGateOptions {
  /** Thresholds from the project settings; today's defaults when absent. */
  limits?: SafetyLimits;
  /** `--force`: skip the gate. */
  force: boolean;
  /** The campaign folder the plan was computed from (as messages show it) and its file count. */
  read: { dir: string; files: number };
  /** The command line that reruns the apply with `--force`, quoted in the message. */
  rerun?: string;
}

/**
 * True when the state manages at least one campaign and the plan forgets or deactivates
 * every one of them: what an empty or wrong `--dir` (or `--state`) looks like.
 */
export function dropsEveryManaged(plan: Plan, state: State): boolean {
  const managed = Object.keys(state.campaigns);
  if (managed.length === 0) return false;
  const dropped = new Set(
    plan.changes.filter((change) => change.action !== "update").map((change) => change.id),
  );
  return managed.every((id) => dropped.has(id));
}

/**
 * Throw {@link UnsafePlanError} unless `force`:
 * - when the plan drops every managed campaign ({@link dropsEveryManaged}), however few;
 * - when its updates, forgets and deactivations of campaigns already in the state exceed
 *   {@link SAFETY_THRESHOLD} of them and more than {@link SAFETY_MIN_MANAGED} are managed.
 *
 * What counts: only changes to campaigns already in the state. A campaign new to the state
 * has no recorded value that could be overwritten by mistake, and counting them would gate
 * every large first adoption; a first apply (empty state) is never gated. Forgets count
 * although they send nothing: a forgotten campaign's record is lost, and with it the only
 * way to deactivate it or notice its drift later.
 */
export function checkSafetyGate(plan: Plan, state: State, options: SafetyGateOptions): void {
  if (options.force) return;
  const managed = Object.keys(state.campaigns).length;
  // The command comes last, with no full stop after it, so it can be copied as it is.
  const rerun = `rerun with --force${options.rerun === undefined ? "." : `: ${options.rerun}`}`;
  if (dropsEveryManaged(plan, state)) {
    const { forget, deactivate } = countsOf(plan, state);
    throw new UnsafePlanError(
      `The plan would drop every campaign in the state (${managed} of ${managed}: ${forget} to forget, ${deactivate} to deactivate): ` +
        `the campaign files in ${options.read.dir} (${plural(options.read.files, "file")}) declare none of them. ` +
        "Nothing was sent. If --dir or --state points at the wrong place, fix it; " +
        `if you really mean to stop managing every campaign, ${rerun}`,
    );
  }
  const limits = options.limits ?? DEFAULT_SAFETY_LIMITS;
  checkAbsoluteLimits(plan, limits, rerun);
  checkAgentRemovals(plan, state, limits, rerun);
  if (managed <= limits.minManaged) return;
  const counts = countsOf(plan, state);
  const touched = counts.update + counts.forget + counts.deactivate;
  if (touched * 100 <= limits.maxChangedPercent * managed) return;
  const percent = Math.round((touched / managed) * 100);
  const origin = limits.origin?.max_changed_percent;
  throw new UnsafePlanError(
    `The plan would change ${touched} of the ${managed} campaigns in the state (${percent}%), ` +
      `more than the safety threshold of ${limits.maxChangedPercent}%${origin === undefined ? "" : ` (max_changed_percent, ${origin})`} ` +
      `(${counts.update} to update, ${counts.forget} to forget, ${counts.deactivate} to deactivate). ` +
      `Nothing was sent. Review the plan; if it is what you meant, ${rerun}`,
  );
}

/**
 * Agent removals (issue #13) against the managed memberships: the logins the state records
 * as the tool's, summed over every campaign. Removing more than the threshold's share of them
 * (30%) needs --force. The floor is the same number as for campaigns, as memberships: the
 * share is taken of at least {@link SAFETY_MIN_MANAGED} memberships, so a few removals pass
 * on a small state, while `exact` emptying a campaign of its panel members on a state that
 * records none is still refused.
 */
function checkAgentRemovals(plan: Plan, state: State, limits: SafetyLimits, rerun: string): void {
  const removals = operationCounts(plan.changes).remove_agents;
  if (removals === 0) return;
  const memberships = Object.values(state.campaigns).reduce(
    (sum, entry) => sum + (entry.agents?.length ?? 0),
    0,
  );
  const base = Math.max(memberships, limits.minManaged);
  if (removals * 100 <= limits.maxChangedPercent * base) return;
  const percent = Math.round((removals / Math.max(memberships, 1)) * 100);
  const share = memberships === 0 ? "none recorded" : `${percent}%`;
  throw new UnsafePlanError(
    `The plan would remove ${plural(removals, "agent membership")}, of ${memberships} the state records as managed (${share}), ` +
      `more than the safety threshold of ${limits.maxChangedPercent}%. Nothing was sent. ` +
      `Review the plan; if it is what you meant, ${rerun}`,
  );
}

/**
 * The absolute limits per kind of change (settings `safety.max_*`): a plan over one is
 * refused whatever share of the managed campaigns it touches.
 */
function checkAbsoluteLimits(plan: Plan, limits: SafetyLimits, rerun: string): void {
  const count = (action: string) => plan.changes.filter((c) => c.action === action).length;
  const checks = [
    {
      key: "max_deactivations",
      limit: limits.maxDeactivations,
      found: count("deactivate"),
      what: "deactivate",
      noun: "campaign",
    },
    {
      key: "max_forgets",
      limit: limits.maxForgets,
      found: count("forget"),
      what: "forget",
      noun: "campaign",
    },
    {
      key: "max_agent_removals",
      limit: limits.maxAgentRemovals,
      found: operationCounts(plan.changes).remove_agents,
      what: "remove",
      noun: "agent membership",
    },
  ];
  for (const { key, limit, found, what, noun } of checks) {
    if (limit === undefined || found <= limit) continue;
    const origin = limits.origin?.[key];
    throw new UnsafePlanError(
      `The plan would ${what} ${plural(found, noun)}, more than the safety limit ${key}: ${limit}` +
        `${origin === undefined ? "" : ` (set in ${origin})`}. Nothing was sent. ` +
        `Review the plan; if it is what you meant, ${rerun}`,
    );
  }
}

/** The plan's changes to campaigns already in the state, by action (core/plan.ts summarise). */
function countsOf(plan: Plan, state: State): PlanSummary {
  const managed = plan.changes.filter((change) => Object.hasOwn(state.campaigns, change.id));
  return summarise(managed, 0);
}
