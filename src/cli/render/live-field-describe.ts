/**
 * Words for a field of a `--refresh` plan: the live value its PUT overwrites
 * (`order: 99 in Thulium → 20`), and the counts that tell a change made in Thulium from a
 * change made in the campaign files. Fields without a live value never reach these.
 */
import equal from "fast-deep-equal";
import { type FieldChange, overwritesLive, type PlannedChange } from "../../core/plan.js";

/**
 * A field whose live value the PUT overwrites: `order: 99 in Thulium → 20` (`not set in
 * Thulium` for a value shown as not set), adding `(last applied 10)` when the declaration
 * changed too and Thulium holds neither value.
 */
export function describeOverwrite(field: FieldChange, change: PlannedChange): string {
  const live =
    field.live === null ? "not set in Thulium" : `${JSON.stringify(field.live)} in Thulium`;
  const after = shown(field.after);
  const lastApplied =
    !change.firstApply &&
    field.before !== null &&
    !equal(field.before, field.after) &&
    !equal(field.before, field.live);
  const applied = lastApplied ? ` (last applied ${shown(field.before)})` : "";
  return `${field.path}: ${live} → ${after}${applied}`;
}

/** A field listed only because Thulium changed it since the last apply (the PUT restores it). */
export function isRestore(field: FieldChange): boolean {
  return overwritesLive(field) && equal(field.before, field.after);
}

/** Fields whose live value differs from the last-applied one: changed in Thulium since. */
export function changedInThulium(change: PlannedChange): number {
  if (change.firstApply) return 0;
  return change.fields.filter((field) => overwritesLive(field) && !equal(field.live, field.before))
    .length;
}

/** A value as JSON; `(not managed)` where the state recorded none. */
function shown(value: unknown): string {
  return value === null || value === undefined ? "(not managed)" : JSON.stringify(value);
}
