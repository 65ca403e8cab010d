/**
 * A planned change as the tests written before the operation model read it: the change
 * with its PUT request (core/operation.ts putRequestOf) in place of its operations. The
 * JSON views derive `request` the same way.
 */
import { putRequestOf } from "../../src/core/operation.js";
import type { PlannedChange } from "../../src/core/plan.js";

export function requestView(change: PlannedChange) {
  const { operations: _operations, ...rest } = change;
  return { ...rest, request: putRequestOf(change) };
}
