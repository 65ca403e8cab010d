/**
 * `GET /api/outbounds/:id/agents`, `POST /api/outbounds/:id/add_agents` and
 * `POST /api/outbounds/:id/remove_agents` (body `{"logins": [...]}`), as Thulium documents
 * them; the undocumented cases as agents.ts decides. An unknown campaign is a 404 whatever
 * the body (Thulium checks the object first, as for PUT). Success is 204, no body (the
 * documented answer is an empty body).
 */
import type { IncomingMessage } from "node:http";
import { parseJsonBody } from "./body.js";
import type { Reply } from "./reply.js";
import type { CampaignStore } from "./store.js";
import { type ApiErrorEntry, CODES } from "./validate.js";

/** `/api/outbounds/:id/agents|add_agents|remove_agents`. */
export const AGENTS_PATH = /^\/api\/outbounds\/([^/]+)\/(agents|add_agents|remove_agents)$/;

export type AgentsAction = "agents" | "add_agents" | "remove_agents";

/** Route a request matched by AGENTS_PATH. */
export async function agentsRoute(
  req: IncomingMessage,
  store: CampaignStore,
  id: string,
  action: AgentsAction,
): Promise<Reply> {
  const method = req.method ?? "GET";
  if (action === "agents") {
    if (method !== "GET") return notAllowed("GET", id);
    if (!store.has(id)) return campaignNotFound(id);
    return { status: 200, json: store.agents.list(id), campaignId: id };
  }
  if (method !== "POST") return notAllowed("POST", id);
  const parsed = await parseJsonBody(req);
  if (!parsed.ok) return { status: parsed.status, errors: parsed.errors, campaignId: id };
  const { body } = parsed;
  if (!store.has(id)) return { ...campaignNotFound(id), body };
  const logins = body.logins;
  const refuse = (errors: ApiErrorEntry[]): Reply => ({
    status: 400,
    errors,
    campaignId: id,
    body,
  });
  if (logins === undefined)
    return refuse([{ message: "Field logins is required.", code: CODES.wrongType }]);
  if (!Array.isArray(logins) || logins.some((login) => typeof login !== "string" || login === ""))
    return refuse([
      { message: "Field logins must be a list of agent logins.", code: CODES.wrongType },
    ]);
  if (logins.length === 0)
    return refuse([
      { message: "Field logins must name at least one agent.", code: CODES.wrongType },
    ]);
  const unknownFields = Object.keys(body).filter((key) => key !== "logins");
  if (unknownFields.length > 0)
    return refuse(
      unknownFields.map((field) => ({
        message: `Unknown field ${field}; the only field is logins.`,
        code: CODES.unknownField,
      })),
    );
  const outcome = store.agents.set(id, logins as string[], action === "add_agents");
  if ("unknown" in outcome)
    return refuse(
      outcome.unknown.map((login) => ({
        message: `Unknown agent login: ${login}.`,
        code: CODES.unknownAgent,
      })),
    );
  return { status: 204, campaignId: id, body };
}

function campaignNotFound(id: string): Reply {
  return {
    status: 404,
    errors: [{ message: `Campaign ${id} not found.`, code: CODES.notFound }],
    campaignId: id,
  };
}

function notAllowed(allow: string, id: string): Reply {
  return {
    status: 405,
    errors: [{ message: `Method not allowed; use ${allow}.`, code: CODES.methodNotAllowed }],
    headers: { Allow: allow },
    campaignId: id,
  };
}
