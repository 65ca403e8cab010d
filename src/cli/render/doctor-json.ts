import type { DoctorResult } from "../../use-cases/doctor.js";
import { escapeSerialised } from "./escape.js";

/**
 * `doctor --format json`: `{"format_version": 1, "ok", "checks": [{"name", "status",
 * "finding", "fix"?}], "shape"?}`. `shape` is present only with `--show-shape`: the list's
 * skeleton, or null when no answer was read. Two-space indent, newline at the end.
 */
export function renderDoctorJson(result: DoctorResult): string {
  const body: Record<string, unknown> = {
    format_version: 1,
    ok: result.ok,
    checks: result.checks.map((check) => ({
      name: check.name,
      status: check.status,
      finding: check.finding,
      ...(check.fix === undefined ? {} : { fix: check.fix }),
    })),
  };
  if (result.shape !== undefined)
    body.shape = "skeleton" in result.shape ? result.shape.skeleton : null;
  return `${escapeSerialised(JSON.stringify(body, null, 2))}\n`;
}
