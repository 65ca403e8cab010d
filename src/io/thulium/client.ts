/**
 * The Thulium outbound campaigns API, as the reconciler uses it. All HTTP goes through the
 * transport (ky, retries, redaction); this module knows paths, bodies and response shapes.
 */
import type { CampaignFields } from "../../core/campaign.js";
import { ApiError } from "../../errors.js";
import { agentCalls, type LiveAgents } from "./campaign-agents.js";
import { type ClientOptions, resolveClientOptions } from "./options.js";
import { createRedactor } from "./redact.js";
import { createTransport } from "./transport.js";

/** How a caller can stop a request early. */
export interface RequestControl {
  /** Aborts the request in flight (and any retry). */
  signal?: AbortSignal;
  /**
   * Ends the retry loop without cutting the try in flight: that try's answer still counts,
   * but no new try starts. Ctrl-C uses it, so a request Thulium may already have applied is
   * never abandoned mid-air, yet nothing new is sent after the user asked to stop.
   */
  stopRetrying?: AbortSignal;
}

/** The calls the reconciler makes. Every failure is an ApiError; nothing else is thrown. */
export interface CampaignApi {
  /** `PUT outbounds/:id` with the fields to set. Any 2xx is success. */
  updateCampaign(id: string, body: CampaignFields, options?: RequestControl): Promise<void>;
  /** `GET outbounds`: ids (five-character strings) and names, as far as the response gives them. */
  listCampaigns(): Promise<{ id: string; name?: string }[]>;
  /** `POST outbounds`; resolves to the id Thulium assigned. Never retried after an ambiguous failure. */
  createCampaign(body: CampaignFields): Promise<string>;
  /**
   * `GET` a path below THULIUM_URL (`/outbounds?limit=100&offset=100`), retried like a PUT
   * (GET is idempotent); resolves to the 2xx body's text. The readers in `live-list.ts` and
   * `outbound-stats.ts` make sense of it. `subject` names the request in errors.
   */
  getText(path: string, subject: string, options?: RequestControl): Promise<string>;
  /** Scrubs every form of the credentials from a text, for messages built from an answer. */
  redact(text: string): string;
  /**
   * `GET outbounds/:id/agents`: the campaign's members' logins (sorted), and how many items
   * named none (campaign-agents.ts). Retried like any GET.
   */
  getCampaignAgents(id: string, options?: RequestControl): Promise<LiveAgents>;
  /**
   * `POST outbounds/:id/add_agents` with `{"logins": [...]}`, sorted, each once (at least one).
   * Any 2xx is success. Retried like a PUT: it sets membership, so a repeat changes nothing.
   */
  addAgents(id: string, logins: readonly string[], options?: RequestControl): Promise<void>;
  /** `POST outbounds/:id/remove_agents`, like addAgents. */
  removeAgents(id: string, logins: readonly string[], options?: RequestControl): Promise<void>;
}

/** Build a client; throws UsageError for a malformed base URL or empty credentials. */
export function createThuliumClient(options: ClientOptions): CampaignApi {
  const resolved = resolveClientOptions(options);
  const send = createTransport(resolved);
  const redact = createRedactor(resolved.user, resolved.password);
  const getText: CampaignApi["getText"] = async (path, subject, callOptions) => {
    const { signal, stopRetrying } = callOptions ?? {};
    const { text } = await send({
      method: "GET",
      path,
      subject,
      idempotent: true,
      ...(signal === undefined ? {} : { signal }),
      ...(stopRetrying === undefined ? {} : { stopRetrying }),
    });
    return text;
  };
  return {
    redact,
    async updateCampaign(id, body, callOptions) {
      await send({
        method: "PUT",
        path: `/outbounds/${encodeURIComponent(id)}`,
        json: body,
        campaignId: id,
        subject: `Campaign ${id}`,
        idempotent: true,
        ...(callOptions?.signal === undefined ? {} : { signal: callOptions.signal }),
        ...(callOptions?.stopRetrying === undefined
          ? {}
          : { stopRetrying: callOptions.stopRetrying }),
      });
    },
    async listCampaigns() {
      const subject = "Listing campaigns";
      const { text } = await send({ method: "GET", path: "/outbounds", subject, idempotent: true });
      return parseCampaignList(text, subject);
    },
    getText,
    async createCampaign(body) {
      const subject = "Creating a campaign";
      const { text } = await send({
        method: "POST",
        path: "/outbounds",
        json: body,
        subject,
        idempotent: false,
      });
      const parsed = parseJson(text);
      const id = normaliseId((parsed as { id?: unknown } | undefined)?.id);
      if (id === undefined)
        throw protocolError(subject, "the 2xx answer to POST /outbounds carries no campaign id");
      return id;
    },
    ...agentCalls(send, { redact }),
  };
}

/** The list's shape is not documented: accept an array of objects with an id. */
function parseCampaignList(text: string, subject: string): { id: string; name?: string }[] {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed))
    throw protocolError(subject, "GET /outbounds did not answer with a JSON array");
  const campaigns: { id: string; name?: string }[] = [];
  for (const entry of parsed) {
    const record = (entry ?? {}) as { id?: unknown; name?: unknown };
    const id = normaliseId(record.id);
    if (id === undefined) throw protocolError(subject, "a campaign in the list has no id");
    campaigns.push(typeof record.name === "string" ? { id, name: record.name } : { id });
  }
  return campaigns;
}

/**
 * Ids are five-character zero-padded strings. Should a server send a number, pad it back:
 * `9098` can only have meant `09098`.
 */
function normaliseId(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0)
    return String(value).padStart(5, "0");
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function protocolError(subject: string, detail: string): ApiError {
  return new ApiError(`${subject}: unexpected response from Thulium: ${detail}.`, {
    messages: [],
    fatal: false,
    kind: "protocol",
    attempts: 1,
  });
}
