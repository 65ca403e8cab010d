/**
 * Inherited values in the plan: each field change whose value comes from a `_defaults.yaml`
 * file carries that file and line (`origin`), so every view can show it. The diff itself
 * never knows about layers: it compares the resolved fields.
 */
import type { FieldOrigin } from "./campaign.js";
import type { PlannedChange } from "./plan.js";

/** The change with `origin` on each field whose new value is inherited. */
export function withOrigins(
  change: PlannedChange,
  origins: Readonly<Record<string, FieldOrigin>> | undefined,
): PlannedChange {
  if (origins === undefined) return change;
  let marked = false;
  const fields = change.fields.map((field) => {
    const origin = origins[field.path];
    // A field no longer declared anywhere is sent by nobody: it has no origin.
    if (origin === undefined || field.unmanaged) return field;
    marked = true;
    return { ...field, origin: { ...origin } };
  });
  return marked ? { ...change, fields } : change;
}

/** ` (campaigns/sales/_defaults.yaml:3)`: where an inherited value is written; "" for own values. */
export function originSuffix(origin: FieldOrigin | undefined): string {
  return origin === undefined ? "" : ` (${origin.file}:${origin.line})`;
}
