/**
 * The saved plan's check. A plan file drives PUT requests, so nothing in it is trusted:
 * schemas/saved-plan.schema.json (which documents the format) decides its shape, through
 * ajv compiled at build time; by hand only the rules that tie one member to another (the
 * request a change's id and action make, the summary against the changes, a campaign
 * once, live_sha256 with options.refresh). The result is rebuilt from the checked values
 * rather than passed through.
 */

import type { CampaignFields, FieldOrigin } from "../../core/campaign.js";
import { type Operation, requestFor } from "../../core/operation.js";
import {
  CHANGE_ACTIONS,
  type ChangeAction,
  type FieldChange,
  type PlannedChange,
  type PlanSummary,
  SUMMARY_KEYS,
} from "../../core/plan.js";
import type { SavedPlan } from "../../core/saved-plan.js";
import { firstProblem, shownPath } from "../../schema/file-problems.js";
import { SAVED_PLAN_SCHEMA_URL, savedPlanSchemaErrors } from "../../schema/saved-plan-schema.js";

/** Thrown with a JSON-path-like location (`changes[3].request.path`) and what is wrong. */
export class ShapeError extends Error {
  constructor(
    readonly at: string,
    readonly problem: string,
  ) {
    super(`${at} ${problem}`);
  }
}

/** A saved plan's JSON as the schema guarantees it (format_version already checked). */
interface PlanJson {
  summary: PlanSummary;
  changes: ChangeJson[];
  lineage: string | null;
  serial: number;
  target?: string | null;
  declared_sha256: string;
  live_sha256?: string;
  options: { only: string[]; prune: boolean; refresh?: boolean };
  created_at: string;
}
interface ChangeJson {
  id: string;
  action: ChangeAction;
  source: string;
  name?: string;
  firstApply?: true;
  fields: FieldJson[];
  request?: RequestJson | null;
  requests?: RequestJson[];
}
interface FieldJson {
  path: string;
  before: unknown;
  after: unknown;
  unmanaged?: true;
  live?: unknown;
  origin?: FieldOrigin;
}
interface RequestJson {
  method: "PUT" | "POST";
  path?: string;
  body: Record<string, unknown>;
}

/** Check a parsed saved plan (format_version already checked) and rebuild it. */
export function checkSavedPlan(raw: Record<string, unknown>): SavedPlan {
  const problem = firstProblem(
    savedPlanSchemaErrors(raw),
    raw,
    SAVED_PLAN_SCHEMA_URL,
    "is not a known campaign field",
  );
  if (problem !== undefined) {
    const [top, index, member] = problem.path;
    if (top === "changes" && member === "request" && isForget(raw, index)) {
      // Whatever the request holds, what is wrong is that a forget sends none.
      throw new ShapeError(`changes[${index}].request`, "must be null for forget");
    }
    const last = problem.path.at(-1);
    if (problem.missing && (last === "before" || last === "after")) {
      throw new ShapeError(shownPath(problem.path.slice(0, -1)), "must have before and after");
    }
    throw new ShapeError(shownPath(problem.path), problem.problem);
  }
  const plan = raw as unknown as PlanJson;
  const changes = plan.changes.map((change, i) => checkChange(change, `changes[${i}]`));
  const ids = new Set<string>();
  for (const [i, change] of changes.entries()) {
    if (ids.has(change.id)) throw new ShapeError(`changes[${i}].id`, `repeats ${change.id}`);
    ids.add(change.id);
  }
  for (const action of CHANGE_ACTIONS) {
    const count = changes.filter((change) => change.action === action).length;
    if (count !== plan.summary[action]) {
      throw new ShapeError(
        `summary.${action}`,
        `is ${plan.summary[action]} but changes has ${count}`,
      );
    }
  }
  const refresh = plan.options.refresh === true;
  if (refresh && plan.live_sha256 === undefined)
    throw new ShapeError("live_sha256", "is required with options.refresh");
  return {
    format_version: 1,
    summary: Object.fromEntries(SUMMARY_KEYS.map((key) => [key, plan.summary[key]])) as PlanSummary,
    changes,
    lineage: plan.lineage,
    serial: plan.serial,
    declared_sha256: plan.declared_sha256,
    ...(plan.live_sha256 === undefined ? {} : { live_sha256: plan.live_sha256 }),
    options: {
      only: [...plan.options.only],
      prune: plan.options.prune,
      ...(refresh ? { refresh: true as const } : {}),
    },
    ...(plan.target === undefined ? {} : { target: plan.target }),
    created_at: plan.created_at,
  };
}

function isForget(raw: Record<string, unknown>, index: unknown): boolean {
  const changes = raw.changes;
  return (
    Array.isArray(changes) && (changes[Number(index)] as ChangeJson | null)?.action === "forget"
  );
}

function checkChange(change: ChangeJson, at: string): PlannedChange {
  const { id, action } = change;
  const operations =
    change.requests === undefined
      ? checkRequest(change.request, id, action, `${at}.request`)
      : checkRequests(change.requests, id, action, `${at}.requests`);
  return {
    id,
    action,
    source: change.source,
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.firstApply === true ? { firstApply: true as const } : {}),
    fields: change.fields.map(fieldChange),
    operations,
  };
}

function fieldChange(field: FieldJson): FieldChange {
  return {
    path: field.path,
    before: field.before,
    after: field.after,
    ...(field.unmanaged === true ? { unmanaged: true as const } : {}),
    // Display only: a refreshed plan is re-derived from a fresh read before it is applied.
    ...(Object.hasOwn(field, "live") ? { live: field.live } : {}),
    // Display only too: where an inherited value is written (a `_defaults.yaml` file).
    ...(field.origin === undefined
      ? {}
      : { origin: { file: field.origin.file, line: field.origin.line } }),
  };
}

/**
 * `requests` (a change that adds or removes agents): every request in order, a PUT first if
 * any, then `add_agents`, then `remove_agents`, each with sorted logins. `request` and
 * `agents` are derived from these again; apply checks the whole change against the plan
 * its files and state give (use-cases/saved-plan.ts).
 */
function checkRequests(
  requests: RequestJson[],
  id: string,
  action: ChangeAction,
  at: string,
): Operation[] {
  if (action !== "update") throw new ShapeError(at, "is only for update");
  return requests.map((request, index): Operation => {
    const where = `${at}[${index}]`;
    if (request.method === "PUT") return checkRequest(request, id, action, where)[0] as Operation;
    const kind = request.path === `/outbounds/${id}/add_agents` ? "add_agents" : "remove_agents";
    const expected = requestFor(id, { kind, logins: [] }).path;
    if (request.path !== expected) {
      throw new ShapeError(`${where}.path`, `must be "${expected}" or its add_agents twin`);
    }
    return { kind, logins: [...(request.body.logins as string[])] };
  });
}

function checkRequest(
  request: RequestJson | null | undefined,
  id: string,
  action: ChangeAction,
  at: string,
): Operation[] {
  if (action === "forget") {
    if (request !== null) throw new ShapeError(at, "must be null for forget");
    return [];
  }
  // An update that only changes the state's membership record (agents dropped) sends nothing.
  if (action === "update" && request === null) return [];
  if (request === null || request === undefined) throw new ShapeError(at, "must be an object");
  const body = request.body as CampaignFields;
  // The path is the one the PUT of this campaign goes to; anything else was edited in.
  const expected = requestFor(id, { kind: "put", body }).path;
  if (request.path !== expected) throw new ShapeError(`${at}.path`, `must be "${expected}"`);
  // A deactivation sends the last-applied fields with active: false; which fields those
  // are is checked against the state when apply recomputes the plan (saved-plan.ts).
  if (action === "deactivate" && body.active !== false) {
    throw new ShapeError(`${at}.body.active`, "must be false for deactivate");
  }
  return [{ kind: "put", body: rebuiltBody(request.body) }];
}

/** The body's members, copied (the schema allows only the fields Thulium documents). */
function rebuiltBody(body: Record<string, unknown>): CampaignFields {
  const { parameters, ...fields } = body;
  return (
    parameters === undefined ? { ...fields } : { ...fields, parameters: { ...parameters } }
  ) as CampaignFields;
}
