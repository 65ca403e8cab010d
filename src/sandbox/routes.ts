/**
 * The API itself: `/api/outbounds` (GET list in the chosen shape, POST create),
 * `/api/outbounds/stats` (GET), `/api/outbounds/:id` (PUT update, DELETE) and its agents
 * (agent-routes.ts: GET agents, POST add_agents and remove_agents). Each route
 * returns a Reply; the server sends and records it.
 */
import type { IncomingMessage } from "node:http";
import type { CampaignFields } from "../core/campaign.js";
import { AGENTS_PATH, type AgentsAction, agentsRoute } from "./agent-routes.js";
import { parseJsonBody } from "./body.js";
import { listJson } from "./list-shapes.js";
import { outboundStats } from "./outbound-stats.js";
import type { Reply } from "./reply.js";
import type { CampaignStore } from "./store.js";
import type { ListShape } from "./types.js";
import { CODES, validateCampaignBody } from "./validate.js";

export type { Reply } from "./reply.js";

const CAMPAIGN_PATH = /^\/api\/outbounds\/([^/]+)$/;

/** Route an authenticated request. */
export async function route(
  req: IncomingMessage,
  store: CampaignStore,
  listShape: ListShape = "plain",
): Promise<Reply> {
  const path = pathOf(req.url);
  const method = req.method ?? "GET";
  if (path === "/api/outbounds") {
    if (method === "GET")
      return { status: 200, rawJson: listJson(store, listShape, queryOf(req.url)) };
    if (method === "POST") return create(req, store);
    return notAllowed("GET, POST");
  }
  // Only GET is documented here; other methods fall through to the campaign route, as before.
  if (path === "/api/outbounds/stats" && method === "GET")
    return { status: 200, json: outboundStats(store) };
  const agents = AGENTS_PATH.exec(path);
  if (agents?.[1] !== undefined) {
    const id = safeDecode(agents[1]);
    if (id === undefined) return notFound(`Unknown URI ${path}.`);
    return agentsRoute(req, store, id, agents[2] as AgentsAction);
  }
  const match = CAMPAIGN_PATH.exec(path);
  if (match?.[1] !== undefined) {
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return notFound(`Unknown URI ${path}.`);
    }
    if (method === "PUT") return update(req, store, id);
    if (method === "DELETE")
      return store.delete(id)
        ? { status: 204, campaignId: id }
        : { ...campaignNotFound(id), campaignId: id };
    // Thulium has no GET outbounds/:id.
    return { ...notAllowed("PUT, DELETE"), campaignId: id };
  }
  return notFound(`Unknown URI ${path}.`);
}

async function update(req: IncomingMessage, store: CampaignStore, id: string): Promise<Reply> {
  const parsed = await parseJsonBody(req);
  if (!parsed.ok) return { status: parsed.status, errors: parsed.errors, campaignId: id };
  const { body } = parsed;
  // Thulium checks the object before the body: an unknown id is a 404 whatever was sent.
  if (!store.has(id)) return { ...campaignNotFound(id), campaignId: id, body };
  const errors = validateCampaignBody(body);
  if (errors.length > 0) return { status: 400, errors, campaignId: id, body };
  store.update(id, body as CampaignFields);
  return { status: 204, campaignId: id, body };
}

async function create(req: IncomingMessage, store: CampaignStore): Promise<Reply> {
  const parsed = await parseJsonBody(req);
  if (!parsed.ok) return { status: parsed.status, errors: parsed.errors };
  const { body } = parsed;
  const errors = validateCampaignBody(body);
  if (errors.length > 0) return { status: 400, errors, body };
  const { id } = store.create(body as CampaignFields);
  return {
    status: 201,
    json: { id },
    campaignId: id,
    body,
    headers: { Location: `/api/outbounds/${id}` },
  };
}

/** A path segment decoded, or undefined when malformed. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The query string's parameters. */
function queryOf(url: string | undefined): URLSearchParams {
  const text = url ?? "";
  const start = text.indexOf("?");
  return new URLSearchParams(start === -1 ? "" : text.slice(start + 1));
}

/** The path without query string, and without a trailing slash. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function notFound(message: string): Reply {
  return { status: 404, errors: [{ message, code: CODES.notFound }] };
}

function campaignNotFound(id: string): Reply {
  return notFound(`Campaign ${id} not found.`);
}

function notAllowed(allow: string): Reply {
  return {
    status: 405,
    errors: [{ message: `Method not allowed; use ${allow}.`, code: CODES.methodNotAllowed }],
    headers: { Allow: allow },
  };
}
