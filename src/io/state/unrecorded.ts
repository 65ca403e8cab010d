/**
 * When the state file is replaced while an apply runs (a `git checkout`, a restore, another
 * tool), the apply must not write over the new file, and must not lose the record of what
 * it changed in Thulium either. Those changes go to a file of their own beside the state
 * (`<state>.unrecorded-<time>.json`), and the error says what happened and how to merge.
 */
import { access } from "node:fs/promises";
import type { AppliedCampaign } from "../../core/state.js";
import { writeFileAtomic } from "../fs/index.js";
import { canonicalJson } from "./canonical-json.js";

/** A state version as lineage and serial (lineage null: no state file yet). */
export interface StateVersion {
  lineage: string | null;
  serial: number;
}

/** What the replaced state file holds now, as far as it could be read. */
export type FoundThere =
  | { kind: "state"; version: StateVersion }
  | { kind: "gone" }
  | { kind: "unreadable" };

/** Everything the unrecorded file and the error describe. */
export interface Unrecorded {
  stateFile: string;
  target: string;
  /** The version this apply last wrote (or read, before its first write). */
  ours: StateVersion;
  /** Whether `ours` was written by this apply (false: it is the version it started from). */
  wroteOurs: boolean;
  found: FoundThere;
  /** Every change this apply made: applied entries, and ids dropped from the state. */
  applied: ReadonlyMap<string, AppliedCampaign | "forget">;
}

/**
 * A name beside the state file that no file has yet, e.g.
 * `.thulium/state.json.unrecorded-20250301T101500Z.json` (no colons: Windows forbids them).
 */
export async function unrecordedFileFor(stateFile: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  for (let n = 1; ; n++) {
    const name = `${stateFile}.unrecorded-${stamp}${n === 1 ? "" : `-${n}`}.json`;
    try {
      await access(name);
    } catch {
      return name;
    }
  }
}

/** Writes (or rewrites, as more changes arrive) the unrecorded file. */
export async function saveUnrecorded(file: string, unrecorded: Unrecorded): Promise<void> {
  const campaigns: Record<string, AppliedCampaign> = {};
  const forgotten: string[] = [];
  for (const [id, change] of unrecorded.applied) {
    if (change === "forget") forgotten.push(id);
    else campaigns[id] = change;
  }
  const document = {
    about:
      "Changes an apply made in Thulium but could not record, because the state file was replaced while it ran. To merge: keep the state file that is right, then run apply again; it sends again whatever that state lacks. See README, Troubleshooting.",
    state_file: unrecorded.stateFile,
    target: unrecorded.target,
    last_written_by_this_apply: unrecorded.wroteOurs ? unrecorded.ours : null,
    campaigns,
    forgotten: forgotten.sort(),
  };
  await writeFileAtomic(file, `${canonicalJson(document)}\n`);
}

/** What an apply stopped by a replaced state file says: what happened, where its changes are, what to do. */
export function stateReplacedMessage(
  unrecorded: Unrecorded,
  saved: { file: string } | { failure: string },
): string {
  const { stateFile, ours, wroteOurs, found, applied } = unrecorded;
  const now =
    found.kind === "gone"
      ? "it was removed"
      : found.kind === "unreadable"
        ? "what is there now is not a state file this tool can read"
        : `it now holds ${describeVersion(found.version)}`;
  const before = wroteOurs
    ? `this apply last wrote ${describeVersion(ours)}`
    : `this apply started from ${ours.lineage === null ? "no state file" : describeVersion(ours)}`;
  const count = `${applied.size} change${applied.size === 1 ? "" : "s"}`;
  const where =
    "file" in saved
      ? `The ${count} this apply made in Thulium are saved in ${saved.file}.`
      : `The ${count} this apply made in Thulium could not be saved beside it either (${saved.failure}).`;
  const done = "file" in saved ? " Then delete the saved file." : "";
  return `State file ${stateFile} was replaced by another program while this apply ran (${now}; ${before}), so it was left as it is and no further requests were sent. ${where} To merge: check that the state file now in place is the one to keep (git log, thulium-campaigns state list), then run apply again; it compares the campaign files with that state and sends again whatever it lacks, with the same full bodies, so Thulium ends the same.${done}`;
}

function describeVersion(version: StateVersion): string {
  return `lineage ${version.lineage ?? "none"}, serial ${version.serial}`;
}
