/**
 * The state file's bytes. Byte-for-byte what `canonicalJson(state)` gives, but assembled
 * from one pre-serialised member per campaign, so the batched recorder re-uses the bytes
 * of unchanged campaigns instead of re-serialising (and re-encoding) 10,000 of them for
 * every write: it only concatenates buffers, which keeps the main thread free for apply.
 */
import type { AppliedCampaign, State } from "../../core/state.js";
import { canonicalJson } from "./canonical-json.js";

/** Depth of a campaign entry in the document: root → "campaigns" → id. */
const CAMPAIGN_DEPTH = 2;
const SEPARATOR = Buffer.from(",\n");

/** One `"id": {…}` member of the "campaigns" object, indented for its place in the file. */
export function campaignMember(id: string, entry: AppliedCampaign): Buffer {
  return Buffer.from(`    ${JSON.stringify(id)}: ${canonicalJson(entry, CAMPAIGN_DEPTH)}`);
}

/** The order the state file lists campaign ids in: plain code-unit order, as `sort()`. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The full file, with a trailing newline.
 * @param members - `campaignMember(id, entry)` for every campaign, sorted by id.
 */
export function serialiseState(
  header: Omit<State, "campaigns">,
  members: readonly Buffer[],
): Buffer {
  // Top-level keys in sorted order: campaigns, lineage, serial, target, version.
  const rest = [
    `  "lineage": ${canonicalJson(header.lineage)},`,
    `  "serial": ${canonicalJson(header.serial)},`,
    `  "target": ${canonicalJson(header.target)},`,
    `  "version": ${canonicalJson(header.version)}`,
    "}",
    "",
  ].join("\n");
  if (members.length === 0) return Buffer.from(`{\n  "campaigns": {},\n${rest}`);
  const parts: Buffer[] = [Buffer.from('{\n  "campaigns": {\n')];
  members.forEach((member, index) => {
    if (index > 0) parts.push(SEPARATOR);
    parts.push(member);
  });
  parts.push(Buffer.from(`\n  },\n${rest}`));
  return Buffer.concat(parts);
}

/** Serialises a whole state object (the unbatched path). */
export function serialiseWholeState(state: State): Buffer {
  const { campaigns, ...header } = state;
  const entries = Object.entries(campaigns).sort(([a], [b]) => compareIds(a, b));
  return serialiseState(
    header,
    entries.map(([id, entry]) => campaignMember(id, entry)),
  );
}
