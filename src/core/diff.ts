/**
 * The diff engine: declared campaigns against the last-applied state, as a Plan.
 * Pure: no I/O, no clock. Every output format and `apply` use the value it returns.
 */
import { type LiveMembership, sortedLogins } from "./agents.js";
import type { CampaignFields, DeclaredAgents, DeclaredCampaign } from "./campaign.js";
import { diffFields } from "./field-diff.js";
import { withOrigins } from "./field-origins.js";
import type { LiveCampaign } from "./live-campaign.js";
import { normaliseFields } from "./normalise.js";
import type { AgentsOperation, MembershipRecord, Operation } from "./operation.js";
import {
  type FieldChange,
  type Plan,
  type PlannedChange,
  type PlanOptions,
  summarise,
} from "./plan.js";
import { LiveOverlay } from "./refresh.js";
import type { AppliedCampaign, State } from "./state.js";

/**
 * Compute the plan.
 *
 * - A declared campaign whose canonical fields differ from `state.campaigns[id].fields`
 *   (or that is not in the state) is an `update`: `PUT /outbounds/:id` with every declared
 *   field, because Thulium does not document whether omitted fields keep their values.
 * - A campaign in the state and no longer declared is a `forget` (no request), or with
 *   `options.prune` a `deactivate`: a PUT of its last-applied fields with `active: false`.
 * - `options.only` (when non-empty) restricts both kinds to those ids; campaigns outside
 *   it are neither changed nor counted.
 *
 * Changes are sorted by id; unchanged campaigns are only counted.
 *
 * Membership (issue #13, {@link planMembership}): a declared campaign with `agents` gets an
 * `add_agents` and/or a `remove_agents` after its PUT (a campaign whose only change is
 * membership sends no PUT). `memberships` holds the live membership read for some campaigns
 * (apply always reads it for `exact` ones; `--refresh` for every one declaring agents); a
 * campaign without one is planned from the state alone.
 *
 * With `live` (`--refresh`: Thulium's list, read by the caller), each PUT's body is also
 * compared with the live campaign (core/refresh.ts): a declared campaign whose visible live
 * fields differ from its declaration is an update even when the state says it is unchanged,
 * every field whose live value the PUT overwrites carries it as `live`, and the plan says
 * in `refresh` what the list showed. Without `live`, nothing of this happens.
 *
 * @throws Error when two declarations share an id; validation rules that out, so it is a bug.
 */
export function computePlan(
  declared: readonly DeclaredCampaign[],
  state: State,
  options: PlanOptions,
  live?: readonly LiveCampaign[],
  memberships?: ReadonlyMap<string, LiveMembership>,
): Plan {
  const overlay = live === undefined ? undefined : new LiveOverlay(live);
  const selected = selector(options.only);
  let unchanged = 0;
  const changes: PlannedChange[] = [];
  const seen = new Set<string>();
  const exactUnread: string[] = [];

  for (let i = 0; i < declared.length; i++) {
    const campaign = declared[i] as DeclaredCampaign;
    if (seen.has(campaign.id)) throw new Error(`campaign ${campaign.id} is declared twice`);
    seen.add(campaign.id);
    if (!selected(campaign.id)) continue;
    const membership = memberships?.get(campaign.id);
    if (campaign.agents?.policy === "exact" && membership === undefined) {
      exactUnread.push(campaign.id);
    }
    const change = planDeclared(campaign, state.campaigns[campaign.id], overlay, membership);
    if (change === null) unchanged += 1;
    else changes.push(withOrigins(change, campaign.origins));
  }

  for (const [id, applied] of Object.entries(state.campaigns)) {
    if (seen.has(id) || !selected(id)) continue;
    changes.push(planRemoved(id, applied, options.prune, overlay));
  }

  changes.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const plan: Plan = { format_version: 1, summary: summarise(changes, unchanged), changes };
  if (overlay !== undefined) plan.refresh = overlay.coverage();
  if (exactUnread.length > 0) plan.exact_unread = exactUnread.sort();
  return plan;
}

function selector(only: readonly string[]): (id: string) => boolean {
  if (only.length === 0) return () => true;
  const ids = new Set(only);
  return (id) => ids.has(id);
}

function planDeclared(
  campaign: DeclaredCampaign,
  applied: AppliedCampaign | undefined,
  overlay: LiveOverlay | undefined,
  live: LiveMembership | undefined,
): PlannedChange | null {
  const before = applied?.fields ?? null;
  const body = normaliseFields(campaign.fields);
  const diff = diffFields(before, body);
  const fields = overlay?.overlay(campaign.id, diff, before, body) ?? diff;
  const agents = planMembership(campaign.agents, applied, live);
  // A campaign not yet in the state is applied once even if it declares no field, so
  // that it is recorded and its later removal can be planned.
  const put = fields.length > 0 || applied === undefined;
  if (!put && agents.operations.length === 0 && agents.membership === undefined) return null;
  const operations: Operation[] = put ? [{ kind: "put", body }] : [];
  operations.push(...agents.operations);
  const name = campaign.fields.name ?? applied?.fields.name;
  return {
    id: campaign.id,
    action: "update",
    source: campaign.location.file,
    ...(name === undefined ? {} : { name }),
    ...(applied === undefined ? { firstApply: true as const } : {}),
    fields,
    operations,
    ...(agents.membership === undefined ? {} : { membership: agents.membership }),
  };
}

/** Most campaigns' membership change: none (shared, read only, one fewer object each). */
const NO_MEMBERSHIP: { readonly operations: readonly AgentsOperation[] } = Object.freeze({
  operations: Object.freeze([]),
});

/**
 * A declared campaign's membership change against the state's record and, when read, live
 * membership.
 *
 * - `agents` not declared: nothing, unless the state records agents: then the state forgets
 *   them (`managed: false`, no request; members stay in Thulium).
 * - Without a live read: add the declared logins the state does not record (a login already a
 *   member through the panel gets an add that changes nothing), remove the recorded logins
 *   no longer declared.
 * - With a live read: add the declared logins that are not members (this also restores an
 *   owned login removed in the panel); under `owned` remove the recorded, undeclared logins
 *   that are still members (the others are released from the state without a request) and
 *   leave every other member alone, even a declared one the tool did not add (it stays the
 *   panel's: the tool never records it as its own); under `exact` remove every member not
 *   declared, and record the declared members as the tool's (adopted).
 */
function planMembership(
  declared: DeclaredAgents | undefined,
  applied: AppliedCampaign | undefined,
  live: LiveMembership | undefined,
): { operations: readonly AgentsOperation[]; membership?: MembershipRecord } {
  const recorded = applied?.agents;
  if (declared === undefined) {
    return recorded === undefined
      ? NO_MEMBERSHIP
      : { operations: [], membership: { managed: false } };
  }
  const want = new Set(declared.logins);
  const owned = recorded ?? [];
  const ownedSet = new Set(owned);
  let add: string[];
  let remove: string[];
  let adopt: string[] = [];
  let release: string[] = [];
  if (live === undefined) {
    add = declared.logins.filter((login) => !ownedSet.has(login));
    remove = owned.filter((login) => !want.has(login));
  } else {
    const members = new Set(live.logins);
    add = declared.logins.filter((login) => !members.has(login));
    if (declared.policy === "exact") {
      remove = live.logins.filter((login) => !want.has(login));
      adopt = declared.logins.filter((login) => members.has(login) && !ownedSet.has(login));
    } else {
      remove = owned.filter((login) => !want.has(login) && members.has(login));
    }
    release = owned.filter((login) => !want.has(login) && !members.has(login));
  }
  const operations: AgentsOperation[] = [];
  if (add.length > 0) operations.push({ kind: "add_agents", logins: sortedLogins(add) });
  if (remove.length > 0) operations.push({ kind: "remove_agents", logins: sortedLogins(remove) });
  const recordedPolicy = applied?.agents_policy ?? "owned";
  const recordChanges =
    recorded === undefined ||
    recordedPolicy !== declared.policy ||
    adopt.length > 0 ||
    release.length > 0;
  if (!recordChanges && operations.length === 0) return { operations };
  return {
    operations,
    membership: {
      managed: true,
      policy: declared.policy,
      adopt: sortedLogins(adopt),
      release: sortedLogins(release),
    },
  };
}

function planRemoved(
  id: string,
  applied: AppliedCampaign,
  prune: boolean,
  overlay: LiveOverlay | undefined,
): PlannedChange {
  const name = applied.fields.name;
  const base = {
    id,
    source: applied.source,
    ...(name === undefined ? {} : { name }),
  };
  if (!prune) return { ...base, action: "forget", fields: [], operations: [] };
  // The whole last-applied body, not `{"active": false}` alone: if Thulium's PUT resets the
  // fields a body leaves out (undocumented), a partial body would wipe the campaign's name,
  // dialer, dates and caller id. Under either reading this one only deactivates it.
  const body: CampaignFields = normaliseFields({ ...applied.fields, active: false });
  const before = applied.fields.active;
  // The deactivation is sent even when the last-applied value was already false (the
  // campaign may have been re-activated in Thulium since), but a false → false line would
  // show a change that is none.
  const changed: FieldChange[] =
    before === false ? [] : [{ path: "active", before: before ?? null, after: false }];
  const fields = overlay?.overlay(id, changed, applied.fields, body) ?? changed;
  return {
    ...base,
    action: "deactivate",
    fields,
    operations: [{ kind: "put", body }],
  };
}
