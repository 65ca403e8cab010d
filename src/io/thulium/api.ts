/**
 * The Thulium client's interface, apart from its implementation (client.ts), so that the
 * modules the client is built from (campaign-agents.ts) can name it without importing it.
 */
import type { LiveMembership } from "../../core/agents.js";
import type { CampaignFields } from "../../core/campaign.js";

/** A campaign's membership as Thulium showed it. */
export interface LiveAgents extends LiveMembership {
  /** The logins listed, sorted (code-unit order), each once. */
  logins: string[];
}

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
