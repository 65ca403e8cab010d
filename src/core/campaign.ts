/**
 * The campaign model: what a campaign file declares, and what is sent to Thulium.
 * Field names and rules follow Thulium's `PUT outbounds/:id` documentation.
 */

export const DIALERS = ["predictive", "progressive", "preview"] as const;
export type Dialer = (typeof DIALERS)[number];

/** The four `parameters` keys Thulium documents. */
export interface CampaignParameters {
  caller_id?: string;
  preview_timeout?: number;
  predictive_max_calls?: number;
  predictive_min_calls?: number;
}

/** Every field a campaign may declare besides its id: exactly the PUT body. */
export interface CampaignFields {
  name?: string;
  dialer?: Dialer;
  active?: boolean;
  start_date?: string;
  end_date?: string;
  order?: number;
  parity?: number;
  group_id?: number;
  parameters?: CampaignParameters;
}

/** Where a declaration came from, for messages that point at the file. */
export interface SourceLocation {
  /** Path as given to the user (relative to the working directory when possible). */
  file: string;
  /** 1-based line of the campaign's document (its `id` key when present). */
  line: number;
  column: number;
}

/**
 * `agents_policy`: `owned` (the default) adds the declared logins and removes only logins the
 * tool itself added earlier; `exact` makes membership equal the declared list.
 */
export const AGENTS_POLICIES = ["owned", "exact"] as const;
export type AgentsPolicy = (typeof AGENTS_POLICIES)[number];

/**
 * A campaign's declared membership (`agents`, `agents_policy`). Kept apart from
 * CampaignFields on purpose: agents are never part of the PUT body; Thulium sets
 * membership through `add_agents` and `remove_agents` instead.
 */
export interface DeclaredAgents {
  /** Agent logins, sorted (code-unit order) and unique. */
  logins: string[];
  policy: AgentsPolicy;
}

/**
 * Where an inherited value is written: the `_defaults.yaml` file and line it comes from
 * (layered defaults, issue 14). A campaign's own values have no origin.
 */
export interface FieldOrigin {
  file: string;
  /** 1-based line of the value. */
  line: number;
}

/** A valid campaign as declared in a file, with the defaults of its folders applied. */
export interface DeclaredCampaign {
  /** Five-digit, zero-padded Thulium id, always a string. */
  id: string;
  /** What the PUT body carries. */
  fields: CampaignFields;
  /** Declared membership; absent when the file has no `agents` key (membership unmanaged). */
  agents?: DeclaredAgents;
  location: SourceLocation;
  /**
   * Inherited values only, by the plan's field path (`group_id`, `parameters.caller_id`,
   * `agents`, `agents_policy`): the defaults file that holds each. Absent when nothing is
   * inherited.
   */
  origins?: Readonly<Record<string, FieldOrigin>>;
}

/** Field names in the order Thulium documents them; used for stable output. */
export const FIELD_ORDER: readonly (keyof CampaignFields)[] = [
  "name",
  "dialer",
  "active",
  "start_date",
  "end_date",
  "order",
  "parity",
  "parameters",
  "group_id",
];
