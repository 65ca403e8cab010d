/**
 * `--only` ids checked against what is known: an id that no campaign file declares and the
 * state does not record restricts the plan to nothing, which used to read as "No changes"
 * (a typo such as `--only 2` for 00002 looked like success). Pure: the caller reports.
 */
import { editDistance } from "../schema/suggest.js";
import type { DeclaredCampaign } from "./campaign.js";
import type { State } from "./state.js";

/** The `--only` ids neither declared nor in the state, in the order given, each once. */
export function unknownOnlyIds(
  only: readonly string[],
  declared: readonly DeclaredCampaign[],
  state: State,
): string[] {
  const known = new Set(declared.map((campaign) => campaign.id));
  const unknown = only.filter((id) => !known.has(id) && !Object.hasOwn(state.campaigns, id));
  return [...new Set(unknown)];
}

/**
 * Up to `max` known ids close to `wanted`: a short number padded to five digits (`2` →
 * `00002`) when that id is known; otherwise ids within two edits (fewer than half the
 * characters), nearest first, ties broken by numeric nearness, then by id.
 */
export function closestIds(wanted: string, known: readonly string[], max = 3): string[] {
  const padded = /^[0-9]{1,5}$/.test(wanted) ? wanted.padStart(5, "0") : wanted;
  if (known.includes(padded)) return [padded];
  const limit = Math.min(2, Math.floor((padded.length - 1) / 2));
  const numeric = (id: string) => (/^[0-9]+$/.test(id) ? Number(id) : Number.NaN);
  const target = numeric(padded);
  const gap = (id: string) => {
    const value = Math.abs(numeric(id) - target);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };
  return [...new Set(known)]
    .map((id) => ({ id, distance: editDistance(padded, id), gap: gap(id) }))
    .filter((candidate) => candidate.distance <= limit)
    .sort((a, b) => a.distance - b.distance || compare(a.gap, b.gap) || compare(a.id, b.id))
    .slice(0, max)
    .map((candidate) => candidate.id);
}

function compare<T extends number | string>(a: T, b: T): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
