import type { FieldOrigin } from "./campaign.js";
import type { MembershipRecord, Operation } from "./operation.js";

export type { PlannedRequest } from "./operation.js";

/** Every action a change can have, in the order the summary and the saved-plan check use. */
export const CHANGE_ACTIONS = ["update", "forget", "deactivate"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One field's change. `parameters` changes are listed key by key (`parameters.caller_id`). */
export interface FieldChange {
  path: string;
  /** null when the field was not in the last-applied state. */
  before: unknown;
  /** null when the field is no longer declared. */
  after: unknown;
  /**
   * True when the field was declared before and no longer is: Thulium keeps its current
   * value, since a PUT cannot unset a field.
   */
  unmanaged?: true;
  /**
   * Only with `--refresh`: the value Thulium's list showed for this field when it differs
   * from `after`, i.e. the live value the PUT overwrites (`null`: shown as not set). A field
   * whose `before` equals its `after` is listed only because of it: Thulium changed since
   * the last apply, and the PUT restores the declaration.
   */
  live?: unknown;
  /**
   * Set when the value sent is inherited from a `_defaults.yaml` file (layered defaults):
   * where it is written. Display only: what apply sends does not depend on it.
   */
  origin?: FieldOrigin;
}

export interface PlannedChange {
  id: string;
  action: ChangeAction;
  /** The campaign file (for forget/deactivate: the file it was last applied from). */
  source: string;
  /** The campaign's name, declared or last applied, for display. */
  name?: string;
  /**
   * True for an `update` of a campaign not yet in the state (its first apply): every
   * `before` is null because nothing was recorded, not because Thulium lacks the value.
   * Not part of the `--format json` shape; renderers use it to mark the campaign as new.
   */
  firstApply?: true;
  fields: FieldChange[];
  /**
   * What apply does, in order (core/operation.ts): a `put` for an update or a
   * deactivation, nothing for a forget. Requests, state records, the gate's counts and
   * every view are derived from these.
   */
  operations: Operation[];
  /**
   * How the change leaves the campaign's membership record (issue #13): absent when it
   * leaves it as it was; `managed: false` when the file dropped `agents`.
   */
  membership?: MembershipRecord;
}

/** Changes by action, and the campaigns left unchanged (only counted). */
export type PlanSummary = Record<ChangeAction | "unchanged", number>;

/** The summary's keys in the order of cli-contract.md's JSON. */
export const SUMMARY_KEYS = [
  "update",
  "unchanged",
  "forget",
  "deactivate",
] as const satisfies readonly (keyof PlanSummary)[];

/** The summary of these changes, plus `unchanged` campaigns that need none. */
export function summarise(
  changes: readonly Pick<PlannedChange, "action">[],
  unchanged: number,
): PlanSummary {
  const summary = { unchanged } as PlanSummary;
  for (const action of CHANGE_ACTIONS) summary[action] = 0;
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

/** The plan: one value that every output format renders and `apply` executes. */
export interface Plan {
  format_version: 1;
  summary: PlanSummary;
  changes: PlannedChange[];
  /** Only with `--refresh`: what the comparison with Thulium's list could and could not see. */
  refresh?: RefreshCoverage;
  /**
   * Campaigns declaring `agents_policy: exact` whose live membership this plan did not read
   * (plan without --refresh): apply reads it and also removes members not declared.
   */
  exact_unread?: string[];
}

/**
 * What `--refresh` compared: the fields each PUT would send (of the campaigns the plan
 * covers) against Thulium's list. A field the list hides or spells unreadably was not
 * compared, and every view says so rather than claim Thulium matches.
 */
export interface RefreshCoverage {
  /** Campaigns the plan covers (declared, or deactivated) that the list shows. */
  campaigns: number;
  /** (campaign, field) pairs compared. */
  compared_fields: number;
  /** Field paths the list did not show for at least one of them, in field order. */
  not_visible: string[];
  /** (campaign, field) pairs not compared because the list does not show them. */
  not_visible_fields: number;
  /** Fields whose live value could not be read, by id then field order. */
  unreadable: { id: string; path: string }[];
  /** Campaigns the plan would send a PUT to that the list does not hold (Thulium answers 404). */
  missing_in_thulium: string[];
}

export interface PlanOptions {
  /** Restrict to these campaign ids; empty means all. */
  only: readonly string[];
  /** Deactivate campaigns removed from the files instead of only forgetting them. */
  prune: boolean;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}

/** True when a field change carries the live value its PUT overwrites (`--refresh`). */
export function overwritesLive(field: FieldChange): boolean {
  return Object.hasOwn(field, "live");
}
