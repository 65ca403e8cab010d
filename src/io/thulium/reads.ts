/**
 * The Thulium domain's light front for reading answers already fetched: the outbound list's
 * reader and its redaction, without the HTTP client (ky), which a `plan` that never
 * connects should not load. Connecting goes through `index.ts`.
 */
export type { CampaignApi, RequestControl } from "./api.js";
export { type ListApi, type LiveList, readLiveList } from "./live-list.js";
export { redactLiveCampaigns } from "./live-redact.js";
