/** A connected target: what `apply` sends to, and how to let it go. */
import type { CampaignApi } from "../../io/thulium/index.js";

export interface Connection {
  /** The normalised target recorded in the state file. */
  target: string;
  api: CampaignApi;
  close(): Promise<void>;
}
