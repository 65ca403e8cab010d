/**
 * The Thulium domain's front module: the one adapter that talks to Thulium's REST API (the
 * client, reading the outbound list and stats, reachability, TLS problems in words). Code
 * outside `io/thulium/` imports only this module, or one of the fronts that load without
 * the client (ky): `reads.ts` (the list reader, for `plan` and the reading flows),
 * `redact.ts` (the one redactor) and `base-url.ts` (the one THULIUM_URL normaliser).
 */
export {
  type CampaignApi,
  createThuliumClient,
  type LiveAgents,
  type RequestControl,
} from "./client.js";
export { findListPage, listSkeleton } from "./list-body.js";
export { type ListApi, type LiveList, readLiveList } from "./live-list.js";
export { redactLiveCampaigns } from "./live-redact.js";
export {
  type ClientOptions,
  clientOptionsFromEnv,
  DEFAULTS,
  type RetryEvent,
} from "./options.js";
export { type OutboundStat, readOutboundStats } from "./outbound-stats.js";
export { probeReachability, type Reachability } from "./reachability.js";
export { describeTlsProblem, type TlsProblem } from "./tls-problem.js";
