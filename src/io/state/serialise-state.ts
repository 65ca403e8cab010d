/**
 * The state file's text. Byte-for-byte what `canonicalJson(state)` gives, but assembled
 * from one pre-serialised fragment per campaign, so the batched recorder can re-use the
 * fragments of unchanged campaigns instead of re-serialising 10,000 of them per write.
 */
import type { AppliedCampaign, State } from "../../core/state.js";
import { canonicalJson } from "./canonical-json.js";

/** Depth of a campaign entry in the document: root → "campaigns" → id. */
const CAMPAIGN_DEPTH = 2;

/** A campaign entry serialised for its place in the state file. */
export function campaignFragment(entry: AppliedCampaign): string {
  return canonicalJson(entry, CAMPAIGN_DEPTH);
}

/** The order the state file lists campaign ids in: plain code-unit order, as `sort()`. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The full file text, with a trailing newline.
 * @param fragments - `[id, campaignFragment(entry)]` pairs, already sorted by id.
 */
export function serialiseState(
  header: Omit<State, "campaigns">,
  fragments: Iterable<readonly [string, string]>,
): string {
  const members: string[] = [];
  for (const [id, fragment] of fragments) members.push(`    ${JSON.stringify(id)}: ${fragment}`);
  const campaigns = members.length === 0 ? "{}" : `{\n${members.join(",\n")}\n  }`;
  // Top-level keys in sorted order: campaigns, lineage, serial, target, version.
  return [
    "{",
    `  "campaigns": ${campaigns},`,
    `  "lineage": ${canonicalJson(header.lineage)},`,
    `  "serial": ${canonicalJson(header.serial)},`,
    `  "target": ${canonicalJson(header.target)},`,
    `  "version": ${canonicalJson(header.version)}`,
    "}",
    "",
  ].join("\n");
}

/** Serialises a whole state object (the unbatched path). */
export function serialiseWholeState(state: State): string {
  const { campaigns, ...header } = state;
  const entries = Object.entries(campaigns).sort(([a], [b]) => compareIds(a, b));
  return serialiseState(
    header,
    entries.map(([id, entry]) => [id, campaignFragment(entry)] as const),
  );
}
