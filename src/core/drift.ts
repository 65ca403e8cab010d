/**
 * Drift: the managed campaigns' last-applied fields against what Thulium's list shows now.
 * Pure: no I/O, no clock. One Drift value feeds every view (text, json, markdown).
 *
 * Only what was seen is reported: a field the list does not show (not visible) and a value
 * it shows in a form the reader cannot read (unreadable) are listed as such, never as a
 * difference, and `compared_fields` says how many fields were actually compared, so no
 * view can say "no drift" about what it could not see.
 */
import {
  type AgentsDrift,
  compareMembership,
  hasAgentsDrift,
  type LiveMembership,
} from "./agents.js";
import type { LiveCampaign } from "./live-campaign.js";
import { compareWithLive, orderPaths } from "./live-compare.js";
import type { AppliedCampaign } from "./state.js";

/** One field that differs: the last-applied value and the live one (`null`: shown as not set). */
export interface DriftedField {
  /** `order`, or `parameters.caller_id` (parameters are compared key by key). */
  path: string;
  applied: unknown;
  live: unknown;
}

/** A managed campaign whose live fields differ from the last-applied ones. */
export interface DriftedCampaign {
  id: string;
  /** The campaign file it was last applied from. */
  source: string;
  /** The last-applied name, for display (not in the JSON contract, but harmless there). */
  name?: string;
  /** Drifted fields; empty when only membership drifted. */
  fields: DriftedField[];
  /** Set when membership drifted (`missing`, and under exact `unexpected`). */
  agents?: AgentsDrift;
}

/** An applied field whose live value could not be read. */
export interface UnreadableField {
  id: string;
  path: string;
}

/** Shaped to render directly as `drift --format json` (plus `format_version` and `target`). */
export interface Drift {
  /** Managed campaigns found in the list and compared. */
  checked: number;
  /** (campaign, field) pairs compared: applied fields the list showed readably. */
  compared_fields: number;
  drifted: DriftedCampaign[];
  /** Managed campaigns the list does not hold, sorted. */
  missing_in_thulium: string[];
  /** Campaigns in the list that the state does not manage, sorted. */
  unmanaged: string[];
  /** Applied field paths the list did not show for at least one checked campaign, in field order. */
  not_visible: string[];
  /** Applied fields whose live value was unreadable, by id then field order (`agents`: membership). */
  unreadable: UnreadableField[];
  /**
   * Campaigns whose live membership was compared with the recorded agents; set only when
   * membership was read (some managed campaign records agents to check).
   */
  agents_checked?: number;
}

export interface DriftOptions {
  /** Restrict to these ids (managed and unmanaged alike); empty means all. */
  only: readonly string[];
  /**
   * Live membership of the campaigns whose recorded agents were read (see
   * `membershipToCheck`); a campaign not in the map has its membership not compared.
   */
  agents?: ReadonlyMap<string, LiveMembership>;
}

/**
 * Compare each managed campaign's last-applied fields with the live campaign of the same id.
 * Both sides are in canonical form (normalise.ts) before comparing, as the plan's diff does.
 * Fields the state does not hold for a campaign are not compared: the tool does not manage
 * them. Drifted fields are in the schema's order, `parameters` keys alphabetically.
 */
export function computeDrift(
  managed: Readonly<Record<string, AppliedCampaign>>,
  live: readonly LiveCampaign[],
  options: DriftOptions = { only: [] },
): Drift {
  return computeDriftReport(managed, live, options).drift;
}

/** The drift, and how many (campaign, field) pairs the list did not show. */
export interface DriftReport {
  drift: Drift;
  /**
   * Applied (campaign, field) pairs of the checked campaigns that the list does not show:
   * what a summary must say was not compared (`drift.not_visible` names the paths once).
   */
  notVisibleFields: number;
}

/** {@link computeDrift}, also counting the fields not compared because the list hides them. */
export function computeDriftReport(
  managed: Readonly<Record<string, AppliedCampaign>>,
  live: readonly LiveCampaign[],
  options: DriftOptions = { only: [] },
): DriftReport {
  const selected =
    options.only.length === 0 ? () => true : (id: string) => options.only.includes(id);
  const liveById = new Map(live.map((campaign) => [campaign.id, campaign]));
  const drift: Drift = {
    checked: 0,
    compared_fields: 0,
    drifted: [],
    missing_in_thulium: [],
    unmanaged: [],
    not_visible: [],
    unreadable: [],
    ...(options.agents === undefined ? {} : { agents_checked: 0 }),
  };
  const notVisible = new Set<string>();
  let notVisibleFields = 0;

  for (const id of Object.keys(managed).sort()) {
    const applied = managed[id];
    if (applied === undefined || !selected(id)) continue;
    const current = liveById.get(id);
    if (current === undefined) {
      drift.missing_in_thulium.push(id);
      continue;
    }
    drift.checked += 1;
    const seen = compareWithLive(applied.fields, current);
    drift.compared_fields += seen.compared;
    notVisibleFields += seen.notVisible.length;
    for (const path of seen.notVisible) notVisible.add(path);
    for (const path of seen.unreadable) drift.unreadable.push({ id, path });
    const membership = options.agents?.get(id);
    let agents: AgentsDrift | undefined;
    if (membership !== undefined && applied.agents !== undefined) {
      const compared = compareMembership(
        applied.agents,
        applied.agents_policy === "exact",
        membership,
      );
      drift.agents_checked = (drift.agents_checked ?? 0) + 1;
      if (compared.unreadable) drift.unreadable.push({ id, path: "agents" });
      if (hasAgentsDrift(compared.drift)) agents = compared.drift;
    }
    if (seen.differences.length > 0 || agents !== undefined) {
      const name = applied.fields.name;
      drift.drifted.push({
        id,
        source: applied.source,
        ...(name === undefined ? {} : { name }),
        fields: seen.differences.map(({ path, expected, live: value }) => ({
          path,
          applied: expected,
          live: value,
        })),
        ...(agents === undefined ? {} : { agents }),
      });
    }
  }

  drift.unmanaged = live
    .map((campaign) => campaign.id)
    .filter((id) => managed[id] === undefined && selected(id))
    .sort();
  drift.not_visible = orderPaths([...notVisible]);
  return { drift, notVisibleFields };
}

/** True when a managed campaign differs from Thulium (fields or membership) or is missing there. */
export function hasDrift(drift: Drift): boolean {
  return drift.drifted.length > 0 || drift.missing_in_thulium.length > 0;
}
