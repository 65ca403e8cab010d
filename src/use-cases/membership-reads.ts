/** Which campaigns' live membership plan and apply read before planning (issue #13). */
import type { DeclaredCampaign } from "../core/campaign.js";
import type { PlanOptions } from "../core/plan.js";

/**
 * The campaigns whose live membership apply reads before planning (under the lock): every
 * selected one declaring `agents_policy: exact` (members not declared are removed), and with
 * `--refresh` every one declaring agents (an owned login removed in the panel is added back).
 */
export function membershipsToRead(
  declared: readonly DeclaredCampaign[],
  choice: { options: PlanOptions; refresh: boolean },
): string[] {
  const only = new Set(choice.options.only);
  return declared
    .filter((campaign) => only.size === 0 || only.has(campaign.id))
    .filter((campaign) => campaign.agents !== undefined)
    .filter((campaign) => choice.refresh || campaign.agents?.policy === "exact")
    .map((campaign) => campaign.id)
    .sort();
}
