/**
 * A campaign as Thulium's list (`GET outbounds`) shows it: only the fields the list made
 * visible, normalised to the schema's types, and the fields whose value could not be read.
 * Produced by the list reader (`io/thulium/live-list.ts`); compared by `core/drift.ts`.
 *
 * The two ways of not knowing a value stay apart, because neither may ever be reported as
 * a difference: a field missing from the item is *not visible* (absent from `fields`), a
 * value fitting no accepted spelling is *unreadable* (its path in `unreadable`).
 */
import type { CampaignParameters } from "./campaign.js";

/** Visible parameters; `null` is a value shown as not set (`null` or `""`). */
export type LiveParameters = { [K in keyof CampaignParameters]?: CampaignParameters[K] | null };

/**
 * The visible fields, in the schema's types. `null` means visible and not set, which only
 * `end_date`, `group_id` and parameter values can be. `dialer` is the text Thulium shows,
 * which may be a dialer this tool does not know (validation, not reading, judges it).
 */
export interface LiveFields {
  name?: string;
  dialer?: string;
  active?: boolean;
  start_date?: string;
  end_date?: string | null;
  order?: number;
  parity?: number;
  group_id?: number | null;
  parameters?: LiveParameters;
}

/** One campaign of the live list. */
export interface LiveCampaign {
  /** Five-digit, zero-padded id (`42` and `"42"` both become `"00042"`). */
  id: string;
  fields: LiveFields;
  /**
   * Paths whose value fits no accepted spelling: a field (`order`), the whole `parameters`
   * value, or one parameter (`parameters.caller_id`). Sorted, in the schema's field order.
   */
  unreadable: string[];
}
