/**
 * A hand-written shape check for saved plan files. A plan file drives PUT requests, so
 * nothing in it is trusted: every member that apply reads is checked, and the result is
 * rebuilt from the checked values rather than passed through.
 */

import type { CampaignFields, FieldOrigin } from "../../core/campaign.js";
import { DIALERS } from "../../core/campaign.js";
import { isCampaignId } from "../../core/campaign-id.js";
import { isPlainObject } from "../../core/normalise.js";
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

/** Thrown with a JSON-path-like location (`changes[3].request.path`) and what is wrong. */
export class ShapeError extends Error {
  constructor(
    readonly at: string,
    readonly problem: string,
  ) {
    super(`${at} ${problem}`);
  }
}

const ACTIONS: readonly ChangeAction[] = CHANGE_ACTIONS;
const SHA256 = /^[0-9a-f]{64}$/;

/** Check a parsed saved plan (format_version already checked) and rebuild it. */
export function checkSavedPlan(raw: Record<string, unknown>): SavedPlan {
  const summary = checkSummary(raw.summary);
  const changes = array(raw.changes, "changes").map((c, i) => checkChange(c, `changes[${i}]`));
  const ids = new Set<string>();
  for (const [i, change] of changes.entries()) {
    if (ids.has(change.id)) throw new ShapeError(`changes[${i}].id`, `repeats ${change.id}`);
    ids.add(change.id);
  }
  for (const action of ACTIONS) {
    const count = changes.filter((change) => change.action === action).length;
    if (count !== summary[action]) {
      throw new ShapeError(`summary.${action}`, `is ${summary[action]} but changes has ${count}`);
    }
  }
  const lineage = raw.lineage;
  if (lineage !== null && typeof lineage !== "string") {
    throw new ShapeError("lineage", "must be a string or null");
  }
  const target = raw.target;
  if (target !== undefined && target !== null && typeof target !== "string") {
    throw new ShapeError("target", "must be a string or null");
  }
  const declared = string(raw.declared_sha256, "declared_sha256");
  if (!SHA256.test(declared)) throw new ShapeError("declared_sha256", "must be 64 hex digits");
  const options = object(raw.options, "options");
  const refresh =
    options.refresh === undefined ? false : boolean(options.refresh, "options.refresh");
  const live = raw.live_sha256 === undefined ? undefined : string(raw.live_sha256, "live_sha256");
  if (live !== undefined && !SHA256.test(live))
    throw new ShapeError("live_sha256", "must be 64 hex digits");
  if (refresh && live === undefined)
    throw new ShapeError("live_sha256", "is required with options.refresh");
  return {
    format_version: 1,
    summary,
    changes,
    lineage,
    serial: count(raw.serial, "serial"),
    declared_sha256: declared,
    ...(live === undefined ? {} : { live_sha256: live }),
    options: {
      only: array(options.only, "options.only").map((id, i) => string(id, `options.only[${i}]`)),
      prune: boolean(options.prune, "options.prune"),
      ...(refresh ? { refresh: true as const } : {}),
    },
    ...(target === undefined ? {} : { target }),
    created_at: string(raw.created_at, "created_at"),
  };
}

function checkSummary(value: unknown): PlanSummary {
  const summary = object(value, "summary");
  return Object.fromEntries(
    SUMMARY_KEYS.map((key) => [key, count(summary[key], `summary.${key}`)]),
  ) as PlanSummary;
}

function checkChange(value: unknown, at: string): PlannedChange {
  const change = object(value, at);
  const id = string(change.id, `${at}.id`);
  if (!isCampaignId(id)) throw new ShapeError(`${at}.id`, "must be a five-digit campaign id");
  const action = change.action;
  if (!ACTIONS.includes(action as ChangeAction)) {
    throw new ShapeError(`${at}.action`, `must be one of ${ACTIONS.join(", ")}`);
  }
  const name = change.name === undefined ? undefined : string(change.name, `${at}.name`);
  if (change.firstApply !== undefined && change.firstApply !== true) {
    throw new ShapeError(`${at}.firstApply`, "must be true when present");
  }
  const fields = array(change.fields, `${at}.fields`).map((f, i) =>
    checkField(f, `${at}.fields[${i}]`),
  );
  const operations =
    change.requests === undefined
      ? checkRequest(change.request, id, action as ChangeAction, `${at}.request`)
      : checkRequests(change.requests, id, action as ChangeAction, `${at}.requests`);
  return {
    id,
    action: action as ChangeAction,
    source: string(change.source, `${at}.source`),
    ...(name === undefined ? {} : { name }),
    ...(change.firstApply === true ? { firstApply: true as const } : {}),
    fields,
    operations,
  };
}

function checkField(value: unknown, at: string): FieldChange {
  const field = object(value, at);
  if (!("before" in field) || !("after" in field)) {
    throw new ShapeError(at, "must have before and after");
  }
  if (field.unmanaged !== undefined && field.unmanaged !== true) {
    throw new ShapeError(`${at}.unmanaged`, "must be true when present");
  }
  return {
    path: string(field.path, `${at}.path`),
    before: field.before,
    after: field.after,
    ...(field.unmanaged === true ? { unmanaged: true as const } : {}),
    // Display only: a refreshed plan is re-derived from a fresh read before it is applied.
    ...(Object.hasOwn(field, "live") ? { live: field.live } : {}),
    // Display only too: where an inherited value is written (a `_defaults.yaml` file).
    ...(field.origin === undefined ? {} : { origin: checkOrigin(field.origin, `${at}.origin`) }),
  };
}

function checkOrigin(value: unknown, at: string): FieldOrigin {
  const origin = object(value, at);
  return { file: string(origin.file, `${at}.file`), line: count(origin.line, `${at}.line`) };
}

/**
 * `requests` (a change that adds or removes agents): every request in order, a PUT first if
 * any, then `add_agents`, then `remove_agents`, each with sorted logins. `request` and
 * `agents` are derived from these again; apply checks the whole change against the plan
 * its files and state give (use-cases/saved-plan.ts).
 */
function checkRequests(value: unknown, id: string, action: ChangeAction, at: string): Operation[] {
  if (action !== "update") throw new ShapeError(at, "is only for update");
  const operations = array(value, at).map((item, index): Operation => {
    const where = `${at}[${index}]`;
    const request = object(item, where);
    if (request.method === "PUT") return checkRequest(item, id, action, where)[0] as Operation;
    if (request.method !== "POST")
      throw new ShapeError(`${where}.method`, 'must be "PUT" or "POST"');
    const kind = request.path === `/outbounds/${id}/add_agents` ? "add_agents" : "remove_agents";
    const expected = requestFor(id, { kind, logins: [] }).path;
    if (request.path !== expected) {
      throw new ShapeError(`${where}.path`, `must be "${expected}" or its add_agents twin`);
    }
    const body = object(request.body, `${where}.body`);
    const logins = array(body.logins, `${where}.body.logins`).map((login, i) =>
      string(login, `${where}.body.logins[${i}]`),
    );
    if (logins.length === 0) throw new ShapeError(`${where}.body.logins`, "must not be empty");
    return { kind, logins };
  });
  return operations;
}

function checkRequest(value: unknown, id: string, action: ChangeAction, at: string): Operation[] {
  if (action === "forget") {
    if (value !== null) throw new ShapeError(at, "must be null for forget");
    return [];
  }
  // An update that only changes the state's membership record (agents dropped) sends nothing.
  if (action === "update" && value === null) return [];
  const request = object(value, at);
  if (request.method !== "PUT") throw new ShapeError(`${at}.method`, 'must be "PUT"');
  const body = checkBody(request.body, `${at}.body`);
  // The path is the one the PUT of this campaign goes to; anything else was edited in.
  const expected = requestFor(id, { kind: "put", body }).path;
  if (request.path !== expected) throw new ShapeError(`${at}.path`, `must be "${expected}"`);
  // A deactivation sends the last-applied fields with active: false; which fields those
  // are is checked against the state when apply recomputes the plan (saved-plan.ts).
  if (action === "deactivate" && body.active !== false) {
    throw new ShapeError(`${at}.body.active`, "must be false for deactivate");
  }
  return [{ kind: "put", body }];
}

type Check = (value: unknown, at: string) => unknown;
const isDialer: Check = (v, at) => {
  if (!DIALERS.includes(v as (typeof DIALERS)[number])) {
    throw new ShapeError(at, `must be one of ${DIALERS.join(", ")}`);
  }
  return v;
};
const FIELD_CHECKS: Record<string, Check> = {
  name: string,
  dialer: isDialer,
  active: boolean,
  start_date: string,
  end_date: string,
  order: integer,
  parity: integer,
  group_id: integer,
};
const PARAMETER_CHECKS: Record<string, Check> = {
  caller_id: string,
  preview_timeout: number,
  predictive_max_calls: number,
  predictive_min_calls: number,
};

/** Only fields Thulium documents, with their JSON types; the body goes out as a PUT. */
function checkBody(value: unknown, at: string): CampaignFields {
  const body = object(value, at);
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(body)) {
    if (key === "parameters") {
      result.parameters = checkMembers(
        object(member, `${at}.parameters`),
        PARAMETER_CHECKS,
        `${at}.parameters`,
      );
    } else {
      result[key] = checkMember(FIELD_CHECKS, key, member, at);
    }
  }
  return result as CampaignFields;
}

function checkMembers(
  value: Record<string, unknown>,
  checks: Record<string, Check>,
  at: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    result[key] = checkMember(checks, key, member, at);
  }
  return result;
}

function checkMember(checks: Record<string, Check>, key: string, value: unknown, at: string) {
  const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
  if (check === undefined) throw new ShapeError(`${at}.${key}`, "is not a known campaign field");
  return check(value, `${at}.${key}`);
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ShapeError(at, "must be an object");
  return value;
}
function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(at, "must be an array");
  return value;
}
function string(value: unknown, at: string): string {
  if (typeof value !== "string") throw new ShapeError(at, "must be a string");
  return value;
}
function boolean(value: unknown, at: string): boolean {
  if (typeof value !== "boolean") throw new ShapeError(at, "must be true or false");
  return value;
}
function number(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ShapeError(at, "must be a number");
  }
  return value;
}
function integer(value: unknown, at: string): number {
  if (!Number.isSafeInteger(value)) throw new ShapeError(at, "must be a whole number");
  return value as number;
}
function count(value: unknown, at: string): number {
  const n = integer(value, at);
  if (n < 0) throw new ShapeError(at, "must not be negative");
  return n;
}
