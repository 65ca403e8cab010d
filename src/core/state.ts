import type { AgentsPolicy, CampaignFields } from "./campaign.js";

export const STATE_VERSION = 1;

/** What was last applied for one campaign: its declared fields, exactly as sent. */
export interface AppliedCampaign {
  fields: CampaignFields;
  source: string;
  /**
   * Present when the campaign declares agents: the logins the tool has made members (or,
   * after `import --with-agents`, the members it took over), sorted, each once. Under
   * `owned` these are the only logins the tool may ever remove. Absent: membership unmanaged.
   */
  agents?: string[];
  /**
   * Written only for `exact` (drift then also reports members not in `agents`); absent means
   * `owned`, the default, so states without agents or with owned ones keep their bytes.
   */
  agents_policy?: Extract<AgentsPolicy, "exact">;
}

/**
 * The last-applied state (`.thulium/state.json`). Never holds credentials.
 * `lineage` and `serial` identify a version of it, so a saved plan can detect staleness.
 */
export interface State {
  version: typeof STATE_VERSION;
  /** UUID made at the first write; null for a state never written. */
  lineage: string | null;
  /** +1 at every write; 0 for a state never written. */
  serial: number;
  /** The normalised THULIUM_URL (or "sandbox") the state was applied to; null before the first apply. */
  target: string | null;
  campaigns: Record<string, AppliedCampaign>;
}

export function emptyState(): State {
  return { version: STATE_VERSION, lineage: null, serial: 0, target: null, campaigns: {} };
}
