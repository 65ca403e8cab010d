/**
 * `GET /api/outbounds/stats`, as documented: one entry per *active* campaign,
 * `{"id": "00001", "records_count": 1324, "completion_percent": 14.87}`, sorted by id.
 * The sandbox dials nothing, so the figures are made up, but stable: derived from the id
 * (n = the id as a number), so tests and demos can predict them:
 *   records_count      = 100 + (n × 37 mod 4900)        (00001 → 137)
 *   completion_percent = (n × 1487 mod 10000) / 100     (00001 → 14.87)
 */
import type { CampaignStore } from "./store.js";

export interface StatsEntry {
  id: string;
  records_count: number;
  completion_percent: number;
}

/** The figures the sandbox reports for the campaign with this id. */
export function statsFor(id: string): StatsEntry {
  const n = Number(id);
  return {
    id,
    records_count: 100 + ((n * 37) % 4900),
    completion_percent: ((n * 1487) % 10_000) / 100,
  };
}

/** The answer: every active campaign, by id. */
export function outboundStats(store: CampaignStore): StatsEntry[] {
  return store
    .list()
    .filter((campaign) => campaign.active)
    .map((campaign) => statsFor(campaign.id));
}
