/**
 * A campaign's agents: `GET outbounds/:id/agents` (documented as
 * `[{"login":"jkowalski","number":"3113","active":true,"active_in_outbound":true,"agent_id":12}, …]`;
 * membership is the logins listed), and the two calls that set membership,
 * `POST outbounds/:id/add_agents` and `…/remove_agents` with `{"logins": [...]}`.
 *
 * Read with the list reader's tolerance (live-reads.md): the array itself, or the first of
 * the wrapper keys below holding one; an item is an object with a `login` text, or a bare
 * login text. An item with no usable login is skipped and counted, never guessed at, so a
 * caller can tell "not a member" from "not seen". A wrapper whose `count`/`total` says there
 * are more than it holds is a partial list, refused: a login missing from it proves nothing.
 */
import { sortedLogins } from "../../core/agents.js";
import { isPlainObject } from "../../core/normalise.js";
import { ApiError } from "../../errors.js";
import type { CampaignApi, LiveAgents, RequestControl } from "./api.js";
import { findListPage } from "./list-body.js";
import type { RequestSpec, Send } from "./transport.js";

/** Wrapper keys that may hold the agents, in the order they are tried. */
export const AGENT_LIST_KEYS = ["data", "items", "results", "agents"] as const;

/**
 * Read a campaign's agents.
 * @throws ApiError from the request (404: no such campaign), or kind `protocol` when the
 *   answer holds no list, or only part of one.
 */
export async function readCampaignAgents(
  api: Pick<CampaignApi, "getText" | "redact">,
  id: string,
  control?: RequestControl,
): Promise<LiveAgents> {
  const subject = `Reading the agents of campaign ${id}`;
  const text = await api.getText(`/outbounds/${encodeURIComponent(id)}/agents`, subject, control);
  const page = findListPage(text, api.redact, AGENT_LIST_KEYS);
  if (!("items" in page))
    throw protocolError(
      id,
      `${subject}: the answer to GET outbounds/${id}/agents holds no list of agents this tool recognises: it is ${page.seen}. The agents are looked for in the answer itself when it is a JSON array, else under the first of the keys ${AGENT_LIST_KEYS.join(", ")} holding an array.`,
    );
  if (page.count !== undefined && page.count > page.items.length)
    throw protocolError(
      id,
      `${subject}: the answer says there are ${page.count} agents but lists ${page.items.length}; a partial list cannot tell who is not a member, so membership was not compared.`,
    );
  const logins: string[] = [];
  let skipped = 0;
  for (const item of page.items) {
    const login = loginOf(item);
    if (login === undefined) skipped += 1;
    // Thulium's text reaches reports and imported files: scrubbed of the credentials here,
    // as the list reader's values are (live-redact.ts).
    else logins.push(api.redact(login));
  }
  return { logins: sortedLogins(logins), skipped };
}

/** `{"login": "anowak", …}` or `"anowak"`; anything else has no usable login. */
function loginOf(item: unknown): string | undefined {
  const login = isPlainObject(item) ? item.login : item;
  return typeof login === "string" && login.trim() !== "" ? login : undefined;
}

/**
 * The request that makes `logins` members of campaign `id` (`add_agents`) or not
 * (`remove_agents`): logins sorted and each once, so the same change is always the same
 * body. Idempotent, so retried like a PUT: both calls set membership rather than count it,
 * and a repeat after a lost answer leaves membership as the first one did.
 */
export function membershipRequest(
  id: string,
  action: "add_agents" | "remove_agents",
  logins: readonly string[],
  control: RequestControl = {},
): RequestSpec {
  const body = sortedLogins(logins);
  if (body.length === 0)
    throw new Error(`${action} for campaign ${id} with no login: only real changes are sent`);
  return {
    method: "POST",
    path: `/outbounds/${encodeURIComponent(id)}/${action}`,
    json: { logins: body },
    campaignId: id,
    subject: `Campaign ${id} (${action})`,
    idempotent: true,
    ...(control.signal === undefined ? {} : { signal: control.signal }),
    ...(control.stopRetrying === undefined ? {} : { stopRetrying: control.stopRetrying }),
  };
}

/** The client's three agent calls, for createThuliumClient. */
export function agentCalls(
  send: Send,
  read: Pick<CampaignApi, "redact">,
): Pick<CampaignApi, "getCampaignAgents" | "addAgents" | "removeAgents"> {
  return {
    // Sent with the campaign's id, so a 404 reads "no such campaign", not "check THULIUM_URL".
    getCampaignAgents: (id, control) =>
      readCampaignAgents(
        {
          redact: read.redact,
          getText: async (path, subject) => {
            const spec: RequestSpec = {
              method: "GET",
              path,
              subject,
              campaignId: id,
              idempotent: true,
            };
            if (control?.signal !== undefined) spec.signal = control.signal;
            if (control?.stopRetrying !== undefined) spec.stopRetrying = control.stopRetrying;
            return (await send(spec)).text;
          },
        },
        id,
        control,
      ),
    async addAgents(id, logins, control) {
      await send(membershipRequest(id, "add_agents", logins, control));
    },
    async removeAgents(id, logins, control) {
      await send(membershipRequest(id, "remove_agents", logins, control));
    },
  };
}

function protocolError(id: string, message: string): ApiError {
  return new ApiError(message, {
    messages: [],
    fatal: false,
    kind: "protocol",
    attempts: 1,
    campaignId: id,
  });
}
