/**
 * `--refresh`: the live side of a plan. Each PUT's body is compared with what Thulium's list
 * shows for that campaign; a field whose live value differs from what the PUT sends gets
 * that value as `live` (the value the PUT overwrites), and a field the state thought
 * unchanged but Thulium shows otherwise joins the change, so the PUT restores it. Pure: the
 * list is read by the caller (io/thulium/live-list.ts).
 */
import { valueAtPath } from "./apply-request.js";
import type { CampaignFields, DeclaredCampaign } from "./campaign.js";
import type { LiveCampaign } from "./live-campaign.js";
import { comparePaths, compareWithLive } from "./live-compare.js";
import type { FieldChange, PlanOptions, RefreshCoverage } from "./plan.js";
import type { State } from "./state.js";

/** Thulium's list, by id, and what comparing with it has seen so far. */
export class LiveOverlay {
  readonly #byId: ReadonlyMap<string, LiveCampaign>;
  readonly #notVisible = new Set<string>();
  readonly #coverage: RefreshCoverage = {
    campaigns: 0,
    compared_fields: 0,
    not_visible: [],
    not_visible_fields: 0,
    unreadable: [],
    missing_in_thulium: [],
  };

  constructor(live: readonly LiveCampaign[]) {
    this.#byId = new Map(live.map((campaign) => [campaign.id, campaign]));
  }

  /**
   * `fields` (the change's field list) with the live values the PUT of `body` overwrites:
   * a listed field gets `live`; a body field not listed (the state said unchanged) but
   * shown differently by Thulium is added, `before` from the state, so that the change
   * shows it and is made. Fields left in the schema's order.
   */
  overlay(
    id: string,
    fields: readonly FieldChange[],
    before: CampaignFields | null,
    body: CampaignFields,
  ): FieldChange[] {
    const current = this.#byId.get(id);
    if (current === undefined) {
      this.#coverage.missing_in_thulium.push(id);
      return [...fields];
    }
    const seen = compareWithLive(body, current);
    const coverage = this.#coverage;
    coverage.campaigns += 1;
    coverage.compared_fields += seen.compared;
    coverage.not_visible_fields += seen.notVisible.length;
    for (const path of seen.notVisible) this.#notVisible.add(path);
    for (const path of seen.unreadable) coverage.unreadable.push({ id, path });

    const overwritten = new Map(seen.differences.map((d) => [d.path, d]));
    const result = fields.map((field) => {
      const difference = field.unmanaged ? undefined : overwritten.get(field.path);
      overwritten.delete(field.path);
      return difference === undefined ? field : { ...field, live: difference.live };
    });
    for (const { path, expected, live } of overwritten.values()) {
      const recorded = before === null ? undefined : valueAtPath(before, path);
      result.push({ path, before: recorded ?? null, after: expected, live });
    }
    return result.sort((a, b) => comparePaths(a.path, b.path));
  }

  /** What was compared, once every change has been overlaid. */
  coverage(): RefreshCoverage {
    const coverage = this.#coverage;
    return {
      ...coverage,
      not_visible: [...this.#notVisible].sort(comparePaths),
      unreadable: [...coverage.unreadable].sort((a, b) =>
        a.id === b.id ? comparePaths(a.path, b.path) : a.id < b.id ? -1 : 1,
      ),
      missing_in_thulium: [...coverage.missing_in_thulium].sort(),
    };
  }
}

/**
 * What a saved refreshed plan was computed from, on Thulium's side: the live campaigns of
 * `ids` (the campaigns the plan covers) as the list showed them, absent ones included, as
 * canonical JSON. Any change to one of them since `plan --refresh --out` changes it, so
 * `apply PLANFILE` can refuse a plan whose live values are no longer what was reviewed.
 * Hashed in io/plan-file/saved-plan.ts.
 */
export function liveFingerprint(ids: readonly string[], live: readonly LiveCampaign[]): string {
  const byId = new Map(live.map((campaign) => [campaign.id, campaign]));
  const entries = [...new Set(ids)].sort().map((id) => {
    const campaign = byId.get(id);
    return campaign === undefined
      ? { id, listed: false }
      : { id, listed: true, fields: campaign.fields, unreadable: campaign.unreadable };
  });
  return JSON.stringify(entries, (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

/**
 * The campaigns a plan's PUTs may go to, whose live values `--refresh` compares: the
 * declared ones, and with `prune` those only in the state (deactivations), within `only`.
 */
export function coveredIds(
  declared: readonly DeclaredCampaign[],
  state: State,
  options: PlanOptions,
): string[] {
  const selected = (id: string) => options.only.length === 0 || options.only.includes(id);
  const ids = new Set(declared.map((campaign) => campaign.id).filter(selected));
  if (options.prune) for (const id of Object.keys(state.campaigns)) if (selected(id)) ids.add(id);
  return [...ids].sort();
}
