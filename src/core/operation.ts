/**
 * What one campaign's change does, as typed operations in the order apply performs them.
 * A change is its operations: the requests it sends, the state records apply writes after
 * each one, the gate's counts and every plan view are derived from them here, so the
 * executor, the recorder and the views cannot disagree about what a change is.
 *
 * `put` sets the campaign's fields; `add_agents` and `remove_agents` (issue #13) set its
 * membership, after the PUT, adds before removals.
 */
import { sortedLogins } from "./agents.js";
import type { AgentsPolicy, CampaignFields } from "./campaign.js";
import type { AppliedCampaign } from "./state.js";

/** `PUT /outbounds/:id` with the whole body (every declared field, canonical). */
export interface PutOperation {
  kind: "put";
  body: CampaignFields;
}

/** `POST /outbounds/:id/add_agents` or `…/remove_agents` with these logins (sorted). */
export interface AgentsOperation {
  kind: "add_agents" | "remove_agents";
  logins: readonly string[];
}

export type Operation = PutOperation | AgentsOperation;
export type OperationKind = Operation["kind"];

/** A campaign's PUT; `path` is relative to THULIUM_URL (`/outbounds/00001`). */
export interface PutRequest {
  method: "PUT";
  path: string;
  body: CampaignFields;
}

/** An agents call: `POST /outbounds/00001/add_agents` with `{"logins": [...]}`. */
export interface AgentsRequest {
  method: "POST";
  path: string;
  body: { logins: string[] };
}

/** One HTTP request as the plan shows it. */
export type PlannedRequest = PutRequest | AgentsRequest;

/** The request an operation sends for campaign `id`. */
export function requestFor(id: string, operation: PutOperation): PutRequest;
export function requestFor(id: string, operation: Operation): PlannedRequest;
export function requestFor(id: string, operation: Operation): PlannedRequest {
  // Ids are path segments; encoding is a no-op for valid five-digit ids and safe otherwise.
  const campaign = `/outbounds/${encodeURIComponent(id)}`;
  switch (operation.kind) {
    case "put":
      return { method: "PUT", path: campaign, body: operation.body };
    case "add_agents":
    case "remove_agents":
      return {
        method: "POST",
        path: `${campaign}/${operation.kind}`,
        body: { logins: [...operation.logins] },
      };
  }
}

/** The slice of a planned change that its operations are read from. */
export interface OperationsOf {
  id: string;
  operations: readonly Operation[];
}

/** Every request of a change, in the order apply sends them. */
export function requestsOf(change: OperationsOf): PlannedRequest[] {
  return change.operations.map((operation) => requestFor(change.id, operation));
}

/** The change's PUT, if it sends one (a membership-only update sends none). */
export function putOf(change: OperationsOf): PutOperation | undefined {
  return change.operations.find((operation) => operation.kind === "put");
}

/** The PUT request (the plan's `request` in JSON), or null when the change sends none. */
export function putRequestOf(change: OperationsOf): PutRequest | null {
  const put = putOf(change);
  return put === undefined ? null : requestFor(change.id, put);
}

/** The membership change, or undefined when the change adds and removes no agent. */
export function agentsOf(change: OperationsOf): { add: string[]; remove: string[] } | undefined {
  const logins = (kind: AgentsOperation["kind"]) =>
    change.operations.flatMap((operation) =>
      operation.kind === kind ? [...operation.logins] : [],
    );
  const add = logins("add_agents");
  const remove = logins("remove_agents");
  if (add.length === 0 && remove.length === 0) return undefined;
  return { add, remove };
}

/** How many operations of each kind a set of changes holds (agents: logins, not requests). */
export function operationCounts(changes: readonly OperationsOf[]): Record<OperationKind, number> {
  const counts: Record<OperationKind, number> = { put: 0, add_agents: 0, remove_agents: 0 };
  for (const change of changes) {
    for (const operation of change.operations) {
      counts[operation.kind] += operation.kind === "put" ? 1 : operation.logins.length;
    }
  }
  return counts;
}

/** What apply writes to the state for one campaign: its new entry, or that it leaves. */
export type StateRecord = { kind: "record"; entry: AppliedCampaign } | { kind: "forget" };

/**
 * How a change leaves the campaign's membership record in the state, besides what its agents
 * operations add and remove (issue #13). `managed: false`: the file dropped `agents`, so the
 * state forgets the logins (members stay in Thulium). `managed: true`: the declared policy,
 * and logins recorded or dropped without a request, as a live read showed them: `adopt`
 * (exact: declared logins already members) and `release` (recorded logins neither declared
 * nor members any more). Neither puts the state ahead of Thulium.
 */
export type MembershipRecord =
  | { managed: false }
  | { managed: true; policy: AgentsPolicy; adopt: string[]; release: string[] };

/** The slice of a planned change its state records depend on. */
export interface RecordedChange extends OperationsOf {
  /** Only an `update` stays in the state; a forget or a deactivation leaves it. */
  action: "update" | "forget" | "deactivate";
  source: string;
  /** Absent: the change leaves the membership record as it was. */
  membership?: MembershipRecord;
}

/**
 * The state record to write once Thulium has accepted `operation` of `change`, given the
 * campaign's entry before it (the state's, or the one recorded after the previous
 * operation). A PUT of an update records its body as the last-applied fields, keeping
 * whatever else the entry holds (its agents among them); an agents operation records the
 * owned logins after it ({@link ownedAgentsAfter}); both apply the change's membership
 * record. A deactivation's PUT takes the campaign out of the state.
 */
export function recordAfter(
  change: RecordedChange,
  operation: Operation,
  before: AppliedCampaign | undefined,
): StateRecord {
  if (change.action !== "update") return { kind: "forget" };
  switch (operation.kind) {
    case "put":
      return {
        kind: "record",
        entry: withMembership(
          { ...before, fields: operation.body, source: change.source },
          change.membership,
        ),
      };
    case "add_agents":
    case "remove_agents": {
      // An agents call never comes first for a campaign not in the state: the PUT does.
      const fields = before?.fields ?? {};
      const agents = ownedAgentsAfter(operation, before?.agents ?? []);
      return {
        kind: "record",
        entry: withMembership(
          { ...before, fields, source: change.source, agents },
          change.membership,
        ),
      };
    }
  }
}

/**
 * The state record of a change that sends nothing: a forget leaves the state; an update
 * that only changes the membership record (agents dropped, policy changed, logins adopted
 * or released) writes it. Undefined for a change that sends requests.
 */
export function recordWithoutRequests(
  change: RecordedChange,
  before: AppliedCampaign | undefined,
): StateRecord | undefined {
  if (change.operations.length > 0) return undefined;
  if (change.action !== "update" || before === undefined) return { kind: "forget" };
  return {
    kind: "record",
    entry: withMembership({ ...before, source: change.source }, change.membership),
  };
}

/** The entry with the membership record applied (idempotent: safe after every operation). */
function withMembership(
  entry: AppliedCampaign,
  membership: MembershipRecord | undefined,
): AppliedCampaign {
  if (membership === undefined) return entry;
  const { agents, agents_policy: _policy, ...rest } = entry;
  if (!membership.managed) return rest;
  const release = new Set(membership.release);
  const owned = sortedLogins([...(agents ?? []), ...membership.adopt]).filter(
    (login) => !release.has(login),
  );
  return {
    ...rest,
    agents: owned,
    ...(membership.policy === "exact" ? { agents_policy: "exact" as const } : {}),
  };
}

/** The logins the tool owns after an agents operation: added ones joined, removed ones dropped. */
export function ownedAgentsAfter(operation: AgentsOperation, owned: readonly string[]): string[] {
  const result = new Set(owned);
  for (const login of operation.logins) {
    if (operation.kind === "add_agents") result.add(login);
    else result.delete(login);
  }
  return [...result].sort();
}
