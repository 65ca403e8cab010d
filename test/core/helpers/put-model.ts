/**
 * A model of what a PUT does to a campaign, for checking plans in property tests (moved
 * out of src/: nothing in the tool uses it). Merge semantics: fields in the body replace
 * the stored ones, fields left out keep their values, and `parameters` is merged key by
 * key. Thulium does not document whether omitted fields keep their values, which is
 * exactly why every request carries the whole declaration; under either reading, the
 * declared fields end up as declared.
 */
import type { CampaignFields } from "../../../src/core/campaign.js";
import { isPlainObject, normaliseFields } from "../../../src/core/normalise.js";

/** The fields a campaign would have after `body` is PUT onto `before` (null: unknown/none). */
export function applyRequestBody(
  before: CampaignFields | null,
  body: CampaignFields,
): CampaignFields {
  const merged: Record<string, unknown> = { ...(before ?? {}) };
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const old = merged[key];
    merged[key] =
      key === "parameters" && isPlainObject(old) && isPlainObject(value)
        ? { ...old, ...value }
        : value;
  }
  return normaliseFields(merged as CampaignFields);
}
