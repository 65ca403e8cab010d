/**
 * The safety gate (after octoDNS): a plan that would change a large share of the managed
 * campaigns at once is more likely a mistake (a deleted folder, a bad merge, the wrong
 * state file) than an intent, so apply refuses it without `--force`.
 */
import { UnsafePlanError } from "../errors.js";
import type { Plan } from "./plan.js";
import type { State } from "./state.js";

/** Share of the managed campaigns a plan may touch without --force: 30%. */
export const SAFETY_THRESHOLD = 0.3;
/** The gate applies only when more than this many campaigns are in the state: 10. */
export const SAFETY_MIN_MANAGED = 10;

/**
 * Throw {@link UnsafePlanError} when the plan's updates and deactivations of campaigns
 * already in the state exceed {@link SAFETY_THRESHOLD} of the campaigns in the state,
 * more than {@link SAFETY_MIN_MANAGED} campaigns are in the state, and `force` is off.
 *
 * What counts: only requests to campaigns already in the state. A campaign new to the
 * state has no recorded value that could be overwritten by mistake, and counting them
 * would gate every large first adoption; a first apply (empty state) is never gated.
 * Forgets send nothing to Thulium and do not count either.
 */
export function checkSafetyGate(plan: Plan, state: State, options: { force: boolean }): void {
  if (options.force) return;
  const managed = Object.keys(state.campaigns).length;
  if (managed <= SAFETY_MIN_MANAGED) return;
  const touched = plan.changes.filter(
    (change) => change.request !== null && Object.hasOwn(state.campaigns, change.id),
  ).length;
  if (touched / managed <= SAFETY_THRESHOLD) return;
  const percent = Math.round((touched / managed) * 100);
  throw new UnsafePlanError(
    `The plan would change ${touched} of the ${managed} campaigns in the state (${percent}%), ` +
      `more than the safety threshold of ${SAFETY_THRESHOLD * 100}%. ` +
      "Review the plan, then rerun with --force to apply it anyway.",
  );
}
