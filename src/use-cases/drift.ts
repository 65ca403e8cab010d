/**
 * The `drift` use case: the last-applied state against what Thulium shows now. It reads the
 * state, then Thulium's list (one listing plus its pages), then the agents of campaigns whose
 * state records agents (bounded by `concurrency`), then `outbounds/stats` (which
 * campaigns are dialling now), and returns one result for every view to render. Its
 * dependencies come in as parameters; it writes nothing and never prints.
 */
import { computeDriftReport, type Drift } from "../core/drift.js";
import { closestIds } from "../core/only-ids.js";
import type { State } from "../core/state.js";
import { orList } from "../core/words.js";
import { ApiError, UsageError } from "../errors.js";
import { assertTarget } from "../io/state/index.js";
import type { CampaignApi, RequestControl } from "../io/thulium/index.js";
import {
  type ListApi,
  type LiveList,
  type OutboundStat,
  readLiveList,
  readOutboundStats,
  redactLiveCampaigns,
} from "../io/thulium/index.js";

import { idsWithMembershipToCheck, readMemberships } from "./drift-agents.js";

/** What drift needs from the world. */
export interface DriftPorts {
  /** Reads the last-applied state (a missing file is an empty state). */
  readState: () => Promise<State>;
  /** Thulium's read calls (the client's `getText`, `redact` and `getCampaignAgents`). */
  api: ListApi & Pick<CampaignApi, "getCampaignAgents">;
  /** Told as each read completes, for progress lines. */
  events?: DriftEvents;
  /** Aborts the reads in flight (Ctrl-C). */
  signal?: AbortSignal;
}

export interface DriftEvents {
  onListRead?: (list: LiveList) => void;
  /** `outbounds/stats` could not be read: drift goes on without marking who is dialling. */
  onStatsUnavailable?: (error: ApiError) => void;
}

export interface DriftRequest {
  /** The normalised target connected to; the state must belong to it. */
  target: string;
  /** The state file, as messages name it. */
  stateFile: string;
  /** Restrict to these ids (managed and unmanaged alike); empty means all. */
  only: readonly string[];
  /** Membership reads in flight at once (`--concurrency`). Default 4. */
  concurrency?: number;
}

/** Which campaigns are dialling now, or why that is not known. */
export type DiallingNow =
  | { read: true; active: ReadonlyMap<string, OutboundStat> }
  | { read: false; error: ApiError };

export interface DriftResult {
  target: string;
  drift: Drift;
  /** Applied (campaign, field) pairs not compared because the list does not show them. */
  notVisibleFields: number;
  /** Campaigns the list held, requests it took, items skipped. */
  list: Pick<LiveList, "requests" | "skipped" | "fieldsShown"> & { campaigns: number };
  dialling: DiallingNow;
}

/**
 * Compare the state with Thulium.
 * @throws StateError (unreadable state, or a state applied to another target), UsageError
 *   (an `--only` id neither managed nor listed by Thulium), ApiError (the list could not be
 *   read, or holds no recognisable list). A failure to read `outbounds/stats` is not thrown:
 *   it is reported through `dialling` and `onStatsUnavailable`.
 */
export async function checkDrift(ports: DriftPorts, request: DriftRequest): Promise<DriftResult> {
  const state = await ports.readState();
  assertTarget(state, request.target, request.stateFile);
  const control: RequestControl = ports.signal === undefined ? {} : { signal: ports.signal };

  const list = await readLiveList(ports.api, control);
  ports.events?.onListRead?.(list);
  assertOnlyIdsSeen(request, state, list);
  const live = redactLiveCampaigns(list.campaigns, ports.api.redact);
  const toCheck = idsWithMembershipToCheck(state, live, request.only);
  const agents =
    toCheck.length === 0
      ? undefined
      : await readMemberships(ports.api, toCheck, request.concurrency ?? 4, control);
  const report = computeDriftReport(state.campaigns, live, {
    only: request.only,
    ...(agents === undefined ? {} : { agents }),
  });

  return {
    target: request.target,
    drift: report.drift,
    notVisibleFields: report.notVisibleFields,
    list: {
      campaigns: list.campaigns.length,
      requests: list.requests,
      skipped: list.skipped,
      fieldsShown: list.fieldsShown,
    },
    dialling: await readDialling(ports, control),
  };
}

/** `outbounds/stats`; any failure but Ctrl-C is reported, not thrown (it only adds marks). */
async function readDialling(ports: DriftPorts, control: RequestControl): Promise<DiallingNow> {
  try {
    const stats = await readOutboundStats(ports.api, control);
    return { read: true, active: new Map(stats.map((stat) => [stat.id, stat])) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.details.kind === "aborted") throw error;
    ports.events?.onStatsUnavailable?.(error);
    return { read: false, error };
  }
}

/**
 * An `--only` id that the state does not manage and Thulium does not list selects nothing,
 * and "no drift" would read as a clean bill of health for it (`--only 2` meant 00002).
 */
function assertOnlyIdsSeen(request: DriftRequest, state: State, list: LiveList): void {
  const known = [
    ...new Set([...Object.keys(state.campaigns), ...list.campaigns.map((campaign) => campaign.id)]),
  ];
  const unknown = [...new Set(request.only.filter((id) => !known.includes(id)))];
  if (unknown.length === 0) return;
  const guesses = unknown.flatMap((id) => {
    const near = closestIds(id, known);
    return near.length === 0 ? [] : [`For ${id}, did you mean ${orList(near)}?`];
  });
  throw new UsageError(
    [
      `--only ${unknown.join(", ")}: the state file ${request.stateFile} manages no such campaign and Thulium's list does not hold it, so there is nothing to compare.`,
      ...guesses,
      "Campaign ids have five digits (e.g. --only 00002).",
    ].join(" "),
  );
}
