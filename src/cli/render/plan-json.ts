import type { Plan } from "../../core/plan.js";
import { planToJson } from "../../core/plan-shape.js";
import { escapeSerialised } from "./escape.js";

/**
 * `plan --format json`: exactly the shape of cli-contract.md (`format_version`,
 * `summary`, `changes[]` with `id`, `action`, `source`, `fields`, `request`), keys in a
 * fixed order, two-space indent, newline at the end. `extra` keys (e.g. `window`) follow.
 */
export function renderPlanJson(plan: Plan, extra: Record<string, unknown> = {}): string {
  return `${escapeSerialised(JSON.stringify({ ...planToJson(plan), ...extra }, null, 2))}\n`;
}
