/** Live campaigns as Thulium lists them, for the import tests. */
import type { CampaignFields } from "../../../src/core/campaign.js";

/** A predictive campaign with every documented field, Polish name included. */
export const PREDICTIVE: CampaignFields = {
  name: "Kampania sprzedażowa 2027",
  dialer: "predictive",
  active: true,
  start_date: "2027-01-04",
  end_date: "2027-12-17",
  order: 10,
  parity: 60,
  group_id: 15,
  parameters: { caller_id: "+48221234567", predictive_min_calls: 1.2, predictive_max_calls: 2.5 },
};
