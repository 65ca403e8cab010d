/**
 * The diff engine: declared campaigns against the last-applied state, as a Plan.
 * Pure: no I/O, no clock. Every output format and `apply` use the value it returns.
 */
import type { CampaignFields, DeclaredCampaign } from "./campaign.js";
import { diffFields } from "./field-diff.js";
import { withOrigins } from "./field-origins.js";
import type { LiveCampaign } from "./live-campaign.js";
import { normaliseFields } from "./normalise.js";
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
): Plan {
  const overlay = live === undefined ? undefined : new LiveOverlay(live);
  const selected = selector(options.only);
  let unchanged = 0;
  const changes: PlannedChange[] = [];
  const seen = new Set<string>();

  for (const campaign of declared) {
    if (seen.has(campaign.id)) throw new Error(`campaign ${campaign.id} is declared twice`);
    seen.add(campaign.id);
    if (!selected(campaign.id)) continue;
    const change = planDeclared(campaign, state.campaigns[campaign.id], overlay);
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
): PlannedChange | null {
  const before = applied?.fields ?? null;
  const body = normaliseFields(campaign.fields);
  const diff = diffFields(before, campaign.fields);
  const fields = overlay?.overlay(campaign.id, diff, before, body) ?? diff;
  // A campaign not yet in the state is applied once even if it declares no field, so
  // that it is recorded and its later removal can be planned.
  if (fields.length === 0 && applied !== undefined) return null;
  const name = campaign.fields.name ?? applied?.fields.name;
  return {
    id: campaign.id,
    action: "update",
    source: campaign.location.file,
    ...(name === undefined ? {} : { name }),
    ...(applied === undefined ? { firstApply: true as const } : {}),
    fields,
    operations: [{ kind: "put", body }],
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
