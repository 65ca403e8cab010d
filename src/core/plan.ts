import type { CampaignFields } from "./campaign.js";

export type ChangeAction = "update" | "forget" | "deactivate";

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
}

export interface PlannedRequest {
  method: "PUT";
  /** Relative to THULIUM_URL: `/outbounds/00001`. */
  path: string;
  body: CampaignFields;
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
  /** null for `forget`, which sends nothing. */
  request: PlannedRequest | null;
}

export interface PlanSummary {
  update: number;
  unchanged: number;
  forget: number;
  deactivate: number;
}

/** The plan: one value that every output format renders and `apply` executes. */
export interface Plan {
  format_version: 1;
  summary: PlanSummary;
  changes: PlannedChange[];
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
