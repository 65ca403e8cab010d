/**
 * The one definition of a campaign id: five digits, zero-padded, as Thulium shows it. The
 * same pattern is `properties.id.pattern` in schemas/campaign.schema.json (and the state
 * schema's campaign keys); test/core/campaign-id.test.ts keeps them equal. Not read from
 * the schema at run time: commands that never load the schema should not pay for it.
 */

/** The pattern as JSON Schema writes it. */
export const CAMPAIGN_ID_PATTERN = "^[0-9]{5}$";

const CAMPAIGN_ID = new RegExp(CAMPAIGN_ID_PATTERN);

/** Whether `value` is a campaign id (a string of exactly five digits). */
export function isCampaignId(value: unknown): value is string {
  return typeof value === "string" && CAMPAIGN_ID.test(value);
}
