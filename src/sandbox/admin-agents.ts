/**
 * Adding or removing a campaign's agent as an admin would in Thulium's panel (to try
 * `drift` and `apply --refresh` on membership): `POST /_sandbox/outbounds/:id/agents` with
 * `{"add": [...], "remove": [...]}`, and `sandbox edit ID --add-agent L --remove-agent L`.
 * Like the field edit (admin-edit.ts): outside `/api`, never faulted. Logins must be on the
 * roster; adding a member or removing a non-member changes nothing.
 */
import type { IncomingMessage } from "node:http";
import { parseJsonBody } from "./body.js";
import type { Reply } from "./routes.js";
import type { CampaignStore } from "./store.js";
import { type ApiErrorEntry, CODES } from "./validate.js";

/** The admin route; `:id` is the campaign's five-digit id. */
export const ADMIN_AGENTS_PATH = /^\/_sandbox\/outbounds\/([^/]+)\/agents$/;

/** What to change. */
export interface MembershipEdit {
  add: string[];
  remove: string[];
}

export type MembershipOutcome =
  | { ok: true; added: string[]; removed: string[]; members: string[] }
  | { ok: false; status: 400 | 404; errors: ApiErrorEntry[] };

/** Check and apply a membership edit (all or nothing). */
export function editMembership(
  store: CampaignStore,
  id: string,
  edit: MembershipEdit,
): MembershipOutcome {
  if (!store.has(id))
    return {
      ok: false,
      status: 404,
      errors: [{ message: `Campaign ${id} not found.`, code: CODES.notFound }],
    };
  const both = edit.add.filter((login) => edit.remove.includes(login));
  if (both.length > 0)
    return failed(`Cannot both add and remove ${both.join(", ")}.`, CODES.wrongType);
  if (edit.add.length + edit.remove.length === 0)
    return failed("Name at least one login to add or remove.", CODES.notAnObject);
  const unknown = store.agents.unknown([...edit.add, ...edit.remove]);
  if (unknown.length > 0)
    return {
      ok: false,
      status: 400,
      errors: unknown.map((login) => ({
        message: `Unknown agent login: ${login}. The roster holds ${store.agents
          .roster()
          .map((agent) => agent.login)
          .join(", ")}.`,
        code: CODES.unknownAgent,
      })),
    };
  const added = edit.add.length === 0 ? [] : (store.agents.set(id, edit.add, true) as string[]);
  const removed =
    edit.remove.length === 0 ? [] : (store.agents.set(id, edit.remove, false) as string[]);
  return { ok: true, added, removed, members: store.agents.members(id) };
}

/** The route: 200 `{added, removed, members}`, or Thulium's error shape. */
export async function adminAgentsRoute(
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
  const { body } = parsed;
  const add = loginList(body.add);
  const remove = loginList(body.remove);
  if (add === undefined || remove === undefined)
    return {
      status: 400,
      errors: [{ message: "add and remove must be lists of logins.", code: CODES.wrongType }],
      campaignId: id,
      body,
    };
  const outcome = editMembership(store, id, { add, remove });
  if (!outcome.ok) return { status: outcome.status, errors: outcome.errors, campaignId: id, body };
  const { ok: _, ...answer } = outcome;
  return { status: 200, json: answer, campaignId: id, body };
}

function loginList(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((login) => typeof login !== "string")) return undefined;
  return value as string[];
}

function failed(message: string, code: number): MembershipOutcome {
  return { ok: false, status: 400, errors: [{ message, code }] };
}
