/**
 * What the sandbox accepted, as the reliability suites reason about it: every PUT body it
 * answered with success, per campaign, in arrival order. The sandbox records a request
 * synchronously after writing its answer, so a body is listed here before the client can
 * possibly have seen the answer.
 */
import isEqual from "fast-deep-equal";
import type { RequestRecord } from "../../../src/sandbox/index.js";
import type { TestSandbox } from "../../helpers/sandbox.js";
import type { CampaignDoc } from "../../helpers/workspace.js";
import { declaredFields } from "../../helpers/workspace.js";

/** PUT bodies the sandbox accepted (2xx), by campaign id, oldest first. */
export function acceptedBodies(requests: readonly RequestRecord[]): Map<string, unknown[]> {
  const accepted = new Map<string, unknown[]>();
  for (const record of requests) {
    if (record.method !== "PUT" || record.campaignId === undefined) continue;
    if (record.status < 200 || record.status >= 300) continue;
    const list = accepted.get(record.campaignId) ?? [];
    list.push(record.body);
    accepted.set(record.campaignId, list);
  }
  return accepted;
}

/** True when `body` is one of the bodies the sandbox accepted for `id`. */
export function wasAccepted(accepted: Map<string, unknown[]>, id: string, body: unknown): boolean {
  return (accepted.get(id) ?? []).some((each) => isEqual(each, body));
}

/**
 * The campaigns whose stored values differ from their declaration, with the first field
 * that differs; empty when the sandbox holds exactly what the files declare. Fields the
 * sandbox keeps beside the declared ones (its id, documented defaults) do not count.
 */
export function differencesFromDeclarations(
  sandbox: TestSandbox,
  campaigns: readonly CampaignDoc[],
): string[] {
  const differences: string[] = [];
  for (const campaign of campaigns) {
    const stored = sandbox.store.get(campaign.id) as Record<string, unknown> | undefined;
    if (stored === undefined) {
      differences.push(`${campaign.id}: missing from the sandbox`);
      continue;
    }
    for (const [field, value] of Object.entries(declaredFields(campaign))) {
      if (!isEqual(stored[field], value)) {
        differences.push(
          `${campaign.id}.${field}: sandbox ${JSON.stringify(stored[field])}, declared ${JSON.stringify(value)}`,
        );
        break;
      }
    }
  }
  return differences;
}

/**
 * Resolves once every request that reached the sandbox has been answered or dropped. A
 * killed client's request can still be waiting out the injected latency, and would land
 * during the next run and be miscounted as that run's.
 */
export async function settled(sandbox: TestSandbox): Promise<void> {
  while (sandbox.stats.requests > sandbox.requests.length)
    await new Promise((resolve) => setTimeout(resolve, 5));
}
