/**
 * Changing a campaign as an admin would in Thulium's panel, for demos and tests of `drift`,
 * `import` and `--refresh`: `POST /_sandbox/outbounds/:id/edit` with the fields to change
 * (`null` removes an optional field or a parameter), and `sandbox edit --data` on a stopped
 * sandbox's data file. Not part of Thulium's API: outside `/api`, never subject to the
 * fault knobs, and blind to the PUT semantics (an edit changes exactly what it names).
 *
 * Values are checked for their type, not their range: the panel may hold what the API
 * refuses (an `order` of 0, say), which is exactly what import must be tried against.
 */
import type { IncomingMessage } from "node:http";
import { FIELD_ORDER } from "../core/campaign.js";
import { parseJsonBody } from "./body.js";
import type { Reply } from "./routes.js";
import type { CampaignStore } from "./store.js";
import type { StoredCampaign } from "./types.js";
import { type ApiErrorEntry, CODES, PARAMETER_KEYS, validateCampaignBody } from "./validate.js";

/** The admin route; `:id` is the campaign's five-digit id. */
export const ADMIN_EDIT_PATH = /^\/_sandbox\/outbounds\/([^/]+)\/edit$/;

/** Fields every campaign has (documented defaults): they can be changed, not removed. */
const REQUIRED: readonly string[] = ["active", "start_date", "order", "parity"];

/** One field changed by an edit; `null` on a side where the field was absent. */
export interface EditedField {
  path: string;
  before: unknown;
  after: unknown;
}

export type EditOutcome =
  | { ok: true; campaign: StoredCampaign; changed: EditedField[] }
  | { ok: false; status: 400 | 404; errors: ApiErrorEntry[] };

/** Check and apply an edit to the store. */
export function editCampaign(
  store: CampaignStore,
  id: string,
  changes: Record<string, unknown>,
): EditOutcome {
  const before = store.get(id);
  if (before === undefined) return fail(404, `Campaign ${id} not found.`, CODES.notFound);
  const errors = checkEdit(changes);
  if (errors.length > 0) return { ok: false, status: 400, errors };
  const after = store.edit(id, changes) as StoredCampaign;
  return { ok: true, campaign: after, changed: changedFields(before, after) };
}

/** The route: parse the body, edit, answer 200 `{campaign, changed}` or Thulium's error shape. */
export async function adminEditRoute(
  req: IncomingMessage,
  store: CampaignStore,
  id: string,
): Promise<Reply> {
  if (req.method !== "POST")
    return {
      status: 405,
      errors: [{ message: "Method not allowed; use POST.", code: CODES.methodNotAllowed }],
      headers: { Allow: "POST" },
      campaignId: id,
    };
  const parsed = await parseJsonBody(req);
  if (!parsed.ok) return { status: parsed.status, errors: parsed.errors, campaignId: id };
  const outcome = editCampaign(store, id, parsed.body);
  if (!outcome.ok)
    return { status: outcome.status, errors: outcome.errors, campaignId: id, body: parsed.body };
  return {
    status: 200,
    json: { campaign: outcome.campaign, changed: outcome.changed },
    campaignId: id,
    body: parsed.body,
  };
}

function checkEdit(changes: Record<string, unknown>): ApiErrorEntry[] {
  if (Object.keys(changes).length === 0)
    return [{ message: "Name at least one field to change.", code: CODES.notAnObject }];
  const errors: ApiErrorEntry[] = [];
  const present: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (!(FIELD_ORDER as readonly string[]).includes(field)) {
      errors.push({
        message: `Unknown field ${field}; the fields are ${FIELD_ORDER.join(", ")}.`,
        code: CODES.unknownField,
      });
    } else if (value === null) {
      if (REQUIRED.includes(field))
        errors.push({
          message: `Field ${field} cannot be removed: every campaign has one; give a new value.`,
          code: CODES.wrongType,
        });
    } else if (field === "parameters") {
      errors.push(...checkParameters(value, present));
    } else present[field] = value;
  }
  // Types are checked as for PUT; ranges are not (see the module comment).
  errors.push(...validateCampaignBody(present).filter((error) => error.code !== CODES.outOfRange));
  // The dialer's check is one of range (the three names), so it went above; a panel may
  // hold another name, but always as text, which the data file's schema requires.
  if (present.dialer !== undefined && typeof present.dialer !== "string")
    errors.push({ message: "Field dialer must be a string.", code: CODES.wrongType });
  return errors;
}

/** Parameters: a map whose `null` values remove a parameter; known keys only. */
function checkParameters(value: unknown, present: Record<string, unknown>): ApiErrorEntry[] {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return [{ message: "Field parameters must be an object.", code: CODES.wrongType }];
  const errors: ApiErrorEntry[] = [];
  const set: Record<string, unknown> = {};
  for (const [key, parameter] of Object.entries(value)) {
    if (!(PARAMETER_KEYS as readonly string[]).includes(key))
      errors.push({
        message: `Unknown parameter ${key}; supported: ${PARAMETER_KEYS.join(", ")}.`,
        code: CODES.unknownParameter,
      });
    else if (parameter !== null) set[key] = parameter;
  }
  if (Object.keys(set).length > 0) present.parameters = set;
  return errors;
}

function changedFields(before: StoredCampaign, after: StoredCampaign): EditedField[] {
  const flat = (campaign: StoredCampaign) => {
    const paths = new Map<string, unknown>();
    for (const field of FIELD_ORDER) {
      const value = campaign[field];
      if (field === "parameters" && value !== undefined) {
        for (const [key, parameter] of Object.entries(value).sort())
          paths.set(`parameters.${key}`, parameter);
      } else if (value !== undefined) paths.set(field, value);
    }
    return paths;
  };
  const [b, a] = [flat(before), flat(after)];
  const rank = (path: string) => FIELD_ORDER.indexOf(path.split(".")[0] as never);
  const order = [...new Set([...b.keys(), ...a.keys()])].sort(
    (x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0),
  );
  return order
    .filter((path) => b.get(path) !== a.get(path))
    .map((path) => ({ path, before: b.get(path) ?? null, after: a.get(path) ?? null }));
}

function fail(status: 400 | 404, message: string, code: number): EditOutcome {
  return { ok: false, status, errors: [{ message, code }] };
}
