/**
 * The Thulium outbound campaigns API, as the reconciler uses it. All HTTP goes through the
 * transport (ky, retries, redaction); this module knows paths, bodies and response shapes.
 */
import { ApiError } from "../../errors.js";
import type { CampaignApi } from "./api.js";
import { agentCalls } from "./campaign-agents.js";
import { type ClientOptions, resolveClientOptions } from "./options.js";
import { createRedactor } from "./redact.js";
import { createTransport } from "./transport.js";

export type { CampaignApi, LiveAgents, RequestControl } from "./api.js";

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
