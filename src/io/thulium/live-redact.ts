/**
 * Thulium's list is the server's text: a campaign name (or any value) may hold whatever an
 * admin, or a misbehaving proxy, put there, the API password included. Views of drift and
 * refreshed plans print live values and saved plans store them, so every text value is
 * scrubbed of the credentials as it comes in, the way the client scrubs its errors.
 */
import type { LiveCampaign } from "../../core/live-campaign.js";

/** The campaigns with `redact` applied to every text value (fields and parameters). */
export function redactLiveCampaigns(
  campaigns: readonly LiveCampaign[],
  redact: (text: string) => string,
): LiveCampaign[] {
  return campaigns.map((campaign) => ({
    ...campaign,
    fields: scrub(campaign.fields, redact) as LiveCampaign["fields"],
  }));
}

function scrub(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, scrub(v, redact)]));
  return value;
}
