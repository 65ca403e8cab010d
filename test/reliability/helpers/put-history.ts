/**
 * Reading the sandbox's request log per campaign, for the "no PUT after success" rule.
 *
 * What "succeeded" means: the client saw a 2xx. The sandbox cannot see that; it only knows
 * it answered 2xx. The two differ in exactly one way in these suites: a request the fault
 * dice made slow is processed after the client's deadline, so the client saw a timeout,
 * retried (a PUT with the same full body is idempotent), and the sandbox logs two
 * successes. Every other injected fault (500/503, 429, drop) happens before the request is
 * processed, and the latency is far below the client's timeout. So: after a 2xx that was
 * not slow, the campaign must get no further PUT unless its declaration changed.
 *
 * Order is arrival order, not answer order: the log lists requests as they are answered,
 * and a slow request that arrived first is answered (and lands) after the retry that
 * followed it. Request ids count up in arrival order.
 */
import type { RequestRecord } from "../../../src/sandbox/index.js";

/** The first campaign (if any) sent a PUT after a 2xx the client must have seen. */
export function putAfterSeenSuccess(requests: readonly RequestRecord[]): string | undefined {
  const seen = new Map<string, RequestRecord>();
  const arrivals = [...requests].sort((a, b) => a.requestId.localeCompare(b.requestId));
  for (const record of arrivals) {
    if (record.method !== "PUT" || record.campaignId === undefined) continue;
    const earlier = seen.get(record.campaignId);
    if (earlier !== undefined)
      return `${record.campaignId}: PUT (${record.status}, ${record.requestId}) after a success the client saw (${earlier.requestId})`;
    if (record.status >= 200 && record.status < 300 && record.fault !== "slow")
      seen.set(record.campaignId, record);
  }
  return undefined;
}

/** Ids of the campaigns that got any PUT in `requests`, sorted, each once. */
export function putIds(requests: readonly RequestRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of requests)
    if (record.method === "PUT" && record.campaignId !== undefined) ids.add(record.campaignId);
  return [...ids].sort();
}
