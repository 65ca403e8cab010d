/**
 * Words shared by the plan renderers, so that text and markdown describe a change the
 * same way.
 */
import type { FieldChange, PlannedChange, PlanSummary } from "../../core/plan.js";

/** The summary line, e.g. `Plan: 3 to update, 1 to forget, 0 to deactivate, 12 unchanged.` */
export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.update} to update, ${summary.forget} to forget, ${summary.deactivate} to deactivate, ${summary.unchanged} unchanged.`;
}

/** Printed instead of the summary line when the plan is empty. */
export const NO_CHANGES = "No changes. Thulium matches the campaign files.";

/** A value as JSON; `(none)` for a value that was not recorded (before of a new field). */
export function formatValue(value: unknown): string {
  return value === null || value === undefined ? "(none)" : JSON.stringify(value);
}

/**
 * What happens to a field that is no longer declared. A top-level field left out of the
 * PUT keeps its value (as far as Thulium documents). A `parameters` key left out while
 * other parameters are still sent is less certain: Thulium does not document whether a
 * partial map is merged or replaces the stored one, and the plan says so.
 */
export function unmanagedNote(field: FieldChange, change: PlannedChange): string {
  const stillSendsParameters = change.request?.body.parameters !== undefined;
  if (field.path.startsWith("parameters.") && stillSendsParameters) {
    return "no longer managed: Thulium keeps its current value if it merges parameters (undocumented)";
  }
  return "no longer managed: Thulium keeps its current value";
}

/** One line per field change: `name: "A" → "B"`. */
export function describeField(field: FieldChange, change: PlannedChange): string {
  const after = field.unmanaged ? `(${unmanagedNote(field, change)})` : formatValue(field.after);
  return `${field.path}: ${formatValue(field.before)} → ${after}`;
}

/** What a forget or deactivate does, in words. */
export function removalNote(change: PlannedChange): string | null {
  if (change.action === "forget") {
    return "no longer in the campaign files: dropped from the state; nothing is sent, and Thulium keeps the campaign as it is";
  }
  if (change.action === "deactivate") {
    return "no longer in the campaign files, and --prune: deactivated in Thulium, then dropped from the state";
  }
  return null;
}
