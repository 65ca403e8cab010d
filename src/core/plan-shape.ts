/**
 * The plan as plain JSON with a fixed key order (the shape of cli-contract.md), so that
 * `plan --format json` and saved plan files are byte-stable for the same plan.
 */
import { canonicalValue } from "./normalise.js";
import { agentsOf, type PlannedRequest, putRequestOf, requestsOf } from "./operation.js";
import {
  type FieldChange,
  overwritesLive,
  type Plan,
  type PlannedChange,
  type RefreshCoverage,
  SUMMARY_KEYS,
} from "./plan.js";

/**
 * The `--format json` value: `format_version`, `summary`, `changes`, in that order; with
 * `--refresh`, then `refresh` (what the comparison with Thulium's list covered).
 */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    format_version: plan.format_version,
    summary: summaryToJson(plan),
    changes: plan.changes.map((change) => changeToJson(change, { display: false })),
    ...(plan.refresh === undefined ? {} : { refresh: refreshToJson(plan.refresh) }),
  };
}

/** `refresh`: campaigns and fields compared, what the list hides or spells unreadably, ids it lacks. */
export function refreshToJson(coverage: RefreshCoverage): Record<string, unknown> {
  return {
    campaigns: coverage.campaigns,
    compared_fields: coverage.compared_fields,
    not_visible: [...coverage.not_visible],
    not_visible_fields: coverage.not_visible_fields,
    unreadable: coverage.unreadable.map(({ id, path }) => ({ id, path })),
    missing_in_thulium: [...coverage.missing_in_thulium],
  };
}

/** `update`, `unchanged`, `forget`, `deactivate`, as in cli-contract.md. */
export function summaryToJson(plan: Plan): Record<string, number> {
  return Object.fromEntries(SUMMARY_KEYS.map((key) => [key, plan.summary[key]]));
}

/**
 * One change: `id`, `action`, `source`, `fields`, `request` (its PUT, or null). A change
 * that also adds or removes agents lists every request in order under `requests` and its
 * membership change under `agents` (cli-contract.md); a PUT-only change has neither. With
 * `display`, also `name` and `firstApply` (saved plan files keep them so `apply FILE` can
 * show them). All derived from the change's operations (core/operation.ts).
 */
export function changeToJson(
  change: PlannedChange,
  options: { display: boolean /** Each field's `origin` (default true). */; origins?: boolean },
): Record<string, unknown> {
  const origins = options.origins ?? true;
  const display = options.display
    ? {
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.firstApply ? { firstApply: true } : {}),
      }
    : {};
  const agents = agentsOf(change);
  return {
    id: change.id,
    action: change.action,
    source: change.source,
    ...display,
    fields: change.fields.map((field) => fieldToJson(field, origins)),
    request: requestToJson(putRequestOf(change)),
    ...(agents === undefined
      ? {}
      : { requests: requestsOf(change).map(requestToJson), agents: { ...agents } }),
  };
}

function requestToJson(request: PlannedRequest | null): Record<string, unknown> | null {
  if (request === null) return null;
  return { method: request.method, path: request.path, body: canonicalValue(request.body) };
}

/**
 * `path`, `before`, `after`, `unmanaged: true` only for a field no longer declared,
 * (`--refresh` only) `live`: the value in Thulium that the PUT overwrites, and, for a value
 * inherited from a `_defaults.yaml` file, `origin`: `{"file": …, "line": …}`.
 */
function fieldToJson(field: FieldChange, origins: boolean): Record<string, unknown> {
  return {
    path: field.path,
    before: canonicalValue(field.before),
    after: canonicalValue(field.after),
    ...(field.unmanaged ? { unmanaged: true } : {}),
    ...(overwritesLive(field) ? { live: canonicalValue(field.live) } : {}),
    ...(origins && field.origin !== undefined
      ? { origin: { file: field.origin.file, line: field.origin.line } }
      : {}),
  };
}
