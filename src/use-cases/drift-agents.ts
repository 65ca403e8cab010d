/**
 * drift's membership reads: `GET outbounds/:id/agents` for each checked campaign whose state
 * records agents worth comparing (an owned login, or `exact`), at most `concurrency` at once.
 * The first failure stops new reads (those in flight finish) and is thrown: drift never
 * reports membership it could not read.
 */
import { type LiveMembership, membershipToCheck } from "../core/agents.js";
import type { LiveCampaign } from "../core/live-campaign.js";
import type { State } from "../core/state.js";
import type { CampaignApi, RequestControl } from "../io/thulium/index.js";

/** The ids whose membership drift compares: managed, selected, listed by Thulium, with agents to check. */
export function idsWithMembershipToCheck(
  state: State,
  live: readonly LiveCampaign[],
  only: readonly string[],
): string[] {
  const listed = new Set(live.map((campaign) => campaign.id));
  return Object.keys(state.campaigns)
    .sort()
    .filter((id) => {
      const applied = state.campaigns[id];
      if (applied === undefined || !listed.has(id)) return false;
      if (only.length > 0 && !only.includes(id)) return false;
      return membershipToCheck(applied.agents, applied.agents_policy === "exact");
    });
}

/** Read the membership of `ids`, bounded by `concurrency`. @throws the first ApiError. */
export async function readMemberships(
  api: Pick<CampaignApi, "getCampaignAgents">,
  ids: readonly string[],
  concurrency: number,
  control: RequestControl,
): Promise<Map<string, LiveMembership>> {
  const read = new Map<string, LiveMembership>();
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < ids.length && failure === undefined) {
      const id = ids[next++] as string;
      try {
        read.set(id, await api.getCampaignAgents(id, control));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return read;
}
